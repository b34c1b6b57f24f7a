/**
 * Aggregation over person-weeks, shared by the baseline, weekly and trend reports: the metric names,
 * summary statistics, deltas against a baseline, the privacy floor (minimum group size) and the
 * errors the report builders raise. Pure: no clock, no I/O.
 */
import { AuditorError } from '../model/errors.js';
import type { Team } from '../model/person.js';
import { DAY_MS, formatDate, isoWeekStartWall } from '../model/time.js';
import type { PersonWeekMetrics } from '../metrics/types.js';

/**
 * Every numeric field of PersonWeekMetrics, in declared order: the metrics the reports aggregate.
 * The check below fails to compile when a field is missing here.
 */
export const METRIC_NAMES = [
  'workingHours',
  'outOfOfficeHours',
  'meetingCount',
  'meetingHours',
  'meetingShareOfWorkingTime',
  'recurringMeetingHours',
  'oneOffMeetingHours',
  'focusHours',
  'fragmentedHours',
  'refocusTaxHours',
  'backToBackChains',
  'conflictingHours',
  'afterHoursMeetingHours',
  'largeMeetingHours',
  'longMeetingHours',
  'meetingHeavyDays',
  'shortNoticeShare',
  'attendeeHours',
  'attendeeCost',
] as const satisfies readonly Exclude<keyof PersonWeekMetrics, 'week'>[];

export type MetricName = (typeof METRIC_NAMES)[number];

type UnlistedMetric = Exclude<keyof PersonWeekMetrics, MetricName | 'week'>;
// Compile-time guard: a metric added to PersonWeekMetrics but not to METRIC_NAMES is a type error here.
const everyMetricListed: [UnlistedMetric] extends [never] ? true : UnlistedMetric = true;
void everyMetricListed;

/** What a metric counts: hours, a share of 0..1, a count, or money (attendeeCost, in the definitions' currency). */
export type MetricUnit = 'hours' | 'share' | 'count' | 'money';

export const METRIC_UNITS: Record<MetricName, MetricUnit> = {
  workingHours: 'hours',
  outOfOfficeHours: 'hours',
  meetingCount: 'count',
  meetingHours: 'hours',
  meetingShareOfWorkingTime: 'share',
  recurringMeetingHours: 'hours',
  oneOffMeetingHours: 'hours',
  focusHours: 'hours',
  fragmentedHours: 'hours',
  refocusTaxHours: 'hours',
  backToBackChains: 'count',
  conflictingHours: 'hours',
  afterHoursMeetingHours: 'hours',
  largeMeetingHours: 'hours',
  longMeetingHours: 'hours',
  meetingHeavyDays: 'count',
  shortNoticeShare: 'share',
  attendeeHours: 'hours',
  attendeeCost: 'money',
};

/** Short human labels, for the Markdown and text renderings. */
export const METRIC_LABELS: Record<MetricName, string> = {
  workingHours: 'Working hours',
  outOfOfficeHours: 'Out-of-office hours',
  meetingCount: 'Meetings',
  meetingHours: 'Meeting hours',
  meetingShareOfWorkingTime: 'Share of working time in meetings',
  recurringMeetingHours: 'Recurring meeting hours',
  oneOffMeetingHours: 'One-off meeting hours',
  focusHours: 'Focus hours',
  fragmentedHours: 'Fragmented hours',
  refocusTaxHours: 'Refocus tax hours',
  backToBackChains: 'Back-to-back chains',
  conflictingHours: 'Conflicting hours',
  afterHoursMeetingHours: 'After-hours meeting hours',
  largeMeetingHours: 'Large-meeting hours',
  longMeetingHours: 'Long-meeting hours',
  meetingHeavyDays: 'Meeting-heavy days',
  shortNoticeShare: 'Short-notice share',
  attendeeHours: 'Attendee-hours',
  attendeeCost: 'Attendee cost',
};

/** Digits a metric's figures keep: shares 3 (0.125 = 12.5%), everything else 2 (hours, means of counts, money). */
export const metricDigits = (metric: MetricName): number => (METRIC_UNITS[metric] === 'share' ? 3 : 2);

export function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  const rounded = Math.round(value * f) / f;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** Rounds a metric's value (or a difference of two) like the audit report: shares to 3 decimals, the rest to 2. */
export const roundMetric = (metric: MetricName, value: number): number => roundTo(value, metricDigits(metric));

