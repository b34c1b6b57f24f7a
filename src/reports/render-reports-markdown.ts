/**
 * Markdown of the API's reports, ready to paste into Slack, an email or an issue: a title, a small
 * table of the key metrics with their change against the baseline, then lists and short tables.
 *
 * Calendar text (titles, names, messages quoting titles) is untrusted: it is flattened to one line
 * and every Markdown-significant character is backslash-escaped, so a title cannot end a table
 * cell, open a link or make the rest of the message bold.
 */
import type { Finding } from '../model/finding.js';
import type { DataGap } from '../model/warning.js';
import type { PersonWeekMetrics } from '../metrics/types.js';
import { METRIC_LABELS, METRIC_UNITS, type MetricName, type Stat } from './aggregate.js';
import type { BaselineSummary } from './baseline.js';
import type { FindingsReport, RuleCount } from './findings-report.js';
import type { PersonWeekReport } from './person-week.js';
import type { ReportDocument } from './render-reports-csv.js';
import type { InventoryRow, TeamWeekReport } from './team-week.js';
import type { TrendReport } from './trend.js';
import { count, duration, fixed1, oneLine } from './cells.js';

/** The metrics the team and trend tables show, in order. */
export const KEY_METRICS: readonly MetricName[] = [
  'meetingHours',
  'meetingShareOfWorkingTime',
  'meetingCount',
  'focusHours',
  'fragmentedHours',
  'afterHoursMeetingHours',
  'backToBackChains',
  'conflictingHours',
];

/** The metrics a person's own table shows. */
export const PERSON_KEY_METRICS: readonly MetricName[] = [...KEY_METRICS, 'refocusTaxHours', 'meetingHeavyDays', 'attendeeHours'];

const TOP_FINDINGS = 10;
const TOP_SERIES = 10;
const TOP_PEOPLE = 10;
const HISTORY_WEEKS = 8;

// --- text

/**
 * Untrusted text as inert Markdown: one line, with \ ` * [ ] < > | ~ escaped, and _ where it could
 * open or close emphasis (not inside a word, so "America/New_York" and "first_last@x.com" stay readable
 * in Slack, which shows backslashes as they are).
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text).replace(/[\\`*[\]<>|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, (c) => `\\${c}`);
}

const md = escapeMarkdown;

function table(header: string[], align: ('left' | 'right')[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${align.map((a) => (a === 'right' ? '---:' : '---')).join('|')}|`,
    // Cells are escaped by whoever builds them: they may hold deliberate emphasis.
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

// --- numbers

/** A metric's value: shares as percentages, the rest at one decimal. */
function value(metric: MetricName, v: number | null): string {
  if (v === null) return '-';
  return METRIC_UNITS[metric] === 'share' ? `${fixed1(v * 100)}%` : fixed1(v);
}

/** "▲ 1.5 (+12.5%)", "▼ 2.0 pp", "no change"; shares change in percentage points. */
function change(metric: MetricName, delta: number | null, pct: number | null = null): string {
  if (delta === null) return '-';
  const share = METRIC_UNITS[metric] === 'share';
  const size = share ? fixed1(Math.abs(delta) * 100) : fixed1(Math.abs(delta));
  if (size === '0.0') return 'no change';
  const pctText = pct === null || share ? '' : ` (${pct > 0 ? '+' : ''}${fixed1(pct)}%)`;
  return `${delta > 0 ? '▲' : '▼'} ${size}${share ? ' pp' : ''}${pctText}`;
}

function person(ref: { email: string; name: string | null }): string {
  return ref.name ? `${md(ref.name)} (${md(ref.email)})` : md(ref.email);
}

// --- shared sections

function baselineLine(baseline: BaselineSummary | null): string {
  if (!baseline) return 'No baseline yet: changes are shown once one is frozen.';
  const weeks = baseline.weeks.join(', ');
  let line = `Baseline: ${weeks} (${baseline.from} to ${baseline.to}), ${baseline.people} people.`;
  if (!baseline.metrics) line += ' Its figures are withheld: it covers fewer people than the minimum group size.';
  if (baseline.definitionsChanged) {
    line += ` It was frozen under definitions ${md(baseline.definitionsVersion)}: changes compare two versions of the definitions.`;
  }
  return line;
}

function findingLine(f: Finding, i: number): string {
  return `${i + 1}. **${md(f.severity)}** \`${oneLine(f.ruleId).replace(/`/g, '')}\` (${fixed1(f.hoursAtStake)} h/week at stake): ${md(f.message)}`;
}

