/** Instant and wall-clock helpers over IANA zones, using only Intl. */
import { InputError } from './errors.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

const validZones = new Map<string, boolean>();

export function isValidTimeZone(timeZone: string): boolean {
  let ok = validZones.get(timeZone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      ok = true;
    } catch {
      ok = false;
    }
    validZones.set(timeZone, ok);
  }
  return ok;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function computeOffsetMs(epochMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(epochMs);
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  for (const p of parts) {
    switch (p.type) {
      case 'year': y = +p.value; break;
      case 'month': mo = +p.value; break;
      case 'day': d = +p.value; break;
      case 'hour': h = +p.value; break;
      case 'minute': mi = +p.value; break;
      case 'second': s = +p.value; break;
    }
  }
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/**
 * What is known of one zone's offsets: per UTC day, the day's offset, or NaN when the offset changes
 * during that day; and on those few days, per quarter hour (no zone changes more often).
 */
interface ZoneOffsets {
  days: Map<number, number>;
  quarters: Map<number, number>;
}

const zoneOffsets = new Map<string, ZoneOffsets>();
// Callers mostly ask about one zone many times in a row: remember the last one.
let lastZone: string | null = null;
let lastOffsets: ZoneOffsets | null = null;

function offsetsOf(timeZone: string): ZoneOffsets {
  if (timeZone === lastZone) return lastOffsets!;
  let offsets = zoneOffsets.get(timeZone);
  if (!offsets) zoneOffsets.set(timeZone, (offsets = { days: new Map(), quarters: new Map() }));
  lastZone = timeZone;
  lastOffsets = offsets;
  return offsets;
}

/**
 * The offset of `timeZone` from UTC, in ms, throughout the UTC day that contains `epochMs`; NaN
 * when the offset changes during that day. Cached per zone and day.
 */
export function dayOffsetMs(epochMs: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const day = Math.floor(epochMs / DAY_MS);
  const { days } = offsetsOf(timeZone);
  let off = days.get(day);
  if (off === undefined) {
    const atStart = computeOffsetMs(day * DAY_MS, timeZone);
    off = atStart === computeOffsetMs((day + 1) * DAY_MS - 1000, timeZone) ? atStart : NaN;
    if (days.size > 100_000) days.clear();
    days.set(day, off);
  }
  return off;
}

/**
 * Offset of `timeZone` from UTC at an instant, in ms (Berlin in winter: +3,600,000). Cached per
 * zone and day; on the few days a zone changes offset, per quarter hour.
 */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const off = dayOffsetMs(epochMs, timeZone);
  if (!Number.isNaN(off)) return off;
  const quarter = Math.floor(epochMs / (15 * MINUTE_MS));
  const { quarters } = offsetsOf(timeZone);
  let q = quarters.get(quarter);
  if (q === undefined) {
    q = computeOffsetMs(quarter * 15 * MINUTE_MS, timeZone);
    quarters.set(quarter, q);
  }
  return q;
}

/**
 * The instant at which the wall clock in `timeZone` shows `wallMs` (a wall time encoded as if UTC).
 * A wall time skipped by a DST gap moves forward by the gap; an ambiguous one (the repeated hour)
 * takes the first of the two instants, as RFC 5545 section 3.3.5 asks.
 */
export function wallToUtcMs(wallMs: number, timeZone: string): number {
  const before = zoneOffsetMs(wallMs - DAY_MS, timeZone);
  const after = zoneOffsetMs(wallMs + DAY_MS, timeZone);
  if (before === after) return wallMs - before;
  // A transition is near: try both offsets; prefer the earlier instant that round-trips.
  const candidates = [wallMs - Math.max(before, after), wallMs - Math.min(before, after)];
  for (const t of candidates) {
    if (t + zoneOffsetMs(t, timeZone) === wallMs) return t;
  }
  // In a gap: the wall time does not exist; use the offset from before the gap (moves forward).
  return wallMs - before;
}

/** The wall-clock time (encoded as if UTC) that `timeZone` shows at the instant `epochMs`. */
export function utcToWallMs(epochMs: number, timeZone: string): number {
  return epochMs + zoneOffsetMs(epochMs, timeZone);
}