/**
 * Summary statistics of a list of values (people, in the reports). All null when the list is empty.
 * - `median`: the middle value of the sorted list; for an even count, the mean of the two middle ones.
 * - `p90`: the 90th percentile by the nearest-rank method: the value at rank ceil(0.9 x n) of the
 *   ascending list (1-based), so it is always one of the values: with fewer than 10 values it is the
 *   maximum, with 10 the 9th smallest, with 20 the 18th.
 */
export interface Stat {
  /** How many values the figures are over (people with a value for the metric). */
  n: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  min: number | null;
  max: number | null;
}

/** `Stat` of finite numbers, unrounded unless `digits` is given. See `Stat` for the median and p90 definitions. */
export function summarize(values: readonly number[], digits?: number): Stat {
  const n = values.length;
  if (n === 0) return { n: 0, mean: null, median: null, p90: null, min: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  let sum = 0;
  for (const v of sorted) sum += v;
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  // 9n/10 in integers: 0.9 * 70 is 63.00000000000001 in floating point.
  const p90 = sorted[Math.ceil((9 * n) / 10) - 1];
  const round = (v: number) => (digits === undefined ? v : roundTo(v, digits));
  return { n, mean: round(sum / n), median: round(median), p90: round(p90), min: round(sorted[0]), max: round(sorted[n - 1]) };
}

/** The values of one metric over the rows, nulls skipped (shortNoticeShare and attendeeCost may be null). */
export function metricValues(rows: readonly Pick<PersonWeekMetrics, MetricName>[], metric: MetricName): number[] {
  const values: number[] = [];
  for (const row of rows) {
    const v = row[metric];
    if (v !== null) values.push(v);
  }
  return values;
}

/**
 * Per metric, the `Stat` over the rows (one row per person), rounded like the metric unless
 * `round` is false (to compute deltas from exact figures before rounding them for display).
 */
export function aggregatePersonWeeks(rows: readonly Pick<PersonWeekMetrics, MetricName>[], round = true): Record<MetricName, Stat> {
  const out = {} as Record<MetricName, Stat>;
  for (const metric of METRIC_NAMES) out[metric] = summarize(metricValues(rows, metric), round ? metricDigits(metric) : undefined);
  return out;
}

/** Stats rounded like their metric. */
export function roundStats(stats: Record<MetricName, Stat>): Record<MetricName, Stat> {
  const out = {} as Record<MetricName, Stat>;
  for (const metric of METRIC_NAMES) {
    const s = stats[metric];
    const r = (v: number | null) => (v === null ? null : roundMetric(metric, v));
    out[metric] = { n: s.n, mean: r(s.mean), median: r(s.median), p90: r(s.p90), min: r(s.min), max: r(s.max) };
  }
  return out;
}

/** One metric of a group compared with the baseline's. */
export interface MetricDelta {
  baselineMean: number | null;
  baselineMedian: number | null;
  /**
   * mean - baselineMean, rounded like the metric. Computed from the exact current figure and the
   * stored (rounded) baseline, so it may differ by one in the last digit from the shown figures' difference.
   */
  deltaMean: number | null;
  /** median - baselineMedian, likewise. */
  deltaMedian: number | null;
  /**
   * deltaMean / baselineMean as a percentage (12.5 = +12.5%), 1 decimal; null when either mean is
   * missing or the baseline mean is 0. For shares this is the relative change, not percentage points
   * (deltaMean is the change in points: 0.025 = 2.5 points).
   */
  deltaPct: number | null;
}

/** Relative change in percent, 1 decimal; null when there is nothing to compare with. */
export function percentChange(value: number | null, base: number | null): number | null {
  if (value === null || base === null || base === 0) return null;
  return roundTo(((value - base) / Math.abs(base)) * 100, 1);
}

const difference = (metric: MetricName, value: number | null, base: number | null): number | null =>
  value === null || base === null ? null : roundMetric(metric, value - base);

/** Per metric, the current group's figures (preferably unrounded) against the baseline's. */
export function compareWithBaseline(
  current: Record<MetricName, Stat>,
  baseline: Record<MetricName, Stat>,
): Record<MetricName, MetricDelta> {
  const out = {} as Record<MetricName, MetricDelta>;
  for (const metric of METRIC_NAMES) {
    const now = current[metric];
    const base = baseline[metric] ?? summarize([]);
    out[metric] = {
      baselineMean: base.mean,
      baselineMedian: base.median,
      deltaMean: difference(metric, now.mean, base.mean),
      deltaMedian: difference(metric, now.median, base.median),
      deltaPct: percentChange(now.mean, base.mean),
    };
  }
  return out;
}

/** One person's value against their own baseline mean. */
export interface PersonMetricDelta {
  value: number | null;
  baseline: number | null;
  /** value - baseline, rounded like the metric. */
  delta: number | null;
  /** delta / baseline in percent, 1 decimal; null when the baseline is 0 or missing. */
  deltaPct: number | null;
}

export function compareValue(metric: MetricName, value: number | null, baseline: number | null): PersonMetricDelta {
  return { value, baseline, delta: difference(metric, value, baseline), deltaPct: percentChange(value, baseline) };
}

// --- scope and weeks

/** Who a report is about: a team, or the whole organisation (`id` null, name "Organisation"). */
export interface ReportScope {
  id: string | null;
  name: string;
}

export const ORGANISATION: ReportScope = { id: null, name: 'Organisation' };

export const scopeOf = (team: Pick<Team, 'id' | 'name'> | null): ReportScope =>
  team === null ? { ...ORGANISATION } : { id: team.id, name: team.name };

/** An ISO week's local dates: Monday and Sunday, both inclusive ("2024-03-04", "2024-03-10"). */
export interface WeekDates {
  week: string;
  weekStart: string;
  weekEnd: string;
}

/** The dates of ISO week "2024-W10"; a malformed week is a ReportInputError ("invalid-week"). */
export function weekDates(week: string): WeekDates {
  const start = weekStartWall(week);
  return { week, weekStart: formatDate(start), weekEnd: formatDate(start + 6 * DAY_MS) };
}

/** Wall-clock midnight of the week's Monday; checks the week exists ("2024-W53" does not). */
export function weekStartWall(week: string): number {
  let start: number;
  try {
    start = isoWeekStartWall(week);
  } catch {
    throw new ReportInputError('invalid-week', `not an ISO week: "${week}" (expected e.g. 2024-W10)`);
  }
  const weekNumber = +week.slice(6);
  // Week 53 exists only in long years: its Thursday must still be in the same year.
  if (weekNumber < 1 || new Date(start + 3 * DAY_MS).getUTCFullYear() !== +week.slice(0, 4)) {
    throw new ReportInputError('invalid-week', `not an ISO week: "${week}" (${week.slice(0, 4)} has no week ${weekNumber})`);
  }
  return start;
}

// --- errors

export type ReportInputErrorCode =
  | 'invalid-week'
  | 'invalid-range'
  | 'invalid-min-group-size'
  | 'not-enough-weeks'
  | 'no-baseline-data'
  | 'invalid-baseline';

/** Input a report cannot be built from: a malformed week or range, too few weeks for a baseline, ... */
export class ReportInputError extends AuditorError {
  declare readonly code: ReportInputErrorCode;
  constructor(code: ReportInputErrorCode, message: string) {
    super(code, message);
    this.name = 'ReportInputError';
  }
}

/**
 * Aggregates of fewer than `minGroupSize` people are never built: they would tell too much about
 * individuals. The API answers it as "group too small" with these numbers.
 */
export class GroupTooSmallError extends AuditorError {
  declare readonly code: 'group-too-small';
  constructor(
    readonly team: ReportScope,
    readonly groupSize: number,
    readonly minGroupSize: number,
    readonly week: string | null = null,
  ) {
    super(
      'group-too-small',
      `${team.id === null ? team.name : `Team ${team.name}`}: ${groupSize === 0 ? 'nobody' : `only ${groupSize} ${groupSize === 1 ? 'person' : 'people'}`} ` +
        `with data${week ? ` in ${week}` : ''}; aggregates are shown for groups of at least ${minGroupSize}`,
    );
    this.name = 'GroupTooSmallError';
  }
}

/** Checks the configured floor: a positive integer. */
export function checkMinGroupSize(minGroupSize: number): void {
  if (!Number.isInteger(minGroupSize) || minGroupSize < 1) {
    throw new ReportInputError('invalid-min-group-size', `minGroupSize must be a positive integer, not ${minGroupSize}`);
  }
}

/** Throws GroupTooSmallError when `groupSize` is under the floor. */
export function assertGroupSize(team: ReportScope, groupSize: number, minGroupSize: number, week: string | null = null): void {
  checkMinGroupSize(minGroupSize);
  if (groupSize < minGroupSize) throw new GroupTooSmallError(team, groupSize, minGroupSize, week);
}
