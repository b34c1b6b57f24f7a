/**
 * The Phase 1 baseline: the numbers frozen for a team or the organisation over chosen weeks, which
 * later weekly and trend reports compare with. Pure: no clock, no I/O.
 */
import { formatDate, utcToWallMs } from '../model/time.js';
import type { PersonWeekMetrics } from '../metrics/types.js';
import {
  assertGroupSize,
  METRIC_NAMES,
  metricDigits,
  metricValues,
  ReportInputError,
  roundMetric,
  summarize,
  weekDates,
  weekStartWall,
  type MetricName,
  type ReportScope,
  type Stat,
} from './aggregate.js';

/** The shape version of `BaselineNumbers`; bumped if the stored shape ever changes. */
export const BASELINE_NUMBERS_FORMAT = 1;

/** One person's baseline: the mean of their weekly values over the baseline weeks they have data for. */
export interface BaselinePerson {
  email: string;
  /** The baseline weeks this person has data for (the means are over these). */
  weeks: string[];
  /** Per metric, rounded like the metric; null when no week had a value (shortNoticeShare, attendeeCost). */
  means: Record<MetricName, number | null>;
}

/**
 * What a frozen baseline stores (the Store's `Baseline.numbers`). Team-level figures are over
 * people: each person counts once, by the mean of their baseline weeks, so someone with one week
 * of data weighs as much as someone with two.
 */
export interface BaselineNumbers {
  format: typeof BASELINE_NUMBERS_FORMAT;
  /** The baseline weeks, sorted. */
  weeks: string[];
  /** People in scope with at least one person-week in the baseline weeks. */
  people: number;
  /** Person-weeks the numbers are computed from. */
  personWeeks: number;
  /** Per metric: mean, median, p90 (nearest rank), min and max over the people's means; n = people with a value. */
  metrics: Record<MetricName, Stat>;
  /**
   * Per person, sorted by email. Individual data: only for that person's own report (and admins);
   * never show it to anyone else. `summarizeBaseline` leaves it out.
   */
  persons: BaselinePerson[];
}

export interface BaselineNumbersInput {
  /** The baseline weeks ("2024-W10"); at least one. */
  weeks: string[];
  /** Person-weeks; those of other weeks or of people not in `people` are ignored. */
  personWeeks: { person: string; metrics: PersonWeekMetrics }[];
  /** The people in scope (a team's members, or everyone for the organisation). */
  people: string[];
  /**
   * When given, refuse (GroupTooSmallError) to freeze numbers over fewer people than this: they
   * could never be shown. `scope` names the team in the error.
   */
  minGroupSize?: number;
  scope?: ReportScope;
}

/** Freezes baseline numbers: per person the mean over their baseline weeks, then team figures over people. */
export function buildBaselineNumbers(input: BaselineNumbersInput): BaselineNumbers {
  const weeks = [...new Set(input.weeks)].sort();
  if (weeks.length === 0) throw new ReportInputError('not-enough-weeks', 'a baseline needs at least one week');
  for (const week of weeks) weekStartWall(week);
  const weekSet = new Set(weeks);
  const inScope = new Set(input.people);

  const rowsByPerson = new Map<string, PersonWeekMetrics[]>();
  let personWeeks = 0;
  for (const { person, metrics } of input.personWeeks) {
    if (!inScope.has(person) || !weekSet.has(metrics.week)) continue;
    let rows = rowsByPerson.get(person);
    if (!rows) rowsByPerson.set(person, (rows = []));
    rows.push(metrics);
    personWeeks++;
  }
  if (rowsByPerson.size === 0) {
    throw new ReportInputError('no-baseline-data', `nobody in scope has data in the baseline weeks ${weeks.join(', ')}`);
  }
  if (input.minGroupSize !== undefined) {
    assertGroupSize(input.scope ?? { id: null, name: 'Organisation' }, rowsByPerson.size, input.minGroupSize);
  }

  const persons: BaselinePerson[] = [];
  const unrounded = new Map<MetricName, number[]>(METRIC_NAMES.map((m) => [m, []]));
  for (const [email, rows] of [...rowsByPerson].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const means = {} as Record<MetricName, number | null>;
    for (const metric of METRIC_NAMES) {
      const values = metricValues(rows, metric);
      if (values.length === 0) {
        means[metric] = null;
        continue;
      }
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      unrounded.get(metric)!.push(mean);
      means[metric] = roundMetric(metric, mean);
    }
    persons.push({ email, weeks: rows.map((r) => r.week).sort(), means });
  }
  const metrics = {} as Record<MetricName, Stat>;
  for (const metric of METRIC_NAMES) metrics[metric] = summarize(unrounded.get(metric)!, metricDigits(metric));
  return { format: BASELINE_NUMBERS_FORMAT, weeks, people: persons.length, personWeeks, metrics, persons };
}

/** One person's part of a baseline, or null when they had no data in its weeks. */
export function baselineForPerson(numbers: BaselineNumbers, email: string): BaselinePerson | null {
  return numbers.persons.find((p) => p.email === email) ?? null;
}

/**
 * Checks stored numbers (the Store keeps them as `unknown`) have this module's shape, and returns
 * them typed; anything else is a ReportInputError ("invalid-baseline").
 */
