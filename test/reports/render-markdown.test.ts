import { describe, expect, it } from 'vitest';
import { finding, report, series, week } from './sample-report.js';
import { renderMarkdown } from '../../src/reports/render-markdown.js';

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

describe('reports: renderMarkdown', () => {
  it('starts with a title naming the window and a one-line summary', () => {
    const lines = renderMarkdown(report()).split('\n');
    expect(lines[0]).toBe('# Meeting-diet audit: 2024-03-04 to 2024-03-18');
    expect(lines[2]).toBe('2 people, 90 meetings. Definitions version 2026.11.1.');
    const one = report();
    const alone = renderMarkdown({ ...one, people: one.people.slice(0, 1), coverage: { ...one.coverage, meetings: 1 } }).split('\n');
    expect(alone[2]).toBe('1 person, 1 meeting. Definitions version 2026.11.1.');
  });

  it('summarises each person by weekly means', () => {
    const [header, rule, alice, bob] = section(renderMarkdown(report()), 'Weekly means per person');
    expect(cells(header)).toEqual(['Person', 'Weeks', 'Meetings/week', 'Meeting h/week', 'Focus h/week', 'After-hours h/week']);
    expect(rule).toBe('|---|---:|---:|---:|---:|---:|');
    expect(cells(alice)).toEqual(['Alice (alice@example.com)', '2', '12.0', '14.1', '14.0', '1.0']);
    expect(cells(bob)).toEqual(['bob@example.com', '0', '-', '-', '-', '-']);
  });

  it('lists the top 10 findings in order with severity, rule and hours at stake', () => {
    const findings = Array.from({ length: 12 }, (_, i) =>
      finding(`rule-${i + 1}`, 12 - i, `Finding ${i + 1}`, i === 0 ? 'critical' : 'warning'),
    );
    const lines = section(renderMarkdown(report({ findings })), 'Top findings');
    expect(lines[0]).toBe('1. **critical** `rule-1` (12.0 h/week at stake): Finding 1');
    expect(lines[9]).toBe('10. **warning** `rule-10` (3.0 h/week at stake): Finding 10');
    expect(lines[10]).toBe('_2 more not shown._');
    expect(lines).toHaveLength(11);
  });

  it('tables the top 10 candidate series with cost only when one is known', () => {
    const lines = section(renderMarkdown(report()), 'Meeting-diet candidates');
    expect(lines[0]).toBe('Recurring meetings ranked by weekly attendee-hours.');
    expect(cells(lines[1])).toEqual([
      '#',
      'Meeting',
      'Cadence',
      'Duration',
      'Participants',
      'Attendee-h/week',
      'Cost/week',
      'Agenda',
      'Has end',
    ]);
    expect(lines[2]).toBe('|---:|---|---|---:|---:|---:|---:|---|---|');
    expect(cells(lines[3])).toEqual(['1', 'Weekly sync', 'weekly', '1 h', '6', '6.0', '600.0', 'yes', 'no']);
    expect(cells(lines[4])).toEqual(['2', 'Daily stand-up', 'daily', '15 min', '3', '3.8', '-', 'no', 'yes']);

    const many = Array.from({ length: 12 }, (_, i) => series(`Series ${i + 1}`, 12 - i, { durationMin: 90 }));
    const manyLines = section(renderMarkdown(report({ series: many })), 'Meeting-diet candidates');
    expect(manyLines[1]).not.toContain('Cost');
    expect(cells(manyLines[3])[3]).toBe('1 h 30 min');
    expect(manyLines.filter((l) => l.startsWith('| '))).toHaveLength(11);
    expect(manyLines.at(-1)).toBe('_2 more series not shown._');
  });

  it('escapes pipes and flattens newlines in table cells', () => {
    const md = renderMarkdown(
      report({
        series: [series('Sync | planning\nround 2', 4)],
        people: [{ ...report().people[0], name: 'A|B' }],
      }),
    );
    const row = section(md, 'Meeting-diet candidates')[3];
    expect(row).toContain('| Sync \\| planning round 2 |');
    expect(cells(row)).toHaveLength(8);
    expect(section(md, 'Weekly means per person')[2]).toContain('| A\\|B (alice@example.com) |');
  });

  it('reports coverage: counts, exclusions, gaps and warnings', () => {
    const md = renderMarkdown(
      report({
        coverage: {
          calendars: 3,
          occurrences: 120,
          meetings: 90,
          excluded: { cancelled: 3, declined: 5 },
          notMeetings: {},
          gaps: [{ calendarId: 'bob.ics', ownerEmail: 'bob@example.com', reason: 'file not found', fromMs: null, toMs: null }],
        },
      }),
    );
    expect(section(md, 'Coverage')).toEqual([
      '- Calendars: 3, occurrences: 120, meetings: 90',
      '- Excluded from meeting load: declined 5, cancelled 3',
      '- Data gaps: 1',
      '  - bob.ics (bob@example.com): file not found',
      '- Warnings: 1',
    ]);
  });

  it('says so when a section is empty', () => {
    const md = renderMarkdown(
      report({
        people: [],
        findings: [],
        series: [],
        warnings: [],
        coverage: { calendars: 0, occurrences: 0, meetings: 0, excluded: {}, notMeetings: {}, gaps: [] },
      }),
    );
    expect(section(md, 'Weekly means per person')).toEqual(['No people audited.']);
    expect(section(md, 'Top findings')).toEqual(['No findings.']);
    expect(section(md, 'Meeting-diet candidates')).toEqual(['No recurring meetings in the window.']);
    expect(section(md, 'Coverage')).toContain('- Excluded from meeting load: none');
    expect(section(md, 'Coverage')).toContain('- Warnings: 0');
    expect(md.endsWith('\n')).toBe(true);
  });
});