function byRuleLine(byRule: RuleCount[]): string {
  return `By rule: ${byRule.map((r) => `${md(r.ruleId)} ${r.count}`).join(', ')}.`;
}

function findingsSection(total: number, byRule: RuleCount[], shown: Finding[], limit = TOP_FINDINGS): string[] {
  if (total === 0) return ['No findings.'];
  const listed = shown.slice(0, limit);
  const lines = listed.map(findingLine);
  if (total > listed.length) lines.push('', `_${total - listed.length} more not shown._`);
  lines.push('', byRuleLine(byRule));
  return lines;
}

function seriesTitle(title: string): string {
  return md(title) || '(no title)';
}

// --- team week

function keyMetricsTable(report: TeamWeekReport): string[] {
  const rows = KEY_METRICS.map((metric) => {
    const s: Stat = report.aggregates[metric];
    const d = report.deltas?.[metric] ?? null;
    return [
      md(METRIC_LABELS[metric]),
      value(metric, s.mean),
      value(metric, s.median),
      value(metric, s.p90),
      value(metric, d?.baselineMean ?? null),
      change(metric, d?.deltaMean ?? null, d?.deltaPct ?? null),
    ];
  });
  return table(['Metric', 'Mean', 'Median', 'p90', 'Baseline mean', 'Change'], ['left', 'right', 'right', 'right', 'right', 'right'], rows);
}

function inventorySection(report: TeamWeekReport): string[] {
  const { inventory } = report;
  if (inventory.total === 0) return ['No recurring meetings.'];
  const shown = inventory.series.slice(0, TOP_SERIES);
  const withCost = shown.some((s) => s.weeklyCost !== null);
  const header = ['#', 'Meeting', 'Cadence', 'Duration', 'Participants', 'Members', 'Attendee-h/week'];
  const align: ('left' | 'right')[] = ['right', 'left', 'left', 'right', 'right', 'right', 'right'];
  if (withCost) {
    header.push('Cost/week');
    align.push('right');
  }
  header.push('Agenda');
  align.push('left');
  const rows = shown.map((s: InventoryRow) => [
    String(s.rank),
    seriesTitle(s.title),
    s.cadence,
    duration(s.durationMin),
    count(s.participants),
    String(s.members),
    fixed1(s.weeklyAttendeeHours),
    ...(withCost ? [s.weeklyCost === null ? '-' : fixed1(s.weeklyCost)] : []),
    s.hasAgenda ? 'yes' : 'no',
  ]);
  const lines = ['Recurring meetings the team attends, ranked by weekly attendee-hours.', '', ...table(header, align, rows)];
  if (inventory.total > shown.length) lines.push('', `_${inventory.total - shown.length} more series not shown._`);
  return lines;
}

function timezoneSection(report: TeamWeekReport): string[] {
  const { byPerson, byRegion } = report.timezoneTax;
  const lines = table(
    ['Region', 'People', 'After-hours h (mean)', 'Outside humane h/week (mean)'],
    ['left', 'right', 'right', 'right'],
    byRegion.map((r) => [md(r.region), String(r.people), fixed1(r.afterHoursMeetingHours.mean), fixed1(r.outsideHumaneHours.mean)]),
  );
  const paying = byPerson.filter((p) => p.outsideHumaneHours > 0 || p.afterHoursMeetingHours > 0);
  lines.push('');
  if (paying.length === 0) {
    lines.push('Nobody met outside their working or humane hours.');
    return lines;
  }
  const shown = paying.slice(0, TOP_PEOPLE);
  lines.push(
    ...table(
      ['Person', 'Region', 'Zone', 'After-hours h', 'Outside humane h/week'],
      ['left', 'left', 'left', 'right', 'right'],
      shown.map((p) => [person(p), md(p.region), md(p.timeZone), fixed1(p.afterHoursMeetingHours), fixed1(p.outsideHumaneHours)]),
    ),
  );
  if (paying.length > shown.length) lines.push('', `_${paying.length - shown.length} more people not shown._`);
  return lines;
}

function noMeetingDaySection(report: TeamWeekReport): string[] {
  const nmd = report.noMeetingDay;
  if (!nmd) return [report.team.id === null ? 'The organisation has no single no-meeting day.' : 'The team has no no-meeting day.'];
  const lines = [
    `${nmd.weekday}: ${nmd.kept.length} of ${nmd.members} people kept it free of meetings (${fixed1(nmd.adherenceShare * 100)}%).`,
  ];
  if (nmd.breached.length > 0) {
    lines.push('', 'Met anyway:');
    for (const b of nmd.breached) {
      lines.push(`- ${person(b)}: ${b.meetings} meeting${b.meetings === 1 ? '' : 's'}, ${fixed1(b.hours)} h`);
    }
  }
  return lines;
}