export function parseBaselineNumbers(value: unknown): BaselineNumbers {
  const fail = (why: string): never => {
    throw new ReportInputError('invalid-baseline', `stored baseline numbers are not usable: ${why}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const v = value as Partial<BaselineNumbers>;
  if (v.format !== BASELINE_NUMBERS_FORMAT) fail(`unknown format ${JSON.stringify(v.format)}`);
  if (!Array.isArray(v.weeks) || !v.weeks.every((w) => typeof w === 'string')) fail('weeks is not a list of weeks');
  if (typeof v.people !== 'number' || typeof v.personWeeks !== 'number') fail('people or personWeeks is not a number');
  if (typeof v.metrics !== 'object' || v.metrics === null) fail('metrics is missing');
  if (!Array.isArray(v.persons)) fail('persons is missing');
  const isStat = (s: unknown): boolean =>
    typeof s === 'object' && s !== null && typeof (s as Stat).n === 'number' && 'mean' in s && 'median' in s && 'p90' in s;
  // A metric added after the baseline was frozen has no baseline figures: it compares as missing.
  for (const metric of Object.keys(v.metrics!)) if (!isStat((v.metrics as Record<string, unknown>)[metric])) fail(`metrics.${metric} is not a statistic`);
  return v as BaselineNumbers;
}

// --- default baseline weeks

/**
 * A span of imported calendar data [fromMs, toMs), in the zone of the person it belongs to (UTC
 * when unknown): the Store's `listCoverage` rows with the person's zone added.
 */
export interface CoverageSpan {
  fromMs: number;
  toMs: number;
  timeZone?: string | null;
}

/** The span's first and last local dates ("2024-03-06", "2024-03-31"); null when it is empty. */
function spanDates(span: CoverageSpan): { first: string; last: string } | null {
  if (!(span.toMs > span.fromMs)) return null;
  const zone = span.timeZone || 'UTC';
  return { first: formatDate(utcToWallMs(span.fromMs, zone)), last: formatDate(utcToWallMs(span.toMs - 1, zone)) };
}

/** How a span meets an ISO week, by local dates in the span's zone: not at all, partly, or all seven days. */
export function spanCoverageOfWeek(span: CoverageSpan, week: string): 'none' | 'partial' | 'full' {
  const dates = spanDates(span);
  if (!dates) return 'none';
  const { weekStart, weekEnd } = weekDates(week);
  if (dates.last < weekStart || dates.first > weekEnd) return 'none';
  return dates.first <= weekStart && dates.last >= weekEnd ? 'full' : 'partial';
}

/**
 * Whether a week is fully covered by the data: every span that meets the week covers all seven of
 * its days (local dates in the span's person's zone), and at least one does. Dates rather than
 * instants, so a window cut at midnight UTC still covers a whole local week in Tokyo or Los Angeles.
 */
export function isFullWeek(week: string, coverage: readonly CoverageSpan[]): boolean {
  let full = false;
  for (const span of coverage) {
    const how = spanCoverageOfWeek(span, week);
    if (how === 'partial') return false;
    if (how === 'full') full = true;
  }
  return full;
}

/**
 * The default baseline weeks: the first `count` (2) FULL ISO weeks among the weeks with data. With
 * `coverage`, a week is full when no one's imported data starts or ends inside it (see `isFullWeek`):
 * a partly covered person-week looks like a light week and would bias the baseline. Without coverage
 * (or with an empty list) every week with data counts as full. Throws ReportInputError
 * ("not-enough-weeks") when fewer than `count` full weeks exist.
 */
export function defaultBaselineWeeks(weeksWithData: readonly string[], coverage?: readonly CoverageSpan[], count = 2): string[] {
  const weeks = [...new Set(weeksWithData)].sort();
  for (const week of weeks) weekStartWall(week);
  const check = coverage && coverage.length > 0 ? coverage : null;
  const full = check ? weeks.filter((w) => isFullWeek(w, check)) : weeks;
  if (full.length < count) {
    throw new ReportInputError(
      'not-enough-weeks',
      `a default baseline needs ${count} full weeks of data; found ${full.length}` +
        (full.length > 0 ? ` (${full.join(', ')})` : '') +
        ` among ${weeks.length} week${weeks.length === 1 ? '' : 's'} with data` +
        (check && weeks.length > full.length ? ' (a week is full when every imported calendar covers all seven days of it)' : ''),
    );
  }
  return full.slice(0, count);
}

/** The baseline as reports show it: team-level figures only, never the per-person means. */
export interface BaselineSummary {
  /** The stored baseline's id, when it has one. */
  id: number | null;
  weeks: string[];
  /** Date span of the weeks: the first Monday and the last Sunday. */
  from: string;
  to: string;
  definitionsVersion: string;
  /**
   * True when the baseline was frozen under other definitions than the report's: the deltas then
   * compare figures measured two ways.
   */
  definitionsChanged: boolean;
  people: number;
  personWeeks: number;
  /**
   * Per metric over people; null when the baseline is over fewer than the report's minGroupSize
   * people (it was frozen under a lower floor): then no deltas are given either.
   */
  metrics: Record<MetricName, Stat> | null;
}

/** A stored baseline as the report builders take it: its id, definitions version and numbers. */
export interface BaselineRef {
  id?: number | null;
  definitionsVersion: string;
  numbers: BaselineNumbers;
}

export function summarizeBaseline(baseline: BaselineRef, definitionsVersion: string, minGroupSize: number): BaselineSummary {
  const { numbers } = baseline;
  const weeks = [...numbers.weeks].sort();
  return {
    id: baseline.id ?? null,
    weeks,
    from: weeks.length > 0 ? weekDates(weeks[0]).weekStart : '',
    to: weeks.length > 0 ? weekDates(weeks[weeks.length - 1]).weekEnd : '',
    definitionsVersion: baseline.definitionsVersion,
    definitionsChanged: baseline.definitionsVersion !== definitionsVersion,
    people: numbers.people,
    personWeeks: numbers.personWeeks,
    metrics: numbers.people >= minGroupSize ? numbers.metrics : null,
  };
}
