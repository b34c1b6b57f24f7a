import { DAY_MS, isoWeekday } from '../../model/time.js';

const WEEKDAY: Record<string, number> = { MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 7 };
const ALLOWED = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'WKST']);

export interface SimpleRule {
  freq: 'DAILY' | 'WEEKLY';
  interval: number;
  count: number | null;
  /** UNTIL as written (the caller turns it into the series' wall clock). */
  until: string | null;
  /** ISO weekdays, or null for "the weekday of DTSTART" (WEEKLY) / "every day" (DAILY). */
  days: number[] | null;
  wkst: number;
}

/**
 * Most calendar series are plain daily or weekly rules (stand-ups, syncs, 1:1s). Those are
 * expanded here with day arithmetic instead of ical.js's general iterator, which allocates
 * several Time objects per step. Anything else (BYMONTHDAY, BYSETPOS, ordinal BYDAY, ...) returns
 * null and goes to ical.js.
 */
export function parseSimpleRule(rule: string): SimpleRule | null {
  let freq: string | null = null;
  let interval = 1;
  let count: number | null = null;
  let until: string | null = null;
  let days: number[] | null = null;
  let wkst = 1;
  for (const part of rule.split(';')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).toUpperCase();
    const value = part.slice(eq + 1).toUpperCase();
    if (!ALLOWED.has(key)) return null;
    if (key === 'FREQ') freq = value;
    else if (key === 'INTERVAL') {
      if (!/^\d+$/.test(value) || +value < 1) return null;
      interval = +value;
    } else if (key === 'COUNT') {
      if (!/^\d+$/.test(value)) return null;
      count = +value;
    } else if (key === 'UNTIL') until = value;
    else if (key === 'WKST') {
      if (!(value in WEEKDAY)) return null;
      wkst = WEEKDAY[value];
    } else {
      days = [];
      for (const d of value.split(',')) {
        if (!(d in WEEKDAY)) return null; // "1MO", "-1FR": ordinal days need ical.js
        days.push(WEEKDAY[d]);
      }
    }
  }
  if (freq !== 'DAILY' && freq !== 'WEEKLY') return null;
  return { freq, interval, count, until, days, wkst };
}

/**
 * Wall times of the rule's instances from DTSTART on, in order, up to `untilWall` (inclusive)
 * and COUNT. Returns null when DTSTART itself is not an instance of the rule: RFC 5545 leaves
 * that case undefined and ical.js's reading of it is kept.
 */
export function* simpleRuleInstances(rule: SimpleRule, startWall: number, untilWall: number | null): Generator<number> {
  const startDay = Math.floor(startWall / DAY_MS);
  const timeOfDay = startWall - startDay * DAY_MS;
  let emitted = 0;
  const emit = (day: number): number | null => {
    const wall = day * DAY_MS + timeOfDay;
    if (untilWall !== null && wall > untilWall) return null;
    return wall;
  };
  if (rule.freq === 'DAILY') {
    for (let day = startDay; ; day += rule.interval) {
      if (rule.days && !rule.days.includes(isoWeekday(day * DAY_MS))) continue;
      const wall = emit(day);
      if (wall === null) return;
      yield wall;
      if (rule.count !== null && ++emitted >= rule.count) return;
    }
  }
  const days = rule.days ?? [isoWeekday(startWall)];
  // Offsets of the rule's weekdays from the start of a week that begins on WKST, in order.
  const offsets = [...new Set(days.map((d) => (d - rule.wkst + 7) % 7))].sort((a, b) => a - b);
  const firstWeek = startDay - ((isoWeekday(startWall) - rule.wkst + 7) % 7);
  for (let week = firstWeek; ; week += 7 * rule.interval) {
    for (const off of offsets) {
      const day = week + off;
      if (day < startDay) continue;
      const wall = emit(day);
      if (wall === null) return;
      yield wall;
      if (rule.count !== null && ++emitted >= rule.count) return;
    }
  }
}

/** DTSTART is an instance of the rule (the condition for using the fast path). */
export function startMatches(rule: SimpleRule, startWall: number): boolean {
  return rule.days === null || rule.days.includes(isoWeekday(startWall));
}
