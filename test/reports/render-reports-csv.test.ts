import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../src/reports/aggregate.js';
import {
  FINDINGS_CSV_COLUMNS,
  INVENTORY_CSV_COLUMNS,
  PERSON_WEEK_CSV_COLUMNS,
  renderFindingsCsv,
  renderPersonWeekCsv,
  renderReportCsv,
  renderTeamWeekCsv,
  renderTrendCsv,
  TEAM_WEEK_CSV_COLUMNS,
  TREND_CSV_COLUMNS,
} from '../../src/reports/render-reports-csv.js';
import { finding } from './sample-report.js';
import { buildReports } from './report-builders.js';
import { series } from '../rules/factory.js';
import { ana, bo } from './team-fixture.js';

/** Splits RFC 4180 text into records of fields (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field).toBe('');
  expect(record).toEqual([]);
  return records;
}

const column = (header: string[], row: string[], name: string) => row[header.indexOf(name)];

describe('reports: CSV of the API reports', () => {
  it('writes the team week as one row per metric, with the baseline and deltas, CRLF line ends', () => {
    const text = renderTeamWeekCsv(buildReports().teamWeek);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...TEAM_WEEK_CSV_COLUMNS]);
    expect(rows.map((r) => r[3])).toEqual([...METRIC_NAMES]);
    const meetingHours = rows.find((r) => r[3] === 'meetingHours')!;
    expect(meetingHours).toEqual(['Platform', '2024-W10', '6', 'meetingHours', 'hours', '6', '1.67', '1.5', '2.5', '1', '2.5', '1', '1', '0.67', '0.5', '66.7']);
    // No value for anyone: n is 0 and the figures are empty cells, not zeros.
    expect(rows.find((r) => r[3] === 'attendeeCost')!.slice(5)).toEqual(['0', ...Array(10).fill('')]);
    expect(column(header, rows.find((r) => r[3] === 'meetingShareOfWorkingTime')!, 'unit')).toBe('share');
  });

  it('leaves the baseline columns empty without a baseline', () => {
    const [header, ...rows] = parseCsv(renderTeamWeekCsv(buildReports([], false).teamWeek));
    const row = rows.find((r) => r[3] === 'meetingHours')!;
    expect(['baselineMean', 'deltaMean', 'deltaPct'].map((c) => column(header, row, c))).toEqual(['', '', '']);
    expect(column(header, row, 'mean')).toBe('1.67');
  });

  it('quotes a title holding a comma and a quote, in the inventory and the findings', () => {
    const inventory = renderTeamWeekCsv(buildReports().teamWeek, 'inventory');
    expect(inventory.split('\r\n')[1]).toBe('Platform,2024-W10,1,sync,"Platform sync, ""core""",ana@example.com,weekly,1,60,6,6,,true,false,6,6');
    const [header, row] = parseCsv(inventory);
    expect(header).toEqual([...INVENTORY_CSV_COLUMNS]);
    expect(column(header, row, 'title')).toBe('Platform sync, "core"');

    const findings = parseCsv(renderFindingsCsv(buildReports().findings));
    expect(findings[0]).toEqual([...FINDINGS_CSV_COLUMNS]);
    expect(findings[1]).toEqual([
      '1',
      'recurring-without-end',
      'info',
      '6',
      ana,
      '',
      'series',
      'sync',
      'Platform sync, "core"',
      `Weekly 'Platform sync, "core"' (60 min, 6 people) has no end date: 6.0 attendee-hours a week with no point at which anyone must decide to keep it`,
    ]);
    expect(findings.slice(1).map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(findings.find((r) => r[1] === 'no-meeting-day-breach')!.slice(4, 9)).toEqual([ana, '2024-W10', 'person-week', '', ana]);
  });

  it('defuses formula-looking titles and flattens nothing else', () => {
    const reports = buildReports(series({ seriesId: 'evil', title: '=HYPERLINK("http://x","y")', start: '2024-03-08T12:00:00Z', organizer: ana, people: [bo] }));
    const [header, ...rows] = parseCsv(renderTeamWeekCsv(reports.teamWeek, 'inventory'));
    expect(rows.map((r) => column(header, r, 'title'))).toContain(`'=HYPERLINK("http://x","y")`);
    const multiline = renderFindingsCsv([finding('x', 1, 'line one\nline "two", three')]);
    expect(parseCsv(multiline)[1][9]).toBe('line one\nline "two", three');
  });

  it('writes the trend in long form, keeping suppressed weeks with empty figures', () => {
    const [header, ...rows] = parseCsv(renderTrendCsv(buildReports().trend));
    expect(header).toEqual([...TREND_CSV_COLUMNS]);
    expect(rows).toHaveLength(5 * METRIC_NAMES.length);
    const w09 = rows.filter((r) => r[1] === '2024-W09');
    expect(w09).toHaveLength(METRIC_NAMES.length);
    for (const r of w09) {
      expect(r.slice(0, 5)).toEqual(['Platform', '2024-W09', '2024-02-26', 'true', '1']);
      expect(r.slice(7)).toEqual(Array(10).fill(''));
    }
    const w10 = rows.find((r) => r[1] === '2024-W10' && r[5] === 'meetingHours')!;
    expect(w10).toEqual(['Platform', '2024-W10', '2024-03-04', 'false', '6', 'meetingHours', 'hours', '6', '1.67', '1.5', '2.5', '1', '2.5', '1', '0.67', '0.5', '66.7']);
  });

  it('writes a person\'s week as one row per metric against their baseline', () => {
    const { personWeek } = buildReports();
    const [header, ...rows] = parseCsv(renderPersonWeekCsv(personWeek));
    expect(header).toEqual([...PERSON_WEEK_CSV_COLUMNS]);
    expect(rows).toHaveLength(METRIC_NAMES.length);
    expect(rows.find((r) => r[2] === 'meetingHours')).toEqual([ana, '2024-W10', 'meetingHours', 'hours', '1.5', '1', '0.5', '50']);
    expect(rows.find((r) => r[2] === 'shortNoticeShare')).toEqual([ana, '2024-W10', 'shortNoticeShare', 'share', '', '', '', '']);
    expect(renderPersonWeekCsv({ ...personWeek, metrics: null, deltas: null })).toBe(`${PERSON_WEEK_CSV_COLUMNS.join(',')}\r\n`);
  });

  it('renders any report by its kind, and never a private event\'s description', () => {
    const reports = buildReports();
    expect(renderReportCsv(reports.teamWeek)).toBe(renderTeamWeekCsv(reports.teamWeek));
    expect(renderReportCsv(reports.trend)).toBe(renderTrendCsv(reports.trend));
    expect(renderReportCsv(reports.personWeek)).toBe(renderPersonWeekCsv(reports.personWeek));
    expect(renderReportCsv(reports.findings)).toBe(renderFindingsCsv(reports.findings));
    const all = [reports.teamWeek, reports.trend, reports.personWeek, reports.findings].map(renderReportCsv).join('');
    expect(all).not.toContain('SECRET');
    expect(renderFindingsCsv(reports.findings)).toContain(',occurrence,private,Private event,');
  });
});
