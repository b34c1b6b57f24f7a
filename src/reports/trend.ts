/**
 * The trend report (`GET /v1/reports/trend`): per ISO week, the same aggregates as the weekly
 * report with deltas against the baseline. A week whose group is under the privacy floor is kept
 * in the series as `suppressed` (no figures), so one thin week does not fail the whole trend.
 * Pure: no clock, no I/O.
 */
import type { Person, Team } from '../model/person.js';
import { DAY_MS, isoWeekOf } from '../model/time.js';
import type { DataGap } from '../model/warning.js';
import type { PersonWeekMetrics } from '../metrics/types.js';
import {
  aggregatePersonWeeks,
  checkMinGroupSize,
  compareWithBaseline,
  roundStats,
  ReportInputError,
  scopeOf,
  weekDates,
  weekStartWall,
  type MetricDelta,
  type MetricName,
  type ReportScope,
  type Stat,
} from './aggregate.js';
import { summarizeBaseline, type BaselineRef, type BaselineSummary } from './baseline.js';

/** The longest trend `isoWeeksBetween` builds: five years of weeks. */
export const MAX_TREND_WEEKS = 261;

export interface TrendInput {
  /** The team, or null for the whole organisation. */
  team: Team | null;
  members: Person[];
  /** The weeks to show ("2024-W10"); sorted and de-duplicated here. See `isoWeeksBetween`. */
  weeks: string[];
  /** The members' person-weeks of those weeks (others are ignored). */
  personWeeks: { person: string; metrics: PersonWeekMetrics }[];
  baseline: BaselineRef | null;
  minGroupSize: number;
  /** The definitions version the current figures were computed with. */
  definitionsVersion: string;
  /** The members' calendars that could not be read (sync failures), shown as missing coverage. */
  gaps?: DataGap[];
}

interface TrendWeekBase {
  week: string;
  weekStart: string;
  weekEnd: string;
  /** Members with data that week. */
  groupSize: number;
}

export interface ShownTrendWeek extends TrendWeekBase {
  suppressed: false;
  /** Per metric over the members' person-weeks: mean, median, p90 (nearest rank), min, max. */
  aggregates: Record<MetricName, Stat>;
  /** Null without a baseline (or when its figures are withheld). */
  deltas: Record<MetricName, MetricDelta> | null;
}

export interface SuppressedTrendWeek extends TrendWeekBase {
  suppressed: true;
  /** Why there are no figures: "group-too-small" (fewer than minGroupSize people with data; 0 = no data). */
  reason: 'group-too-small';
  message: string;
  aggregates: null;
  deltas: null;
}

export type TrendWeek = ShownTrendWeek | SuppressedTrendWeek;

export interface TrendReport {
  kind: 'trend';
  team: ReportScope;
  /** First and last week shown. */
  from: string;
  to: string;
  definitionsVersion: string;
  /** Members' calendars that could not be read: their weeks are missing from the figures. */
  gaps: DataGap[];
  minGroupSize: number;
  /** The baseline the deltas are against, team-level figures only. */
  baseline: BaselineSummary | null;
  /** Members in the group (with or without data). */
  members: number;
  /** Oldest week first. */
  weeks: TrendWeek[];
}

export function buildTrendReport(input: TrendInput): TrendReport {
  const { minGroupSize } = input;
  checkMinGroupSize(minGroupSize);
  const weeks = [...new Set(input.weeks)].sort();
  if (weeks.length === 0) throw new ReportInputError('invalid-range', 'a trend needs at least one week');
  const dates = weeks.map(weekDates);
  const members = new Set(input.members.map((p) => p.email));

  const byWeek = new Map<string, Map<string, PersonWeekMetrics>>(weeks.map((w) => [w, new Map()]));
  for (const { person, metrics } of input.personWeeks) {
    if (members.has(person)) byWeek.get(metrics.week)?.set(person, metrics);
  }
  const baseline = input.baseline ? summarizeBaseline(input.baseline, input.definitionsVersion, minGroupSize) : null;

  return {
    kind: 'trend',
    team: scopeOf(input.team),
    from: weeks[0],
    to: weeks[weeks.length - 1],
    definitionsVersion: input.definitionsVersion,
    minGroupSize,
    baseline,
    members: members.size,
    gaps: (input.gaps ?? []).filter((g) => g.ownerEmail === null || members.has(g.ownerEmail)),
    weeks: dates.map(({ week, weekStart, weekEnd }): TrendWeek => {
      const rows = [...byWeek.get(week)!.values()];
      const base = { week, weekStart, weekEnd, groupSize: rows.length };
      if (rows.length < minGroupSize) {
        return {
          ...base,
          suppressed: true,
          reason: 'group-too-small',
          message:
            rows.length === 0
              ? 'no member has data this week'
              : `only ${rows.length} ${rows.length === 1 ? 'person' : 'people'} with data; figures are shown for groups of at least ${minGroupSize}`,
          aggregates: null,
          deltas: null,
        };
      }
      const exact = aggregatePersonWeeks(rows, false);
      return {
        ...base,
        suppressed: false,
        aggregates: roundStats(exact),
        deltas: baseline?.metrics ? compareWithBaseline(exact, baseline.metrics) : null,
      };
    }),
  };
}

/**
 * Every ISO week from `from` to `to`, both included ("2024-W52" .. "2025-W02" crosses the year).
 * ReportInputError for a malformed week ("invalid-week"), `to` before `from` or a range longer than
 * `maxWeeks` ("invalid-range").
 */
export function isoWeeksBetween(from: string, to: string, maxWeeks = MAX_TREND_WEEKS): string[] {
  const start = weekStartWall(from);
  const end = weekStartWall(to);
  if (end < start) throw new ReportInputError('invalid-range', `the range ends (${to}) before it starts (${from})`);
  const count = Math.round((end - start) / (7 * DAY_MS)) + 1;
  if (count > maxWeeks) throw new ReportInputError('invalid-range', `${from} to ${to} is ${count} weeks; at most ${maxWeeks}`);
  return Array.from({ length: count }, (_, i) => isoWeekOf(start + i * 7 * DAY_MS));
}
