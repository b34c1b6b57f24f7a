/**
 * One person's own week (`GET /v1/people/{id}/report`): what an individual sees about themselves:
 * their metrics, the change against their own baseline means, their findings and the recurring
 * meetings they attend. No group figures, so no group-size floor. Pure: no clock, no I/O.
 */
import type { Finding } from '../model/finding.js';
import type { Person } from '../model/person.js';
import type { DataGap } from '../model/warning.js';
import type { PersonWeekMetrics, SeriesSummary } from '../metrics/types.js';
import { compareValue, METRIC_NAMES, weekDates, type MetricName, type PersonMetricDelta } from './aggregate.js';
import type { BaselinePerson } from './baseline.js';
import { summarizeFindings, type FindingsSummary } from './findings-report.js';
import { inventoryRow, rankSeries, type InventoryRow } from './team-week.js';

export interface PersonWeekInput {
  person: Person;
  /** ISO week "2024-W10". */
  week: string;
  /** The person's metrics of `week`; null when there is no data for it. */
  metrics: PersonWeekMetrics | null;
  /** The person's findings of `week` and their series-wide ones (week null); other weeks are dropped. */
  findings: Finding[];
  /** Series; only those on the person's calendar (`audited` includes them) are kept. */
  series: SeriesSummary[];
  /** The person's part of the team's or organisation's baseline (`baselineForPerson`), if any. */
  baselinePerson?: BaselinePerson | null;
  /** The definitions version that baseline was frozen with. */
  baselineDefinitionsVersion?: string | null;
  /** Earlier weeks to show as history; weeks from `week` on are dropped. */
  previousWeeks?: PersonWeekMetrics[];
  /** The definitions version the current figures were computed with. */
  definitionsVersion: string;
  /** The person's calendars that could not be read (sync failures). */
  gaps?: DataGap[];
}

/** A recurring series on the person's calendar. */
export interface PersonSeriesRow extends Omit<InventoryRow, 'members' | 'memberHours'> {
  /** Whether the person organizes it or attends it. */
  role: 'organizer' | 'attendee';
  /** perWeek x duration: the person's own weekly hours in it, 2 decimals. */
  hoursPerWeek: number;
}

export interface PersonWeekReport {
  kind: 'person-week';
  person: { email: string; name: string | null; timeZone: string; region: string; teams: string[] };
  week: string;
  weekStart: string;
  weekEnd: string;
  definitionsVersion: string;
  /** The person's calendars that could not be read: this week may be missing meetings. */
  gaps: DataGap[];
  /** The week's metrics; null when there is no data for the week (see `message`). */
  metrics: PersonWeekMetrics | null;
  /** Why `metrics` is null; null otherwise. */
  message: string | null;
  /** The person's own baseline means; null when they have none. */
  baseline: {
    /** The baseline weeks they had data for. */
    weeks: string[];
    /** True when the baseline was frozen under other definitions; null when that is not known. */
    definitionsChanged: boolean | null;
    means: Record<MetricName, number | null>;
  } | null;
  /** Per metric: this week's value against the person's baseline mean; null without metrics or baseline. */
  deltas: Record<MetricName, PersonMetricDelta> | null;
  /** Earlier weeks, oldest first. */
  history: PersonWeekMetrics[];
  /** All of the person's findings, ranked (`top` holds all of them). */
  findings: FindingsSummary;
  /** Series on the person's calendar, ranked by weekly attendee-hours. */
  series: PersonSeriesRow[];
}

export function buildPersonWeekReport(input: PersonWeekInput): PersonWeekReport {
  const { person, week } = input;
  const dates = weekDates(week);
  const metrics = input.metrics && input.metrics.week === week ? input.metrics : null;
  const base = input.baselinePerson ?? null;

  let deltas: Record<MetricName, PersonMetricDelta> | null = null;
  if (metrics && base) {
    deltas = {} as Record<MetricName, PersonMetricDelta>;
    for (const metric of METRIC_NAMES) deltas[metric] = compareValue(metric, metrics[metric], base.means[metric] ?? null);
  }
  const findings = input.findings.filter((f) => f.week === week || f.week === null);
  const self = new Set([person.email]);
  const series = rankSeries(input.series.filter((s) => s.audited.includes(person.email))).map((s, i): PersonSeriesRow => {
    const { members: _members, memberHours, ...row } = inventoryRow(s, i + 1, self);
    return { ...row, role: s.organizer === person.email ? 'organizer' : 'attendee', hoursPerWeek: memberHours };
  });

  return {
    kind: 'person-week',
    person: { email: person.email, name: person.name, timeZone: person.timeZone, region: person.region, teams: person.teams },
    week,
    weekStart: dates.weekStart,
    weekEnd: dates.weekEnd,
    definitionsVersion: input.definitionsVersion,
    gaps: (input.gaps ?? []).filter((g) => g.ownerEmail === person.email),
    metrics,
    message: metrics
      ? null
      : `No calendar data for ${person.email} in ${week} (${dates.weekStart} to ${dates.weekEnd}): ` +
        'no calendar of theirs was imported for that week.',
    baseline: base
      ? {
          weeks: base.weeks,
          definitionsChanged:
            input.baselineDefinitionsVersion == null ? null : input.baselineDefinitionsVersion !== input.definitionsVersion,
          means: base.means,
        }
      : null,
    deltas,
    history: [...(input.previousWeeks ?? [])].filter((w) => w.week < week).sort((a, b) => (a.week < b.week ? -1 : 1)),
    findings: summarizeFindings(findings, findings.length),
    series,
  };
}
