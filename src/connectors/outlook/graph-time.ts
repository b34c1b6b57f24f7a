import { DAY_MS, utcToWallMs, wallToUtcMs } from '../../model/time.js';
import { ianaNameFor } from '../time-zone-names.js';
import type { GraphDateTimeTimeZone } from './graph-types.js';

// Graph writes seven fractional digits ("2025-01-06T09:00:00.0000000") and an offset only on timestamps.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/;

interface ParsedDateTime {
  wallMs: number;
  /** Offset written in the text, in ms; null when the text has none. */
  offsetMs: number | null;
}

function parseDateTime(text: string): ParsedDateTime {
  const m = DATE_TIME.exec(text.trim());
  if (!m) throw new RangeError(`"${text}" is not an ISO 8601 date-time`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  // Not Date.UTC(y, ...): it reads years 0-99 as 1900-1999 (Graph writes "0001-01-01" for "never").
  const date = new Date(Date.UTC(2000, +mo - 1, +d, +h, +mi, s ? +s : 0, ms));
  const wallMs = date.setUTCFullYear(+y);
  if (Number.isNaN(wallMs) || date.getUTCDate() !== +d) throw new RangeError(`"${text}" is not a valid date-time`);
  let offsetMs: number | null = null;
  if (zone === 'Z') offsetMs = 0;
  else if (zone) {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMs = sign * (+digits.slice(0, 2) * 60 + +digits.slice(2)) * 60_000;
  }
  return { wallMs, offsetMs };
}

/** A DateTimeOffset ("2019-10-17T11:22:53.2309063Z") as epoch ms; null when absent or unreadable. */
export function parseGraphTimestamp(text: string | null | undefined): number | null {
  if (!text) return null;
  try {
    const p = parseDateTime(text);
    return p.wallMs - (p.offsetMs ?? 0);
  } catch {
    return null;
  }
}

const isUtcName = (zone: string | undefined): boolean => !zone || /^(utc|etc\/utc|gmt|coordinated universal time)$/i.test(zone.trim());

/**
 * A dateTimeTimeZone as a UTC instant. We always send `Prefer: outlook.timezone="UTC"`, so the zone
 * is UTC; any other zone (Windows or IANA name) is still honoured in case a proxy drops the header.
 */
export function instantOf(value: GraphDateTimeTimeZone): number {
  const p = parseDateTime(value.dateTime);
  if (p.offsetMs !== null) return p.wallMs - p.offsetMs;
  if (isUtcName(value.timeZone)) return p.wallMs;
  const iana = ianaNameFor(value.timeZone!);
  if (!iana) throw new RangeError(`unknown time zone "${value.timeZone}"`);
  return wallToUtcMs(p.wallMs, iana);
}

/**
 * An all-day boundary as a wall date (midnight, encoded as if UTC). Graph returns all-day events as
 * midnight to midnight whatever the Prefer zone (microsoftgraph/microsoft-graph-docs#1802), so the
 * date is read as written; a value that is not midnight (an originalStart at the zone's midnight,
 * say "2025-01-19T23:00:00Z" for Berlin) is read as an instant in `zone`.
 */
export function wallDateOf(value: GraphDateTimeTimeZone, zone: string): number {
  const p = parseDateTime(value.dateTime);
  if ((p.offsetMs === null || p.offsetMs === 0) && p.wallMs % DAY_MS === 0) return p.wallMs;
  const wall = utcToWallMs(instantOf(value), zone);
  return Math.floor(wall / DAY_MS) * DAY_MS;
}

/** "08:30:00.0000000" -> 510. */
export function clockMinutes(text: string): number {
  const m = /^(\d{1,2}):(\d{2})/.exec(text.trim());
  if (!m || +m[1] > 24 || +m[2] > 59) throw new RangeError(`"${text}" is not a time of day`);
  return +m[1] * 60 + +m[2];
}
