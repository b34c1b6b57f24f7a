import type { calendar_v3 } from 'googleapis';
import { wallToUtcMs } from '../../model/time.js';
import { ianaNameFor } from '../time-zone-names.js';

export interface EventTime {
  /** A UTC instant, or for an all-day date the wall-clock midnight encoded as if UTC (model/occurrence.ts). */
  ms: number;
  allDay: boolean;
  /** IANA zone of a timed value: its own `timeZone`, else `zoneIfUnset`; null for dates. */
  timeZone: string | null;
}


const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HAS_OFFSET = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;

/**
 * Reads an EventDateTime: `date` (all-day, "2025-01-06") or `dateTime` (RFC 3339). Google always sends
 * an offset; a `dateTime` without one is read as a wall time in its `timeZone` (else `zoneIfUnset`),
 * as the API documents for requests. Null when the value is missing or unreadable.
 */
export function readEventTime(t: calendar_v3.Schema$EventDateTime | null | undefined, zoneIfUnset: string): EventTime | null {
  if (!t) return null;
  if (t.date) {
    const m = DATE.exec(t.date);
    if (!m) return null;
    const ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
    return new Date(ms).getUTCDate() === +m[3] ? { ms, allDay: true, timeZone: null } : null;
  }
  if (!t.dateTime) return null;
  const zone = (t.timeZone && ianaNameFor(t.timeZone)) || zoneIfUnset;
  if (HAS_OFFSET.test(t.dateTime)) {
    const ms = Date.parse(t.dateTime);
    return Number.isNaN(ms) ? null : { ms, allDay: false, timeZone: zone };
  }
  const wall = Date.parse(`${t.dateTime}Z`);
  return Number.isNaN(wall) ? null : { ms: wallToUtcMs(wall, zone), allDay: false, timeZone: zone };
}

/** RFC 3339 `created` / `updated` as epoch ms, or null. */
export function readInstant(text: string | null | undefined): number | null {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
