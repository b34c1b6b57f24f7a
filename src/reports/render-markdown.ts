/** A short Markdown summary of the audit, to paste into Slack, an email or an issue. */
import type { PersonWeekMetrics } from '../metrics/types.js';
import type { AuditReport, SeriesSummary } from './audit-report.js';
import { count, duration, fixed1, oneLine } from './cells.js';

const TOP_FINDINGS = 10;
const TOP_SERIES = 10;

/** A table cell: one line, with `|` escaped so it cannot end the cell. */
function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

function table(header: string[], align: ('left' | 'right')[], rows: string[][]): string[] {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${align.map((a) => (a === 'right' ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

function mean(weeks: PersonWeekMetrics[], pick: (w: PersonWeekMetrics) => number): string {
  if (weeks.length === 0) return '-';
  return fixed1(weeks.reduce((sum, w) => sum + pick(w), 0) / weeks.length);
}

function peopleSection(report: AuditReport): string[] {
  if (report.people.length === 0) return ['No people audited.'];
  return table(
    ['Person', 'Weeks', 'Meetings/week', 'Meeting h/week', 'Focus h/week', 'After-hours h/week'],
    ['left', 'right', 'right', 'right', 'right', 'right'],
    report.people.map((person) => [
      person.name ? `${person.name} (${person.email})` : person.email,
      String(person.weeks.length),
      mean(person.weeks, (w) => w.meetingCount),
      mean(person.weeks, (w) => w.meetingHours),
      mean(person.weeks, (w) => w.focusHours),
      mean(person.weeks, (w) => w.afterHoursMeetingHours),
    ]),
  );
}

function findingsSection(report: AuditReport): string[] {
  if (report.findings.length === 0) return ['No findings.'];
  const shown = report.findings.slice(0, TOP_FINDINGS);
  const lines = shown.map(
    (f, i) =>
      `${i + 1}. **${f.severity}** \`${oneLine(f.ruleId)}\` (${fixed1(f.hoursAtStake)} h/week at stake): ${oneLine(f.message)}`,
  );
  if (report.findings.length > shown.length) lines.push('', `_${report.findings.length - shown.length} more not shown._`);
  return lines;
}

function seriesSection(series: SeriesSummary[]): string[] {
  if (series.length === 0) return ['No recurring meetings in the window.'];
  const shown = series.slice(0, TOP_SERIES);
  const withCost = shown.some((s) => s.weeklyCost !== null);
  const header = ['#', 'Meeting', 'Cadence', 'Duration', 'Participants', 'Attendee-h/week'];
  const align: ('left' | 'right')[] = ['right', 'left', 'left', 'right', 'right', 'right'];
  if (withCost) {
    header.push('Cost/week');
    align.push('right');
  }
  header.push('Agenda', 'Has end');
  align.push('left', 'left');
  const rows = shown.map((s, i) => [
    String(i + 1),
    oneLine(s.title) || '(no title)',
    s.cadence,
    duration(s.durationMin),
    count(s.participants),
    fixed1(s.weeklyAttendeeHours),
    ...(withCost ? [s.weeklyCost === null ? '-' : fixed1(s.weeklyCost)] : []),
    s.hasAgenda ? 'yes' : 'no',
    s.hasEnd ? 'yes' : 'no',
  ]);
  const lines = ['Recurring meetings ranked by weekly attendee-hours.', '', ...table(header, align, rows)];
  if (series.length > shown.length) lines.push('', `_${series.length - shown.length} more series not shown._`);
  return lines;
}

function coverageSection(report: AuditReport): string[] {
  const { coverage } = report;
  const excluded = listCounts(coverage.excluded);
  const notMeetings = listCounts(coverage.notMeetings);
  const lines = [
    `- Calendars: ${coverage.calendars}, occurrences: ${coverage.occurrences}, meetings: ${coverage.meetings}`,
    `- Excluded from meeting load: ${excluded.length > 0 ? excluded.join(', ') : 'none'}`,
    ...(notMeetings.length > 0 ? [`- Not meetings: ${notMeetings.join(', ')}`] : []),
    `- Data gaps: ${coverage.gaps.length}`,
    ...coverage.gaps.map(
      (gap) => `  - ${oneLine(gap.calendarId)}${gap.ownerEmail ? ` (${oneLine(gap.ownerEmail)})` : ''}: ${oneLine(gap.reason)}`,
    ),
    `- Warnings: ${report.warnings.length}`,
  ];
  return lines;
}

export function renderMarkdown(report: AuditReport): string {
  const sections = [
    [
      `# Meeting-diet audit: ${report.window.from} to ${report.window.to}`,
      '',
      `${plural(report.people.length, 'person', 'people')}, ${plural(report.coverage.meetings, 'meeting', 'meetings')}. ` +
        `Definitions version ${report.definitionsVersion}.`,
    ],
    ['## Weekly means per person', '', ...peopleSection(report)],
    ['## Top findings', '', ...findingsSection(report)],
    ['## Meeting-diet candidates', '', ...seriesSection(report.series)],
    ['## Coverage', '', ...coverageSection(report)],
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/** "declined 5, cancelled 3": non-zero counts, largest first. */
function listCounts(counts: Record<string, number>): string[] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([name, n]) => `${oneLine(name)} ${n}`);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