/** ISO 8601 day of week of a wall time: 1 = Monday ... 7 = Sunday. */
/**
 * 1 = Monday ... 7 = Sunday, by arithmetic rather than a Date per call (a hot path in the metrics and
 * rules). Same result as `new Date(wallMs).getUTCDay()` for every input: Date truncates toward zero and
 * is NaN beyond ±8.64e15 ms; 1970-01-01 (day 0) was a Thursday.
 */
export function isoWeekday(wallMs: number): number {
  if (!(Math.abs(wallMs) <= 8.64e15)) return NaN;
  const d = (((Math.floor(Math.trunc(wallMs) / DAY_MS) + 4) % 7) + 7) % 7;
  return d === 0 ? 7 : d;
}

/** Midnight of the wall day containing `wallMs`. */
export function startOfWallDay(wallMs: number): number {
  return Math.floor(wallMs / DAY_MS) * DAY_MS;
}

/** "2024-W10" for the ISO week containing the wall time. */
export function isoWeekOf(wallMs: number): string {
  const day = startOfWallDay(wallMs);
  const thursday = day + (4 - isoWeekday(day)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday - jan1) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Wall-clock midnight of the Monday that starts ISO week "2024-W10". */
export function isoWeekStartWall(week: string): number {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new RangeError(`not an ISO week: ${week}`);
  const year = +m[1];
  const jan4 = Date.UTC(year, 0, 4);
  const mondayOfWeek1 = jan4 - (isoWeekday(jan4) - 1) * DAY_MS;
  return mondayOfWeek1 + (+m[2] - 1) * 7 * DAY_MS;
}

/** "2024-03-10T09:30:00Z" (seconds precision). */
export function formatUtc(epochMs: number): string {
  return `${formatWall(epochMs)}Z`;
}

/** A wall time as local ISO without offset: "2024-03-10T09:30:00". */
export function formatWall(wallMs: number): string {
  const day = Math.floor(wallMs / DAY_MS);
  const s = Math.floor((wallMs - day * DAY_MS) / 1000);
  return dayPrefix(day) + two(Math.floor(s / 3600)) + ':' + two(Math.floor(s / 60) % 60) + ':' + two(s % 60);
}

const dayPrefixes = new Map<number, string>();
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** "2024-03-10T" for a day counted from 1970-01-01, remembered: toISOString is slow. */
function dayPrefix(day: number): string {
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (dayPrefixes.size > 100_000) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  return prefix;
}

/** A wall date: "2024-03-10". */
export function formatDate(wallMs: number): string {
  // Whole milliseconds in Date's range fall in the day that flooring gives; others take Date's own rounding and errors.
  if (Number.isInteger(wallMs) && Math.abs(wallMs) <= 8.64e15) return dayPrefix(Math.floor(wallMs / DAY_MS)).slice(0, 10);
  return new Date(wallMs).toISOString().slice(0, 10);
}

/** "09:30" -> 570 minutes after midnight; "24:00" is allowed as the end of a day. */
export function parseClockMin(text: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m || +m[1] > 24 || +m[2] > 59 || (+m[1] === 24 && +m[2] !== 0)) {
    throw new RangeError(`not a clock time HH:MM: ${text}`);
  }
  return +m[1] * 60 + +m[2];
}

/** 570 -> "09:30": the inverse of parseClockMin (1440 is "24:00", the end of a day). */
export function formatClockMin(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

/** The Monday 00:00 starting the ISO week that `wallMs` falls in (wall-clock encoding). */
export function mondayOfWall(wallMs: number): number {
  return startOfWallDay(wallMs) - (isoWeekday(wallMs) - 1) * DAY_MS;
}

/** "2024-01-01", "2024-01-01T00:00:00Z" or with an offset; a date alone means midnight UTC. */
export function parseInstant(text: string, flag: string): number {
  const t = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
  const ms = m ? Date.parse(m[4] === undefined ? `${t}T00:00:00Z` : m[7] ? t : `${t}Z`) : NaN;
  if (!m || Number.isNaN(ms)) {
    throw new InputError(`${flag} "${text}" is not a date or an instant (use 2024-01-01 or 2024-01-01T00:00:00Z)`);
  }
  return ms;
}
