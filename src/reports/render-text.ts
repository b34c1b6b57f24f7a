/** The audit as a plain terminal report: no colour codes, every line at most 100 columns. */
import type { Finding } from '../model/finding.js';
import type { PersonWeekMetrics } from '../metrics/types.js';
import type { AuditedPerson, AuditReport, SeriesSummary } from './audit-report.js';
import { count, fixed1, oneLine } from './cells.js';

export const TEXT_WIDTH = 100;
const TOP_FINDINGS = 15;
const TOP_SERIES = 20;
const MAX_WARNINGS = 20;

function percent(share: number): string {
  return `${fixed1(share * 100)}%`;
}

/** Compact for terminal columns: "1h30m". */
function duration(min: number): string {
  const rounded = Math.round(min);
  const h = Math.floor(rounded / 60);
  const m = rounded % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, '0')}m`;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Word-wraps `text` to `width` columns, breaking words longer than a line. */
function wrap(text: string, width: number, indent = ''): string[] {
  const room = Math.max(10, width - indent.length);
  const lines: string[] = [];
  let line = '';
  for (let word of oneLine(text).split(' ')) {
    while (word.length > room) {
      if (line !== '') {
        lines.push(line);
        line = '';
      }
      lines.push(word.slice(0, room));
      word = word.slice(room);
    }
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= room) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines.map((l) => indent + l);
}

interface Column {
  header: string;
  align: 'left' | 'right';
  /** Longest a cell may be (longer ones are cut with an ellipsis). */
  max?: number;
}

function renderTable(columns: Column[], rows: string[][], indent = '  '): string[] {
  const widths = columns.map((column, i) =>
    Math.min(column.max ?? Infinity, Math.max(column.header.length, ...rows.map((row) => row[i].length))),
  );
  const line = (cells: string[]) =>
    (
      indent +
      cells
        .map((cell, i) => {
          const text = truncate(cell, widths[i]);
          return columns[i].align === 'right' ? text.padStart(widths[i]) : text.padEnd(widths[i]);
        })
        .join('  ')
    ).trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)];
}

function heading(title: string): string[] {
  return [title, '='.repeat(Math.min(title.length, TEXT_WIDTH))];
}

function renderHeader(report: AuditReport): string[] {
  const { coverage } = report;
  const lines = [
    `Meeting-diet audit: ${report.window.from} to ${report.window.to}`,
    `Definitions version ${report.definitionsVersion}`,
    `People ${report.people.length} | Calendars ${coverage.calendars} | Occurrences ${coverage.occurrences} | ` +
      `Meetings ${coverage.meetings}`,
  ];
  const excluded = listCounts(coverage.excluded);
  lines.push(...wrap(`Excluded: ${excluded.length > 0 ? excluded.join(', ') : 'none'}`, TEXT_WIDTH));
  const other = listCounts(coverage.notMeetings);
  if (other.length > 0) lines.push(...wrap(`Not meetings: ${other.join(', ')}`, TEXT_WIDTH));
  if (coverage.gaps.length === 0) {
    lines.push('Data gaps: none');
  } else {
    lines.push(`Data gaps: ${coverage.gaps.length} (missing coverage)`);
    for (const gap of coverage.gaps) {
      const owner = gap.ownerEmail ? ` (${gap.ownerEmail})` : '';
      lines.push(...wrap(`- ${gap.calendarId}${owner}: ${gap.reason}`, TEXT_WIDTH, '  '));
    }
  }
  return lines;
}

const WEEK_COLUMNS: Column[] = [
  { header: 'Week', align: 'left' },
  { header: 'Meetings', align: 'right' },
  { header: 'Meeting h', align: 'right' },
  { header: 'Share', align: 'right' },
  { header: 'Focus h', align: 'right' },
  { header: 'Fragment h', align: 'right' },
  { header: 'After-hrs h', align: 'right' },
  { header: 'Conflict h', align: 'right' },
  { header: 'B2B chains', align: 'right' },
];

function weekRow(label: string, w: Omit<PersonWeekMetrics, 'week'>, countText: (n: number) => string): string[] {
  return [
    label,
    countText(w.meetingCount),
    fixed1(w.meetingHours),
    percent(w.meetingShareOfWorkingTime),
    fixed1(w.focusHours),
    fixed1(w.fragmentedHours),
    fixed1(w.afterHoursMeetingHours),
    fixed1(w.conflictingHours),
    countText(w.backToBackChains),
  ];
}

function meanWeek(weeks: PersonWeekMetrics[]): Omit<PersonWeekMetrics, 'week'> {
  const mean = (pick: (w: PersonWeekMetrics) => number) => weeks.reduce((sum, w) => sum + pick(w), 0) / weeks.length;
  return {
    workingHours: mean((w) => w.workingHours),
    outOfOfficeHours: mean((w) => w.outOfOfficeHours),
    meetingCount: mean((w) => w.meetingCount),
    meetingHours: mean((w) => w.meetingHours),
    meetingShareOfWorkingTime: mean((w) => w.meetingShareOfWorkingTime),
    recurringMeetingHours: mean((w) => w.recurringMeetingHours),
    oneOffMeetingHours: mean((w) => w.oneOffMeetingHours),
    focusHours: mean((w) => w.focusHours),
    fragmentedHours: mean((w) => w.fragmentedHours),
    refocusTaxHours: mean((w) => w.refocusTaxHours),
    backToBackChains: mean((w) => w.backToBackChains),
    conflictingHours: mean((w) => w.conflictingHours),
    afterHoursMeetingHours: mean((w) => w.afterHoursMeetingHours),
    largeMeetingHours: mean((w) => w.largeMeetingHours),
    longMeetingHours: mean((w) => w.longMeetingHours),
    meetingHeavyDays: mean((w) => w.meetingHeavyDays),
    shortNoticeShare: null,
    attendeeHours: mean((w) => w.attendeeHours),
    attendeeCost: null,
  };
}

function renderPerson(person: AuditedPerson): string[] {
  const email = oneLine(person.email);
  const name = person.name ? `${oneLine(person.name)} <${email}>` : email;
  const teams = person.teams.length > 0 ? person.teams.join(', ') : 'none';
  const lines = [
    ...wrap(name, TEXT_WIDTH),
    ...wrap(
      `${person.timeZone}, ${person.region}; teams: ${teams}; calendars: ${person.calendars.length}`,
      TEXT_WIDTH,
      '  ',
    ),
  ];
  if (person.weeks.length === 0) {
    lines.push('  No weeks in the window.');
    return lines;
  }
  const rows = person.weeks.map((w) => weekRow(w.week, w, count));
  // A mean row only adds something when there is more than one week to average.
  if (person.weeks.length > 1) rows.push(weekRow('Mean', meanWeek(person.weeks), fixed1));
  lines.push('', ...renderTable(WEEK_COLUMNS, rows));
  return lines;
}

function renderFindings(findings: Finding[]): string[] {
  if (findings.length === 0) return ['No findings.'];
  const shown = findings.slice(0, TOP_FINDINGS);
  const lines: string[] = [];
  if (findings.length > shown.length) lines.push(`Showing ${shown.length} of ${findings.length}.`, '');
  const rankWidth = String(shown.length).length + 1;
  shown.forEach((finding, i) => {
    const rank = `${i + 1}.`.padStart(rankWidth);
    const left = `  ${rank} ${finding.severity.padEnd(8)}  ${oneLine(finding.ruleId)}`;
    const right = `${fixed1(finding.hoursAtStake)} h/week`;
    // Hours at stake flush right on the rule's line; the message, wrapped, below it.
    lines.push(left + right.padStart(Math.max(right.length + 2, TEXT_WIDTH - left.length)));
    lines.push(...wrap(finding.message, TEXT_WIDTH, ' '.repeat(rankWidth + 3)));
  });
  return lines;
}

function renderSeries(series: SeriesSummary[]): string[] {
  if (series.length === 0) return ['No recurring meetings in the window.'];
  const shown = series.slice(0, TOP_SERIES);
  const withCost = shown.some((s) => s.weeklyCost !== null);
  const columns: Column[] = [
    { header: '#', align: 'right' },
    { header: 'Title', align: 'left', max: withCost ? 30 : 41 },
    { header: 'Cadence', align: 'left' },
    { header: 'Duration', align: 'right' },
    { header: 'People', align: 'right' },
    { header: 'Att-h/wk', align: 'right' },
    ...(withCost ? [{ header: 'Cost/wk', align: 'right' } as Column] : []),
    { header: 'Agenda', align: 'left' },
    { header: 'End', align: 'left' },
  ];
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
  const lines: string[] = [];
  if (series.length > shown.length) lines.push(`Showing ${shown.length} of ${series.length}.`, '');
  lines.push(...renderTable(columns, rows));
  return lines;
}

function renderWarnings(report: AuditReport): string[] {
  const { warnings } = report;
  if (warnings.length === 0) return ['No warnings.'];
  const lines: string[] = [];
  for (const warning of warnings.slice(0, MAX_WARNINGS)) {
    lines.push(...wrap(`[${warning.code}] ${warning.location}`, TEXT_WIDTH, '  '));
    lines.push(...wrap(warning.message, TEXT_WIDTH, '    '));
  }
  if (warnings.length > MAX_WARNINGS) lines.push(`  ... and ${warnings.length - MAX_WARNINGS} more`);
  return lines;
}

export function renderText(report: AuditReport): string {
  const sections: string[][] = [
    renderHeader(report),
    [
      ...heading('People'),
      ...(report.people.length === 0
        ? ['No people audited.']
        : report.people.flatMap((person, i) => (i === 0 ? renderPerson(person) : ['', ...renderPerson(person)]))),
    ],
    [...heading('Top findings'), ...renderFindings(report.findings)],
    [
      ...heading('Meeting-diet candidates: recurring meetings by weekly attendee-hours'),
      ...renderSeries(report.series),
    ],
    [...heading(`Warnings (${report.warnings.length})`), ...renderWarnings(report)],
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
