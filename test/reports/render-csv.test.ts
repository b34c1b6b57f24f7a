import { describe, expect, it } from 'vitest';
import { finding, series, week as sampleWeek } from './sample-report.js';
import type { PersonWeekMetrics } from '../../src/metrics/types.js';
import type { AuditReport } from '../../src/reports/audit-report.js';
import { PERSON_WEEK_COLUMNS, renderCsv } from '../../src/reports/render-csv.js';

/** The shared sample week, with a refocus tax that only rounds cleanly if the CSV rounds it. */
function week(name: string, fields: Partial<PersonWeekMetrics> = {}): PersonWeekMetrics {
  return sampleWeek(name, { refocusTaxHours: 0.1 + 0.2, ...fields });
}

function person(email: string, name: string | null, weeks: PersonWeekMetrics[], region = 'EMEA'): AuditReport['people'][number] {
  return { email, name, timeZone: 'Europe/Berlin', region, teams: [], calendars: [], weeks };
}

function report(fields: Partial<AuditReport> = {}): AuditReport {
  return {
    definitionsVersion: '2026.11.1',
    window: { from: '2024-03-04', to: '2024-03-18' },
    people: [
      {
        email: 'alice@example.com',
        name: 'Alice',
        timeZone: 'Europe/Berlin',
        region: 'EMEA',
        teams: ['platform'],
        calendars: ['alice.ics'],
        weeks: [
          week('2024-W10'),
          week('2024-W11', { meetingCount: 14, meetingHours: 16.25, meetingShareOfWorkingTime: 0.40625, backToBackChains: 5, shortNoticeShare: null, attendeeCost: 4000.5 }),
        ],
      },
      {
        email: 'bob@example.com',
        name: null,
        timeZone: 'America/New_York',
        region: 'Americas',
        teams: [],
        calendars: ['bob.ics'],
        weeks: [],
      },
    ],
    series: [
      series('Weekly sync', 6, { weeklyCost: 600, hasAgenda: true }),
      series('Daily stand-up', 3.75, { cadence: 'daily', perWeek: 5, durationMin: 15, participants: 3, hasEnd: true }),
    ],
    findings: [
      finding('outside-humane-hours', 3.5, 'Alice has 3.5 h of meetings outside humane hours in 2024-W10.', 'critical'),
      finding('recurring-without-agenda', 1.25, 'Weekly sync has no agenda.'),
    ],
    warnings: [{ code: 'capped-recurrence', location: 'alice.ics:120', message: 'Recurrence capped at 5000 occurrences.' }],
    coverage: {
      calendars: 2,
      occurrences: 120,
      meetings: 90,
      excluded: { declined: 5, cancelled: 3, free: 0 },
      notMeetings: {},
      gaps: [],
    },
    ...fields,
  };
}

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

describe('reports: renderCsv', () => {
  it('lists every PersonWeekMetrics field once, in declared order, starting with week', () => {
    const sample = week('2024-W10');
    expect([...PERSON_WEEK_COLUMNS]).toEqual(Object.keys(sample));
    expect(new Set(PERSON_WEEK_COLUMNS).size).toBe(PERSON_WEEK_COLUMNS.length);
  });

  it('writes a header and one row per person-week, with CRLF line ends', () => {
    const text = renderCsv(report());
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['email', 'name', 'timeZone', 'region', ...PERSON_WEEK_COLUMNS]);
    expect(header.slice(0, 6)).toEqual(['email', 'name', 'timeZone', 'region', 'week', 'workingHours']);
    // Bob has no weeks, so no rows.
    expect(rows.map((r) => [r[0], r[4]])).toEqual([
      ['alice@example.com', '2024-W10'],
      ['alice@example.com', '2024-W11'],
    ]);
    for (const row of rows) expect(row).toHaveLength(header.length);
  });

  it('writes numbers as plain numbers without float noise and nulls as empty cells', () => {
    const [header, first, second] = parseCsv(renderCsv(report()));
    const column = (row: string[], name: string) => row[header.indexOf(name)];
    expect(column(first, 'meetingHours')).toBe('12');
    expect(column(second, 'meetingHours')).toBe('16.25');
    expect(column(second, 'meetingShareOfWorkingTime')).toBe('0.4063');
    expect(column(first, 'shortNoticeShare')).toBe('0.1');
    expect(column(first, 'attendeeCost')).toBe('');
    expect(column(second, 'shortNoticeShare')).toBe('');
    expect(column(second, 'attendeeCost')).toBe('4000.5');
    expect(column(first, 'refocusTaxHours')).toBe('0.3');
    expect(column(first, 'name')).toBe('Alice');
  });

  it('quotes fields holding commas, quotes or newlines and doubles the quotes', () => {
    const text = renderCsv(
      report({ people: [person('x@example.com', 'Doe, "Jay"\nJr.', [week('2024-W10')])] }),
    );
    expect(text.split('\r\n')[1].startsWith('x@example.com,"Doe, ""Jay""\nJr.",Europe/Berlin,EMEA,2024-W10,')).toBe(true);
    expect(parseCsv(text)[1][1]).toBe('Doe, "Jay"\nJr.');
  });

  it('defuses spreadsheet formulas in text cells', () => {
    const people = [
      person('=cmd@example.com', '=HYPERLINK("http://evil.example","click")', [week('2024-W10')]),
      person('a@example.com', '+1 555', [week('2024-W10')], '-Region'),
      person('b@example.com', '@SUM(A1)', [week('2024-W10')]),
      person('c@example.com', '\tTabbed', [week('2024-W10')]),
    ];
    const rows = parseCsv(renderCsv(report({ people }))).slice(1);
    expect(rows.map((r) => r[1])).toEqual([`'=HYPERLINK("http://evil.example","click")`, `'+1 555`, `'@SUM(A1)`, `'\tTabbed`]);
    expect(rows[0][0]).toBe(`'=cmd@example.com`);
    expect(rows[1][3]).toBe(`'-Region`);
  });

  it('leaves negative numbers alone: they are numbers, not formulas', () => {
    const text = renderCsv(report({ people: [person('a@example.com', null, [week('2024-W10', { focusHours: -0.5 })])] }));
    const [header, row] = parseCsv(text);
    expect(row[header.indexOf('focusHours')]).toBe('-0.5');
    expect(row[1]).toBe('');
  });

  it('writes only the header for a report without person-weeks', () => {
    expect(renderCsv(report({ people: [] }))).toBe(`${['email', 'name', 'timeZone', 'region', ...PERSON_WEEK_COLUMNS].join(',')}\r\n`);
  });
});
