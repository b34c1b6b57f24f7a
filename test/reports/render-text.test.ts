import { describe, expect, it } from 'vitest';
import { finding, report, series, week } from './sample-report.js';
import { renderText, TEXT_WIDTH } from '../../src/reports/render-text.js';

/** One section of the text report: from its underlined heading to the blank line before the next one. */
function section(text: string, title: string): string {
  const lines = text.split('\n');
  const isHeading = (i: number) => /^=+$/.test(lines[i + 1] ?? '') && lines[i] !== '';
  const start = lines.findIndex((line, i) => line === title && isHeading(i));
  expect(start).toBeGreaterThanOrEqual(0);
  let end = start + 2;
  while (end < lines.length && !isHeading(end)) end++;
  return lines.slice(start, end).join('\n').trimEnd();
}

describe('reports: renderText', () => {
  it('starts with the window, definitions version, coverage counts and exclusions by count', () => {
    const lines = renderText(report()).split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'Meeting-diet audit: 2024-03-04 to 2024-03-18',
      'Definitions version 2026.11.1',
      'People 2 | Calendars 2 | Occurrences 120 | Meetings 90',
      'Excluded: declined 5, cancelled 3',
      'Data gaps: none',
    ]);
  });

  it('says what the occurrences that are neither meetings nor excluded were', () => {
    const base = report();
    const lines = renderText(report({ coverage: { ...base.coverage, notMeetings: { solo: 12, 'all-day': 2, focus: 0 } } })).split('\n');
    expect(lines[4]).toBe('Not meetings: solo 12, all-day 2');
  });

  it('lists data gaps as missing coverage', () => {
    const text = renderText(
      report({
        coverage: {
          calendars: 2,
          occurrences: 0,
          meetings: 0,
          excluded: {},
          notMeetings: {},
          gaps: [{ calendarId: 'bob.ics', ownerEmail: 'bob@example.com', reason: 'file not found', fromMs: null, toMs: null }],
        },
      }),
    );
    expect(text).toContain('Excluded: none\nData gaps: 1 (missing coverage)\n  - bob.ics (bob@example.com): file not found\n');
  });

  it('shows a per-week table per person with one decimal and a mean row', () => {
    const text = renderText(report());
    const people = section(text, 'People');
    const lines = people.split('\n');
    expect(lines[2]).toBe('Alice <alice@example.com>');
    expect(lines[3]).toBe('  Europe/Berlin, EMEA; teams: platform; calendars: 1');
    const header = lines[5];
    expect(header.trim().split(/\s{2,}/)).toEqual([
      'Week',
      'Meetings',
      'Meeting h',
      'Share',
      'Focus h',
      'Fragment h',
      'After-hrs h',
      'Conflict h',
      'B2B chains',
    ]);
    expect(lines[6].trim().split(/\s+/)).toEqual(['2024-W10', '10', '12.0', '30.0%', '14.0', '6.0', '1.0', '0.5', '2']);
    expect(lines[7].trim().split(/\s+/)).toEqual(['2024-W11', '14', '16.3', '40.6%', '14.0', '6.0', '1.0', '0.5', '5']);
    expect(lines[8].trim().split(/\s+/)).toEqual(['Mean', '12.0', '14.1', '35.3%', '14.0', '6.0', '1.0', '0.5', '3.5']);
    // Numbers are right-aligned under their headers.
    expect(lines[6].length).toBe(header.length);
  });

  it('says so for a person without weeks and for an empty roster', () => {
    expect(renderText(report())).toContain('bob@example.com\n  America/New_York, Americas; teams: none; calendars: 1\n  No weeks in the window.');
    expect(section(renderText(report({ people: [] })), 'People')).toBe('People\n======\nNo people audited.');
  });

  it('ranks findings with severity, rule id, hours at stake per week and the message', () => {
    const lines = section(renderText(report()), 'Top findings').split('\n');
    expect(lines[2]).toMatch(/^ {2}1\. critical {2}outside-humane-hours +3\.5 h\/week$/);
    expect(lines[2]).toHaveLength(TEXT_WIDTH);
    expect(lines[3]).toBe('     Alice has 3.5 h of meetings outside humane hours in 2024-W10.');
    expect(lines[4]).toMatch(/^ {2}2\. warning {3}recurring-without-agenda +1\.3 h\/week$/);
    expect(lines[5]).toBe('     Weekly sync has no agenda.');
  });

  it('shows the top 15 findings only', () => {
    const findings = Array.from({ length: 18 }, (_, i) => finding(`rule-${i + 1}`, 18 - i, `Finding ${i + 1}`));
    const text = section(renderText(report({ findings })), 'Top findings');
    expect(text).toContain('Showing 15 of 18.');
    expect(text).toContain('rule-15 ');
    expect(text).not.toContain('rule-16');
  });

  it('says "No findings." when there are none', () => {
    expect(section(renderText(report({ findings: [] })), 'Top findings')).toBe('Top findings\n============\nNo findings.');
  });

  it('lists meeting-diet candidates with cadence, duration, participants, attendee-hours, cost, agenda and end', () => {
    const text = renderText(report());
    const lines = section(text, 'Meeting-diet candidates: recurring meetings by weekly attendee-hours').split('\n');
    expect(lines[2].trim().split(/\s{2,}/)).toEqual([
      '#',
      'Title',
      'Cadence',
      'Duration',
      'People',
      'Att-h/wk',
      'Cost/wk',
      'Agenda',
      'End',
    ]);
    expect(lines[3].trim().split(/\s{2,}/)).toEqual(['1', 'Weekly sync', 'weekly', '1h', '6', '6.0', '600.0', 'yes', 'no']);
    expect(lines[4].trim().split(/\s{2,}/)).toEqual(['2', 'Daily stand-up', 'daily', '15m', '3', '3.8', '-', 'no', 'yes']);
  });

  it('leaves the cost column out when no series has a cost, and cuts long titles', () => {
    const long = 'Quarterly planning and roadmap alignment with all the stakeholders from every department';
    const text = renderText(report({ series: [series(long, 10, { durationMin: 90 })] }));
    const lines = section(text, 'Meeting-diet candidates: recurring meetings by weekly attendee-hours').split('\n');
    expect(lines[2]).not.toContain('Cost');
    expect(lines[3]).toContain('Quarterly planning and roadmap alignment…');
    expect(lines[3]).toContain('1h30m');
  });

  it('shows the top 20 series and says when there are none', () => {
    const many = Array.from({ length: 25 }, (_, i) => series(`Series ${i + 1}`, 25 - i));
    const text = renderText(report({ series: many }));
    expect(text).toContain('Showing 20 of 25.');
    expect(text).toContain('Series 20 ');
    expect(text).not.toContain('Series 21');
    expect(renderText(report({ series: [] }))).toContain('No recurring meetings in the window.');
  });

  it('shows the first 20 warnings and how many more there are', () => {
    const warnings = Array.from({ length: 23 }, (_, i) => ({ code: 'skipped-event', location: `a.ics:${i + 1}`, message: `Broken VEVENT ${i + 1}` }));
    const text = renderText(report({ warnings }));
    expect(text).toContain('Warnings (23)\n=============\n  [skipped-event] a.ics:1\n    Broken VEVENT 1\n');
    expect(text).toContain('Broken VEVENT 20\n');
    expect(text).not.toContain('Broken VEVENT 21');
    expect(text.trimEnd().endsWith('  ... and 3 more')).toBe(true);
    expect(renderText(report({ warnings: [] }))).toContain('Warnings (0)\n============\nNo warnings.');
  });

  it('keeps every line within 100 columns and strips control characters from calendar text', () => {
    const hostile = `Sync\u001b[31m red\nnew line ${'x'.repeat(150)}`;
    const text = renderText(
      report({
        series: [series(hostile, 5, { weeklyCost: 123456.78 })],
        findings: [finding('recurring-without-agenda', 2, `${hostile} ${'word '.repeat(40)}`)],
        warnings: [{ code: 'parse', location: `/very/long/path/${'dir/'.repeat(30)}cal.ics:9`, message: hostile }],
      }),
    );
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(TEXT_WIDTH);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('Sync [31m red new line');
  });

  it('ends with a single newline and uses no colour codes', () => {
    const text = renderText(report());
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(text).not.toMatch(/\u001b\[/);
  });
});