function coverageSection(report: TeamWeekReport): string[] {
  const c = report.coverage;
  const lines = [
    `- Members: ${c.members}, with data this week: ${c.withData}`,
    `- Without data: ${c.withoutData.length === 0 ? 'none' : c.withoutData.map(person).join(', ')}`,
  ];
  if (c.partialWeek.length > 0) lines.push(`- Data covers only part of the week: ${c.partialWeek.map(person).join(', ')}`);
  lines.push(
    `- Calendars: ${c.calendars}; last import: ${c.lastImport ?? 'never'}` +
      (c.oldestImport && c.oldestImport !== c.lastImport ? ` (oldest: ${c.oldestImport})` : ''),
    `- Data gaps: ${c.gaps.length}`,
    ...c.gaps.map((gap) => `  - ${md(gap.calendarId)}${gap.ownerEmail ? ` (${md(gap.ownerEmail)})` : ''}: ${md(gap.reason)}`),
  );
  return lines;
}

/** Calendars that could not be read, with why: their meetings are missing from the figures. */
function gapLines(gaps: readonly DataGap[]): string[] {
  return [`Data gaps (calendars that could not be read; their meetings are missing):`, ...gaps.map((g) => `- ${md(g.ownerEmail ?? g.calendarId)}: ${md(g.reason)}`)];
}

