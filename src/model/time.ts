/** Instant and wall-clock helpers over IANA zones, using only Intl. */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
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
 * Offset of `timeZone` from UTC at an instant, in ms (Berlin in winter: +3,600,000).
 * Cached per zone and quarter hour: no zone changes offset more often than that.
 */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const bucket = Math.floor(epochMs / (15 * MINUTE_MS));
  const key = `${timeZone}|${bucket}`;
  let off = offsetCache.get(key);
  if (off === undefined) {
    // Offsets change on quarter-hour boundaries, so the bucket start tells the whole bucket.
    off = computeOffsetMs(bucket * 15 * MINUTE_MS, timeZone);
    if (offsetCache.size > 500_000) offsetCache.clear();
    offsetCache.set(key, off);
  }
  return off;
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
export function isoWeekday(wallMs: number): number {
  const d = new Date(wallMs).getUTCDay();
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
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A wall time as local ISO without offset: "2024-03-10T09:30:00". */
export function formatWall(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 19);
}

/** A wall date: "2024-03-10". */
export function formatDate(wallMs: number): string {
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
