/** Decoding of iCalendar property values (RFC 5545 section 3.3). */

/** A DATE or DATE-TIME as written: wall-clock fields encoded as if UTC, plus how to read them. */
export interface IcsTime {
  wallMs: number;
  isDate: boolean;
  /** 'Z' suffix: wallMs is already a UTC instant. */
  isUtc: boolean;
  /** The TZID parameter, when present (and not UTC). */
  tzid: string | null;
}

// Lenient where exporters are sloppy: "20131210Z" (a date with Z, Google birthdays) reads as a date.
const DATE_TIME = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?(Z)?$/;

/** Parses one DATE / DATE-TIME value; throws a RangeError with a readable message when invalid. */
export function parseIcsTime(value: string, tzid: string | null, valueType?: string): IcsTime {
  return parseCommonTime(value, tzid, valueType) ?? parseAnyTime(value, tzid, valueType);
}

/** Digits value[from, from + count) as a number, or -1 when one is not a digit. */
function digitsAt(value: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The three forms nearly every value takes (20240310, 20240310T093000, 20240310T093000Z) without
 * a regular expression; null for anything else (parseAnyTime reads it, with the same result).
 */
function parseCommonTime(value: string, tzid: string | null, valueType?: string): IcsTime | null {
  const n = value.length;
  if (n !== 8 && n !== 15 && n !== 16) return null;
  const y = digitsAt(value, 0, 4);
  const month = digitsAt(value, 4, 2);
  const day = digitsAt(value, 6, 2);
  if (y < 0 || month < 0 || day < 0) return null;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let z = false;
  if (n > 8) {
    if (value.charCodeAt(8) !== 0x54 /* T */) return null;
    hour = digitsAt(value, 9, 2);
    minute = digitsAt(value, 11, 2);
    second = digitsAt(value, 13, 2);
    if (hour < 0 || minute < 0 || second < 0) return null;
    if (n === 16) {
      if (value.charCodeAt(15) !== 0x5a /* Z */) return null;
      z = true;
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return null; // parseAnyTime words the error
  const isDate = n === 8 || valueType === 'DATE';
  if (isDate) hour = minute = second = 0;
  else second = Math.min(second, 59); // 60 = leap second
  if (hour > 24 || minute > 59) return null;
  const wallMs = Date.UTC(y, month - 1, day, hour, minute, second);
  // Days past the 28th may not exist in that month (Date.UTC would roll over).
  if (day > 28 && hour !== 24 && new Date(wallMs).getUTCDate() !== day) return null;
  const isUtc = !isDate && z;
  return { wallMs, isDate, isUtc, tzid: isUtc || isDate ? null : tzid };
}

function parseAnyTime(value: string, tzid: string | null, valueType?: string): IcsTime {
  const text = value.trim();
  const m = DATE_TIME.exec(text);
  if (!m) throw new RangeError(`"${text}" is not a DATE or DATE-TIME`);
  const [, y, mo, d, h, mi, s, z] = m;
  const month = +mo;
  const day = +d;
  if (month < 1 || month > 12 || day < 1 || day > 31) throw new RangeError(`"${text}" is not a valid date`);
  const isDate = h === undefined || valueType === 'DATE';
  const hour = isDate ? 0 : +h;
  const minute = isDate ? 0 : +mi;
  const second = isDate || s === undefined ? 0 : Math.min(+s, 59); // 60 = leap second
  if (hour > 24 || minute > 59) throw new RangeError(`"${text}" is not a valid time`);
  const wallMs = Date.UTC(+y, month - 1, day, hour, minute, second);
  if (new Date(wallMs).getUTCDate() !== day && hour !== 24) throw new RangeError(`"${text}" is not a valid date`);
  const isUtc = !isDate && z === 'Z';
  return { wallMs, isDate, isUtc, tzid: isUtc || isDate ? null : tzid };
}

/** Parses a comma-separated list of DATE / DATE-TIME values (EXDATE, RDATE). PERIODs give their start. */
export function parseIcsTimeList(
  value: string,
  tzid: string | null,
  valueType?: string,
): { time: IcsTime; endWallMs: number | null; durationMs: number | null }[] {
  const out: { time: IcsTime; endWallMs: number | null; durationMs: number | null }[] = [];
  for (const raw of value.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const slash = part.indexOf('/');
    if (slash < 0) {
      out.push({ time: parseIcsTime(part, tzid, valueType), endWallMs: null, durationMs: null });
      continue;
    }
    const time = parseIcsTime(part.slice(0, slash), tzid);
    const rest = part.slice(slash + 1);
    if (/^[+-]?P/.test(rest)) out.push({ time, endWallMs: null, durationMs: parseDurationMs(rest) });
    else out.push({ time, endWallMs: parseIcsTime(rest, tzid).wallMs, durationMs: null });
  }
  return out;
}

const DURATION = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** "PT1H30M" -> 5,400,000. Nominal days are taken as 24 h (RFC 5545 says wall days; see expand.ts). */
export function parseDurationMs(value: string): number {
  const m = DURATION.exec(value.trim());
  if (!m || value.trim() === 'P' || /T$/.test(value.trim())) throw new RangeError(`"${value}" is not a DURATION`);
  const [, sign, w, d, h, mi, s] = m;
  const ms = ((+(w ?? 0) * 7 + +(d ?? 0)) * 24 * 3600 + +(h ?? 0) * 3600 + +(mi ?? 0) * 60 + +(s ?? 0)) * 1000;
  return sign === '-' ? -ms : ms;
}

/** Days and the time part of a DURATION, to add days in wall time (so a day stays a day across DST). */
export function splitDuration(value: string): { days: number; timeMs: number } {
  const m = DURATION.exec(value.trim());
  if (!m) throw new RangeError(`"${value}" is not a DURATION`);
  const [, sign, w, d, h, mi, s] = m;
  const k = sign === '-' ? -1 : 1;
  return {
    days: k * (+(w ?? 0) * 7 + +(d ?? 0)),
    timeMs: k * (+(h ?? 0) * 3600 + +(mi ?? 0) * 60 + +(s ?? 0)) * 1000,
  };
}

/** Unescapes TEXT: \\n, \\N, \\, \\; \\\\ (RFC 5545 section 3.3.11). */
export function unescapeText(value: string): string {
  if (value.indexOf('\\') < 0) return value;
  return value.replace(/\\([nN,;\\:])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** "mailto:Alice@Example.com" -> "alice@example.com"; other URIs as they are, lower-cased. */
export function emailOf(calAddress: string): string {
  const v = calAddress.trim();
  return (/^mailto:/i.test(v) ? v.slice(7) : v).toLowerCase();
}
