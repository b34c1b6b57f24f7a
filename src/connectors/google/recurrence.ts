import type { Cadence, Recurrence } from '../../model/occurrence.js';
import { DAY_MS, isoWeekday } from '../../model/time.js';

/**
 * Google's singleEvents instances do not carry their series' RRULE, and fetching each series master
 * would cost one request per series per person. So the rule is read back from the instances the sync
 * already has: the original start (originalStartTime) of every instance seen, cancelled ones included,
 * so moved and cancelled instances do not blur the cadence.
 *
 * Fewer than two instances say nothing: cadence 'irregular' with perWeek 0, which the series metrics
 * read as "unknown, count the instances in the window" (metrics/series.ts).
 */
export const UNKNOWN_RECURRENCE: Recurrence = { cadence: 'irregular', perWeek: 0, hasEnd: false, rule: '' };

const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

interface Shape {
  cadence: Cadence;
  perWeek: number;
  rule: string;
}

/**
 * @param walls the instances' original starts as wall-clock times in the series' zone (encoded as if UTC)
 * @param windowEndMs the end of the window that was read
 */
export function deriveRecurrence(walls: number[], windowEndMs: number): Recurrence {
  const days = [...new Set(walls.map((w) => Math.floor(w / DAY_MS)))].sort((a, b) => a - b);
  if (days.length < 2) return UNKNOWN_RECURRENCE;
  const gaps = days.slice(1).map((d, i) => d - days[i]);
  const shape = shapeOf(days, gaps);
  // hasEnd: the series visibly stops inside the window (no instance where the next one was due).
  // A series whose UNTIL lies beyond the window cannot be told from an endless one and reads as endless.
  const typicalGap = Math.max(...gaps, shape.perWeek > 0 ? 7 / shape.perWeek : 0);
  const hasEnd = days[days.length - 1] + 1.5 * typicalGap < Math.floor(windowEndMs / DAY_MS);
  return {
    cadence: shape.cadence,
    perWeek: Math.round(shape.perWeek * 1000) / 1000,
    hasEnd,
    rule: shape.rule ? `${shape.rule} (derived from ${days.length} instances)` : '',
  };
}

function shapeOf(days: number[], gaps: number[]): Shape {
  const step = Math.min(...gaps);
  const weekdays = [...new Set(days.map((d) => isoWeekday(d * DAY_MS)))].sort((a, b) => a - b);
  const byDay = weekdays.map((w) => WEEKDAY_CODES[w - 1]).join(',');
  if (step < 7 && weekdays.length < 7) {
    // Some weekdays only: a weekly rule on several days (a Mon-Fri stand-up). 'daily' as for .ics.
    return { cadence: 'daily', perWeek: weekdays.length, rule: `FREQ=WEEKLY;BYDAY=${byDay}` };
  }
  if (step < 7) {
    return { cadence: step === 1 ? 'daily' : 'irregular', perWeek: 7 / step, rule: step === 1 ? 'FREQ=DAILY' : `FREQ=DAILY;INTERVAL=${step}` };
  }
  if (gaps.every((g) => g >= 364 && g <= 366)) return { cadence: 'yearly', perWeek: 1 / 52, rule: 'FREQ=YEARLY' };
  // By month day (28-31 days apart) or by "second Tuesday" (28 or 35). Four weeks exactly, seen at least three times, is not monthly.
  const everyFourWeeks = gaps.length >= 3 && gaps.every((g) => g === 28);
  if (!everyFourWeeks && gaps.every((g) => g >= 28 && g <= 35)) return { cadence: 'monthly', perWeek: 12 / 52, rule: 'FREQ=MONTHLY' };
  if (step % 7 === 0 && gaps.every((g) => g % step === 0)) {
    const weeks = step / 7;
    const cadence: Cadence = weeks === 1 ? 'weekly' : weeks === 2 ? 'biweekly' : 'irregular';
    return { cadence, perWeek: 1 / weeks, rule: `FREQ=WEEKLY;${weeks > 1 ? `INTERVAL=${weeks};` : ''}BYDAY=${byDay}` };
  }
  const sorted = [...gaps].sort((a, b) => a - b);
  return { cadence: 'irregular', perWeek: 7 / sorted[sorted.length >> 1], rule: '' };
}
