import { describe, expect, it } from 'vitest';
import {
  escapeMarkdown,
  renderFindingsMarkdown,
  renderPersonWeekMarkdown,
  renderReportMarkdown,
  renderTeamWeekMarkdown,
  renderTrendMarkdown,
} from '../../src/reports/render-reports-markdown.js';
import { buildFindingsReport } from '../../src/reports/findings-report.js';
import { series } from '../rules/factory.js';
import { finding } from './sample-report.js';
import { buildReports } from './report-builders.js';
import { ana, bo } from './team-fixture.js';

/** The lines under a `## ` heading, without the blank lines around them. */
function section(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  expect(start).toBeGreaterThanOrEqual(0);
  let end = start + 1;
  while (end < lines.length && !lines[end].startsWith('## ')) end++;
  return lines.slice(start + 1, end).filter((line) => line !== '');
}

/** Splits a table row into cells, honouring `\|` escapes. */
function cells(row: string): string[] {
  return row
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

describe('reports: Markdown of the API reports', () => {
  it('escapes Markdown in untrusted text, leaving underscores inside words alone', () => {
    expect(escapeMarkdown('Sync | *all* [hands](http://x) <b> `code` ~x~ \\')).toBe(
      'Sync \\| \\*all\\* \\[hands\\](http://x) \\<b\\> \\`code\\` \\~x\\~ \\\\',
    );
    expect(escapeMarkdown('America/New_York first_last@x.com')).toBe('America/New_York first_last@x.com');
    expect(escapeMarkdown('_emphasis_ and __strong__')).toBe('\\_emphasis\\_ and \\_\\_strong\\_\\_');
    expect(escapeMarkdown('two\nlines\u202e')).toBe('two lines');
  });

  it('titles the team week and tables the key metrics with the change against the baseline', () => {
    const md = renderTeamWeekMarkdown(buildReports().teamWeek);
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Meeting diet: Platform, week 2024-W10 (2024-03-04 to 2024-03-10)');
    expect(lines[2]).toBe(
      '6 of 6 people with data. Figures are per person for the week: mean, median and 90th percentile across the group. Definitions version 2026.11.1.',
    );
    expect(lines[4]).toBe('Baseline: 2024-W11, 2024-W12 (2024-03-11 to 2024-03-24), 6 people.');
    const table = section(md, 'Key metrics');
    expect(cells(table[0])).toEqual(['Metric', 'Mean', 'Median', 'p90', 'Baseline mean', 'Change']);
    expect(table[1]).toBe('|---|---:|---:|---:|---:|---:|');
    expect(cells(table[2])).toEqual(['Meeting hours', '1.7', '1.5', '2.5', '1.0', '▲ 0.7 (+66.7%)']);
    expect(cells(table[3])).toEqual(['Share of working time in meetings', '3.4%', '3.8%', '6.3%', '1.7%', '▲ 1.7 pp']);
    expect(cells(table[5])).toEqual(['Focus hours', '38.3', '38.5', '40.0', '39.3', '▼ 1.0 (-2.5%)']);
    expect(cells(table[7])).toEqual(['After-hours meeting hours', '0.3', '0.0', '1.0', '0.3', 'no change']);
    expect(md.endsWith('\n')).toBe(true);
  });

  it('says there is no baseline yet, and shows no change column figures', () => {
    const md = renderTeamWeekMarkdown(buildReports([], false).teamWeek);
    expect(md.split('\n')[4]).toBe('No baseline yet: changes are shown once one is frozen.');
    expect(cells(section(md, 'Key metrics')[2])).toEqual(['Meeting hours', '1.7', '1.5', '2.5', '-', '-']);
  });

  it('lists top findings, the inventory, the timezone tax, no-meeting-day adherence and coverage', () => {
    const md = renderTeamWeekMarkdown(buildReports().teamWeek);
    const findings = section(md, 'Top findings');
    expect(findings[0]).toBe(
      "1. **info** `recurring-without-end` (6.0 h/week at stake): Weekly 'Platform sync, \"core\"' (60 min, 6 people) has no end date: " +
        '6.0 attendee-hours a week with no point at which anyone must decide to keep it',
    );
    expect(findings.at(-1)).toBe(
      'By rule: no-meeting-day-breach 2, recurring-without-end 1, status-meeting-could-be-async 1, outside-humane-hours 1, long-meeting 1, no-note-taker 1.',
    );
    const inventory = section(md, 'Meeting-diet candidates');
    expect(cells(inventory[1])).toEqual(['#', 'Meeting', 'Cadence', 'Duration', 'Participants', 'Members', 'Attendee-h/week', 'Agenda']);
    expect(cells(inventory[3])).toEqual(['1', 'Platform sync, "core"', 'weekly', '1 h', '6', '6', '6.0', 'yes']);
    const tax = section(md, 'Timezone tax');
    expect(cells(tax[2])).toEqual(['All regions', '6', '0.3', '0.3']);
    expect(cells(tax[5])).toEqual(['Eli (eli@example.com)', 'Americas', 'America/New_York', '1.0', '1.0']);
    expect(section(md, 'No-meeting day')).toEqual([
      'Wednesday: 4 of 6 people kept it free of meetings (66.7%).',
      'Met anyway:',
      '- Ana (ana@example.com): 1 meeting, 0.5 h',
      '- bo@example.com: 1 meeting, 0.5 h',
    ]);
    expect(section(md, 'Coverage')).toEqual([
      '- Members: 6, with data this week: 6',
      '- Without data: none',
      '- Calendars: 6; last import: 2024-04-01T06:00:00Z',
      '- Data gaps: 0',
    ]);
  });

  it('escapes pipes and Markdown in titles, in tables and in finding lines', () => {
    const reports = buildReports(
      series({ seriesId: 'pipe', title: 'Sync | planning *now*\nround [2]', start: '2024-03-08T12:00:00Z', organizer: ana, people: [bo] }),
    );
    const inventory = section(renderTeamWeekMarkdown(reports.teamWeek), 'Meeting-diet candidates');
    const row = inventory.find((l) => l.includes('planning'))!;
    expect(row).toContain('| Sync \\| planning \\*now\\* round \\[2\\] |');
    expect(cells(row)).toHaveLength(8);
    const md = renderFindingsMarkdown(buildFindingsReport({ findings: [finding('x-rule', 1, 'Ping <@channel> | **bold** [here](http://x)')] }));
    expect(md).toContain('1. **warning** `x-rule` (1.0 h/week at stake): Ping \\<@channel\\> \\| \\*\\*bold\\*\\* \\[here\\](http://x)');
  });

  it('shows the trend with changes in brackets and suppressed weeks marked', () => {
    const md = renderTrendMarkdown(buildReports().trend);
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Meeting-diet trend: Platform, 2024-W09 to 2024-W13');
    const rows = lines.filter((l) => l.startsWith('| 2024-'));
    expect(cells(rows[0])).toEqual(['2024-W09', '1', '_group too small (1 < 5)_', '-', '-', '-', '-', '-']);
    expect(cells(rows[1])).toEqual(['2024-W10', '6', '1.7 (▲ 0.7)', '1.7 (▲ 0.7)', '3.4% (▲ 1.7 pp)', '38.3 (▼ 1.0)', '0.3', '0.0']);
    expect(cells(rows[2])).toEqual(['2024-W11', '6', '1.0', '1.0', '1.7%', '39.3', '0.3', '0.0']);
    expect(lines).toContain('_1 week without figures: fewer than 5 people had data._');
  });

  it('shows a person their own week, or says there is no data', () => {
    const { personWeek } = buildReports();
    const md = renderPersonWeekMarkdown(personWeek);
    expect(md.split('\n')[0]).toBe('# Your week: Ana, 2024-W10 (2024-03-04 to 2024-03-10)');
    const table = section(md, 'Your metrics');
    expect(cells(table[0])).toEqual(['Metric', 'This week', 'Your baseline', 'Change']);
    expect(cells(table[2])).toEqual(['Meeting hours', '1.5', '1.0', '▲ 0.5 (+50.0%)']);
    expect(section(md, 'Your findings')[0]).toMatch(/^1\. \*\*info\*\* `recurring-without-end`/);
    expect(cells(section(md, 'Your recurring meetings')[2])).toEqual(['1', 'Platform sync, "core"', 'weekly', '1 h', 'organizer', '1.0', '6.0', 'yes']);

    const empty = renderPersonWeekMarkdown({ ...personWeek, metrics: null, deltas: null, message: 'No calendar data for ana@example.com in 2024-W10.' });
    expect(empty.split('\n').slice(0, 3)).toEqual(['# Your week: Ana, 2024-W10 (2024-03-04 to 2024-03-10)', '', 'No calendar data for ana@example.com in 2024-W10.']);
    expect(empty).not.toContain('## Your metrics');
  });

  it('titles a findings list with its filters', () => {
    const { findings } = buildReports();
    const md = renderFindingsMarkdown({ ...findings, filters: { ...findings.filters, team: { id: 'p', name: 'Platform' }, rule: 'long-meeting' } });
    expect(md.split('\n').slice(0, 3)).toEqual(['# Findings: Platform, 2024-W10, rule long-meeting', '', '7 findings, ranked by hours at stake a week.']);
    expect(renderFindingsMarkdown(buildFindingsReport({ findings: [] }))).toBe('# Findings\n\nNo findings.\n');
  });

  it('renders any report by its kind, and never a private event\'s description', () => {
    const reports = buildReports();
    expect(renderReportMarkdown(reports.trend)).toBe(renderTrendMarkdown(reports.trend));
    const all = [reports.teamWeek, reports.trend, reports.personWeek, reports.findings].map(renderReportMarkdown).join('');
    expect(all).not.toContain('SECRET');
    expect(all).toContain("'Private event' on 2024-03-07");
  });
});
