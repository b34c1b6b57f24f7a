import type { Cadence, Recurrence } from '../../model/occurrence.js';
import { DAY_MS } from '../../model/time.js';
import type { GraphRecurrencePattern, GraphRecurrenceRange } from './graph-types.js';

const DAY_CODES: Record<string, string> = {
  monday: 'MO',
  tuesday: 'TU',
  wednesday: 'WE',
  thursday: 'TH',
  friday: 'FR',
  saturday: 'SA',
  sunday: 'SU',
};

const INDEX: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * The series master's patternedRecurrence as our Recurrence, with the same cadence and per-week
 * figures the .ics connector gives the equivalent RRULE (connectors/ics/expand.ts recurrenceOf), and
 * that RRULE as the evidence text. https://learn.microsoft.com/graph/api/resources/recurrencepattern
 */
export function recurrenceOfPattern(pattern: GraphRecurrencePattern, range: GraphRecurrenceRange | undefined): Recurrence {
  const interval = Math.max(1, pattern.interval ?? 1);
  const days = (pattern.daysOfWeek ?? []).map((d) => DAY_CODES[d.toLowerCase()]).filter(Boolean);
  const index = pattern.index ? INDEX[pattern.index] : undefined;
  const parts: string[] = [];
  let cadence: Cadence;
  let perWeek: number;
  switch (pattern.type) {
    case 'daily':
      parts.push('FREQ=DAILY');
      perWeek = 7 / interval;
      cadence = interval === 1 ? 'daily' : 'irregular';
      break;
    case 'weekly': {
      parts.push('FREQ=WEEKLY');
      const n = days.length || 1;
      perWeek = n / interval;
      cadence = n > 1 && interval === 1 ? 'daily' : interval === 1 ? 'weekly' : interval === 2 ? 'biweekly' : 'irregular';
      break;
    }
    case 'absoluteMonthly':
    case 'relativeMonthly':
      parts.push('FREQ=MONTHLY');
      if (pattern.type === 'absoluteMonthly' && pattern.dayOfMonth) parts.push(`BYMONTHDAY=${pattern.dayOfMonth}`);
      perWeek = 12 / 52 / interval;
      cadence = interval === 1 ? 'monthly' : 'irregular';
      break;
    case 'absoluteYearly':
    case 'relativeYearly':
      parts.push('FREQ=YEARLY');
      if (pattern.month) parts.push(`BYMONTH=${pattern.month}`);
      if (pattern.type === 'absoluteYearly' && pattern.dayOfMonth) parts.push(`BYMONTHDAY=${pattern.dayOfMonth}`);
      perWeek = 1 / 52 / interval;
      cadence = interval === 1 ? 'yearly' : 'irregular';
      break;
    default:
      return { cadence: 'irregular', perWeek: 0, hasEnd: range?.type !== 'noEnd', rule: `graph:${pattern.type ?? 'unknown'}` };
  }
  if (interval > 1) parts.push(`INTERVAL=${interval}`);
  if (days.length && pattern.type !== 'daily') {
    const prefix = pattern.type?.startsWith('relative') && index !== undefined ? String(index) : '';
    parts.push(`BYDAY=${days.map((d) => prefix + d).join(',')}`);
  }
  if (range?.type === 'numbered' && range.numberOfOccurrences) parts.push(`COUNT=${range.numberOfOccurrences}`);
  if (range?.type === 'endDate' && range.endDate) parts.push(`UNTIL=${range.endDate.replace(/-/g, '')}`);
  return { cadence, perWeek: round3(perWeek), hasEnd: range?.type === 'numbered' || range?.type === 'endDate', rule: parts.join(';') };
}

/**
 * A fallback when the series master cannot be read: the cadence implied by the spacing of the
 * instances seen in the window (the median gap between distinct days). `rule` says it was inferred.
 */
export function recurrenceFromSpacing(startsMs: number[]): Recurrence {
  const days = [...new Set(startsMs.map((s) => Math.floor(s / DAY_MS)))].sort((a, b) => a - b);
  const gaps = days.slice(1).map((d, i) => d - days[i]);
  if (gaps.length === 0) return { cadence: 'irregular', perWeek: 0, hasEnd: false, rule: 'inferred:single' };
  const sorted = [...gaps].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const spanWeeks = Math.max(1, (days[days.length - 1] - days[0] + 1) / 7);
  let cadence: Cadence = 'irregular';
  if (median <= 1) cadence = 'daily';
  else if (median === 7) cadence = 'weekly';
  else if (median === 14) cadence = 'biweekly';
  else if (median >= 28 && median <= 31) cadence = 'monthly';
  else if (median >= 364 && median <= 366) cadence = 'yearly';
  const fixed: Partial<Record<Cadence, number>> = { weekly: 1, biweekly: 0.5, monthly: 12 / 52, yearly: 1 / 52 };
  const perWeek = fixed[cadence] ?? days.length / spanWeeks;
  return { cadence, perWeek: round3(perWeek), hasEnd: false, rule: `inferred:every-${median}-days` };
}