export function renderTeamWeekMarkdown(report: TeamWeekReport): string {
  const sections = [
    [
      `# Meeting diet: ${md(report.team.name)}, week ${report.week} (${report.weekStart} to ${report.weekEnd})`,
      '',
      `${report.groupSize} of ${report.coverage.members} people with data. Figures are per person for the week: mean, ` +
        `median and 90th percentile across the group. Definitions version ${md(report.definitionsVersion)}.`,
      '',
      baselineLine(report.baseline),
    ],
    ['## Key metrics', '', ...keyMetricsTable(report)],
    ['## Top findings', '', ...findingsSection(report.findings.total, report.findings.byRule, report.findings.top)],
    ['## Meeting-diet candidates', '', ...inventorySection(report)],
    ['## Timezone tax', '', ...timezoneSection(report)],
    ['## No-meeting day', '', ...noMeetingDaySection(report)],
    ['## Coverage', '', ...coverageSection(report)],
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

// --- trend

/** The trend table's metrics (fewer than the weekly one, to stay readable). */
const TREND_METRICS: readonly MetricName[] = [
  'meetingCount',
  'meetingHours',
  'meetingShareOfWorkingTime',
  'focusHours',
  'afterHoursMeetingHours',
  'backToBackChains',
];

/** "14.1 (▲ 2.1)": the value and its change, compact. */
function valueWithChange(metric: MetricName, v: number | null, delta: number | null): string {
  const c = change(metric, delta);
  return c === '-' || c === 'no change' ? value(metric, v) : `${value(metric, v)} (${c})`;
}

export function renderTrendMarkdown(report: TrendReport): string {
  const header = ['Week', 'People', ...TREND_METRICS.map((m) => METRIC_LABELS[m])];
  const align: ('left' | 'right')[] = ['left', 'right', ...TREND_METRICS.map((): 'right' => 'right')];
  const rows = report.weeks.map((w) => {
    if (w.suppressed) {
      return [w.week, String(w.groupSize), `_group too small (${w.groupSize} < ${report.minGroupSize})_`, ...TREND_METRICS.slice(1).map(() => '-')];
    }
    return [
      w.week,
      String(w.groupSize),
      ...TREND_METRICS.map((m) => valueWithChange(m, w.aggregates[m].mean, w.deltas?.[m]?.deltaMean ?? null)),
    ];
  });
  const suppressed = report.weeks.filter((w) => w.suppressed).length;
  const lines = [
    `# Meeting-diet trend: ${md(report.team.name)}, ${report.from} to ${report.to}`,
    '',
    `Means per person per week; in brackets the change against the baseline mean. Definitions version ${md(report.definitionsVersion)}.`,
    '',
    baselineLine(report.baseline),
    '',
    ...table(header, align, rows),
  ];
  if (suppressed > 0) {
    lines.push(
      '',
      `_${suppressed} week${suppressed === 1 ? '' : 's'} without figures: fewer than ${report.minGroupSize} people had data._`,
    );
  }
  if (report.gaps.length > 0) lines.push('', ...gapLines(report.gaps));
  return `${lines.join('\n')}\n`;
}

// --- person week

function historyTable(weeks: PersonWeekMetrics[], current: PersonWeekMetrics | null): string[] {
  const rows = [...weeks.slice(-HISTORY_WEEKS), ...(current ? [current] : [])];
  return table(
    ['Week', 'Meetings', 'Meeting h', 'Focus h', 'After-hours h'],
    ['left', 'right', 'right', 'right', 'right'],
    rows.map((w) => [w.week, count(w.meetingCount), fixed1(w.meetingHours), fixed1(w.focusHours), fixed1(w.afterHoursMeetingHours)]),
  );
}

function personSeriesSection(report: PersonWeekReport): string[] {
  if (report.series.length === 0) return ['No recurring meetings on your calendar.'];
  const shown = report.series.slice(0, TOP_SERIES);
  const lines = table(
    ['#', 'Meeting', 'Cadence', 'Duration', 'Role', 'Your h/week', 'Attendee-h/week', 'Agenda'],
    ['right', 'left', 'left', 'right', 'left', 'right', 'right', 'left'],
    shown.map((s) => [
      String(s.rank),
      seriesTitle(s.title),
      s.cadence,
      duration(s.durationMin),
      s.role,
      fixed1(s.hoursPerWeek),
      fixed1(s.weeklyAttendeeHours),
      s.hasAgenda ? 'yes' : 'no',
    ]),
  );
  if (report.series.length > shown.length) lines.push('', `_${report.series.length - shown.length} more series not shown._`);
  return lines;
}

export function renderPersonWeekMarkdown(report: PersonWeekReport): string {
  const who = report.person.name ? md(report.person.name) : md(report.person.email);
  const title = `# Your week: ${who}, ${report.week} (${report.weekStart} to ${report.weekEnd})`;
  const { metrics } = report;
  const sections: string[][] = [];
  if (!metrics) {
    sections.push([title, '', md(report.message ?? 'No data for this week.')]);
  } else {
    const hasBaseline = report.baseline !== null;
    const intro = hasBaseline
      ? `Compared with your baseline (${report.baseline!.weeks.join(', ')}).` +
        (report.baseline!.definitionsChanged ? ' The baseline was frozen under other definitions.' : '')
      : 'No baseline of yours yet: changes are shown once one is frozen.';
    const rows = PERSON_KEY_METRICS.map((metric) => {
      const d = report.deltas?.[metric] ?? null;
      return [md(METRIC_LABELS[metric]), value(metric, metrics[metric]), value(metric, d?.baseline ?? null), change(metric, d?.delta ?? null, d?.deltaPct ?? null)];
    });
    sections.push(
      [title, '', `${intro} Definitions version ${md(report.definitionsVersion)}.`],
      ['## Your metrics', '', ...table(['Metric', 'This week', 'Your baseline', 'Change'], ['left', 'right', 'right', 'right'], rows)],
    );
  }
  if (report.history.length > 0) sections.push(['## Recent weeks', '', ...historyTable(report.history, metrics)]);
  sections.push(
    ['## Your findings', '', ...findingsSection(report.findings.total, report.findings.byRule, report.findings.top, 20)],
    ['## Your recurring meetings', '', ...personSeriesSection(report)],
  );
  if (report.gaps.length > 0) sections.push(['## Data gaps', '', ...gapLines(report.gaps)]);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

// --- findings

export function renderFindingsMarkdown(report: FindingsReport): string {
  const { filters } = report;
  const scope = [
    filters.team ? md(filters.team.name) : null,
    filters.person ? md(filters.person) : null,
    filters.week,
    filters.rule ? `rule ${md(filters.rule)}` : null,
  ].filter((s): s is string => s !== null);
  const lines = [`# Findings${scope.length > 0 ? `: ${scope.join(', ')}` : ''}`, ''];
  if (report.total === 0) lines.push('No findings.');
  else {
    lines.push(`${report.total} finding${report.total === 1 ? '' : 's'}, ranked by hours at stake a week.`, '');
    lines.push(...findingsSection(report.total, report.byRule, report.findings, report.findings.length));
  }
  return `${lines.join('\n')}\n`;
}

/** Any report by its kind. */
export function renderReportMarkdown(report: ReportDocument): string {
  switch (report.kind) {
    case 'team-week':
      return renderTeamWeekMarkdown(report);
    case 'trend':
      return renderTrendMarkdown(report);
    case 'person-week':
      return renderPersonWeekMarkdown(report);
    case 'findings':
      return renderFindingsMarkdown(report);
  }
}
