/**
 * CSV of the API's reports: one table per CSV, with a header row, as render-csv.ts writes the audit:
 * RFC 4180 (CRLF line ends, fields quoted when they hold a comma, quote or newline, quotes doubled),
 * formula-looking text cells defused, numbers at four decimals at most and null as an empty cell.
 */
import type { Finding } from '../model/finding.js';
import { METRIC_NAMES, METRIC_UNITS } from './aggregate.js';
import type { FindingsReport } from './findings-report.js';
import type { PersonWeekReport } from './person-week.js';
import type { TeamWeekReport } from './team-week.js';
import type { TrendReport } from './trend.js';
import { numberCell, textCell } from './cells.js';

/** Every report the API serves, by `kind`. */
export type ReportDocument = TeamWeekReport | TrendReport | PersonWeekReport | FindingsReport;

type Cell = string | number | boolean | null;

function cell(value: Cell): string {
  if (typeof value === 'number') return numberCell(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return textCell(value);
}

function table(header: readonly string[], rows: Cell[][]): string {
  return [header.map(textCell).join(','), ...rows.map((row) => row.map(cell).join(','))].map((line) => `${line}\r\n`).join('');
}

export const TEAM_WEEK_CSV_COLUMNS = [
  'team',
  'week',
  'groupSize',
  'metric',
  'unit',
  'n',
  'mean',
  'median',
  'p90',
  'min',
  'max',
  'baselineMean',
  'baselineMedian',
  'deltaMean',
  'deltaMedian',
  'deltaPct',
] as const;

export const INVENTORY_CSV_COLUMNS = [
  'team',
  'week',
  'rank',
  'seriesId',
  'title',
  'organizer',
  'cadence',
  'perWeek',
  'durationMin',
  'participants',
  'weeklyAttendeeHours',
  'weeklyCost',
  'hasAgenda',
  'hasEnd',
  'members',
  'memberHours',
] as const;

/**
 * The weekly team report as CSV. `table` "metrics" (the default): one row per metric with the
 * group's mean, median, p90, min and max and the baseline and deltas (empty without a baseline).
 * "inventory": one row per recurring series listed in the report.
 */
export function renderTeamWeekCsv(report: TeamWeekReport, which: 'metrics' | 'inventory' = 'metrics'): string {
  if (which === 'inventory') {
    return table(
      INVENTORY_CSV_COLUMNS,
      report.inventory.series.map((s) => [
        report.team.name,
        report.week,
        s.rank,
        s.seriesId,
        s.title,
        s.organizer,
        s.cadence,
        s.perWeek,
        s.durationMin,
        s.participants,
        s.weeklyAttendeeHours,
        s.weeklyCost,
        s.hasAgenda,
        s.hasEnd,
        s.members,
        s.memberHours,
      ]),
    );
  }
  return table(
    TEAM_WEEK_CSV_COLUMNS,
    METRIC_NAMES.map((metric) => {
      const s = report.aggregates[metric];
      const d = report.deltas?.[metric] ?? null;
      return [
        report.team.name,
        report.week,
        report.groupSize,
        metric,
        METRIC_UNITS[metric],
        s.n,
        s.mean,
        s.median,
        s.p90,
        s.min,
        s.max,
        d?.baselineMean ?? null,
        d?.baselineMedian ?? null,
        d?.deltaMean ?? null,
        d?.deltaMedian ?? null,
        d?.deltaPct ?? null,
      ];
    }),
  );
}

export const TREND_CSV_COLUMNS = [
  'team',
  'week',
  'weekStart',
  'suppressed',
  'groupSize',
  'metric',
  'unit',
  'n',
  'mean',
  'median',
  'p90',
  'min',
  'max',
  'baselineMean',
  'deltaMean',
  'deltaMedian',
  'deltaPct',
] as const;

/**
 * The trend in long form: one row per week and metric (so a spreadsheet can pivot or chart it).
 * A suppressed week keeps its rows, with suppressed "true" and empty figures.
 */
export function renderTrendCsv(report: TrendReport): string {
  const rows: Cell[][] = [];
  for (const w of report.weeks) {
    for (const metric of METRIC_NAMES) {
      const s = w.aggregates?.[metric] ?? null;
      const d = w.deltas?.[metric] ?? null;
      rows.push([
        report.team.name,
        w.week,
        w.weekStart,
        w.suppressed,
        w.groupSize,
        metric,
        METRIC_UNITS[metric],
        s?.n ?? null,
        s?.mean ?? null,
        s?.median ?? null,
        s?.p90 ?? null,
        s?.min ?? null,
        s?.max ?? null,
        d?.baselineMean ?? null,
        d?.deltaMean ?? null,
        d?.deltaMedian ?? null,
        d?.deltaPct ?? null,
      ]);
    }
  }
  return table(TREND_CSV_COLUMNS, rows);
}

export const PERSON_WEEK_CSV_COLUMNS = ['email', 'week', 'metric', 'unit', 'value', 'baselineMean', 'delta', 'deltaPct'] as const;

/** One person's week: one row per metric. Only the header when there is no data for the week. */
export function renderPersonWeekCsv(report: PersonWeekReport): string {
  const { metrics } = report;
  if (!metrics) return table(PERSON_WEEK_CSV_COLUMNS, []);
  return table(
    PERSON_WEEK_CSV_COLUMNS,
    METRIC_NAMES.map((metric) => {
      const d = report.deltas?.[metric] ?? null;
      return [report.person.email, report.week, metric, METRIC_UNITS[metric], metrics[metric], d?.baseline ?? null, d?.delta ?? null, d?.deltaPct ?? null];
    }),
  );
}

export const FINDINGS_CSV_COLUMNS = [
  'rank',
  'ruleId',
  'severity',
  'hoursAtStake',
  'person',
  'week',
  'subjectType',
  'subjectId',
  'subject',
  'message',
] as const;

/** What a finding is about: [type, id (series id or occurrence uid), label (a title or a person)]. */
function subjectCells(f: Finding): [string, string | null, string] {
  const s = f.subject;
  switch (s.type) {
    case 'series':
      return ['series', s.seriesId, s.title];
    case 'occurrence':
      return ['occurrence', s.uid, s.title];
    case 'person-week':
      return ['person-week', null, s.person];
  }
}

function findingRows(findings: readonly Finding[]): Cell[][] {
  return findings.map((f, i) => [i + 1, f.ruleId, f.severity, f.hoursAtStake, f.person, f.week, ...subjectCells(f), f.message]);
}

/** A findings list (the findings report, or any report's findings), one row per finding in rank order. */
export function renderFindingsCsv(report: FindingsReport | readonly Finding[]): string {
  return table(FINDINGS_CSV_COLUMNS, findingRows('kind' in report ? report.findings : report));
}

/** Any report by its kind, in its default table. */
export function renderReportCsv(report: ReportDocument): string {
  switch (report.kind) {
    case 'team-week':
      return renderTeamWeekCsv(report);
    case 'trend':
      return renderTrendCsv(report);
    case 'person-week':
      return renderPersonWeekCsv(report);
    case 'findings':
      return renderFindingsCsv(report);
  }
}
