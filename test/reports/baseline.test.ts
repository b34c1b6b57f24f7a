import { describe, expect, it } from 'vitest';
import { GroupTooSmallError, ReportInputError } from '../../src/reports/aggregate.js';
import {
  baselineForPerson,
  buildBaselineNumbers,
  defaultBaselineWeeks,
  isFullWeek,
  parseBaselineNumbers,
  summarizeBaseline,
} from '../../src/reports/baseline.js';
import { at, weekMetrics, WINDOW } from '../rules/factory.js';
import { ana, eli, pipeline } from './team-fixture.js';

const row = (person: string, week: string, over: Parameters<typeof weekMetrics>[0] = {}) => ({
  person,
  metrics: weekMetrics({ week, ...over }),
});

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not throw');
}

describe('reports: buildBaselineNumbers', () => {
  const personWeeks = [
    row('a', '2024-W10', { meetingHours: 10, shortNoticeShare: 0.5 }),
    row('a', '2024-W11', { meetingHours: 14, shortNoticeShare: null }),
    row('b', '2024-W10', { meetingHours: 6 }),
    row('c', '2024-W10', { meetingHours: 8 }),
    row('c', '2024-W11', { meetingHours: 9, shortNoticeShare: 0.2 }),
    // Not in scope, and not a baseline week: both ignored.
    row('d', '2024-W10', { meetingHours: 99 }),
    row('a', '2024-W12', { meetingHours: 99 }),
  ];

  it('takes each person\'s mean over their baseline weeks, then team figures over people', () => {
    const numbers = buildBaselineNumbers({ weeks: ['2024-W11', '2024-W10'], personWeeks, people: ['a', 'b', 'c'] });
    expect(numbers.format).toBe(1);
    expect(numbers.weeks).toEqual(['2024-W10', '2024-W11']);
    expect(numbers.people).toBe(3);
    expect(numbers.personWeeks).toBe(5);
    // Person means 12, 6, 8.5: each person counts once, whatever their number of weeks.
    expect(numbers.metrics.meetingHours).toEqual({ n: 3, mean: 8.83, median: 8.5, p90: 12, min: 6, max: 12 });
    expect(numbers.metrics.shortNoticeShare).toEqual({ n: 2, mean: 0.35, median: 0.35, p90: 0.5, min: 0.2, max: 0.5 });
    expect(numbers.metrics.attendeeCost.n).toBe(0);
    expect(numbers.persons.map((p) => [p.email, p.weeks, p.means.meetingHours, p.means.shortNoticeShare])).toEqual([
      ['a', ['2024-W10', '2024-W11'], 12, 0.5],
      ['b', ['2024-W10'], 6, null],
      ['c', ['2024-W10', '2024-W11'], 8.5, 0.2],
    ]);
    expect(baselineForPerson(numbers, 'b')?.means.meetingHours).toBe(6);
    expect(baselineForPerson(numbers, 'd')).toBeNull();
  });

  it('refuses an empty or data-less baseline and malformed weeks', () => {
    expect((caught(() => buildBaselineNumbers({ weeks: [], personWeeks, people: ['a'] })) as ReportInputError).code).toBe('not-enough-weeks');
    const none = caught(() => buildBaselineNumbers({ weeks: ['2024-W20'], personWeeks, people: ['a'] })) as ReportInputError;
    expect(none.code).toBe('no-baseline-data');
    expect(none.message).toBe('nobody in scope has data in the baseline weeks 2024-W20');
    expect((caught(() => buildBaselineNumbers({ weeks: ['2024-10'], personWeeks, people: ['a'] })) as ReportInputError).code).toBe('invalid-week');
  });

  it('refuses to freeze numbers over fewer people than the floor, when given one', () => {
    const e = caught(() =>
      buildBaselineNumbers({ weeks: ['2024-W10'], personWeeks, people: ['a', 'b', 'c'], minGroupSize: 5, scope: { id: 'x', name: 'X' } }),
    ) as GroupTooSmallError;
    expect(e).toBeInstanceOf(GroupTooSmallError);
    expect([e.code, e.groupSize, e.minGroupSize, e.team.id]).toEqual(['group-too-small', 3, 5, 'x']);
  });

  it('freezes the real pipeline\'s person-weeks and survives a JSON round trip', () => {
    const p = pipeline();
    const numbers = buildBaselineNumbers({ weeks: ['2024-W10', '2024-W11'], personWeeks: p.personWeeks, people: p.people.map((x) => x.email) });
    expect(numbers.people).toBe(6);
    expect(numbers.personWeeks).toBe(12);
    // W10: 1.5, 1.5, 2.5, 2.5, 1, 1; W11: the weekly sync only (1 h each). Person means 1.25, 1.25, 1.75, 1.75, 1, 1.
    expect(numbers.metrics.meetingHours).toEqual({ n: 6, mean: 1.33, median: 1.25, p90: 1.75, min: 1, max: 1.75 });
    expect(baselineForPerson(numbers, eli)?.means.afterHoursMeetingHours).toBe(1);
    expect(baselineForPerson(numbers, ana)?.means.meetingCount).toBe(1.5);
    expect(parseBaselineNumbers(JSON.parse(JSON.stringify(numbers)))).toEqual(numbers);
  });

  it('rejects stored numbers of another shape', () => {
    for (const bad of [null, 'x', { format: 2 }, { format: 1, weeks: [], people: 1, personWeeks: 1 }, { format: 1, weeks: [], people: 1, personWeeks: 1, persons: [], metrics: { meetingHours: 3 } }]) {
      expect((caught(() => parseBaselineNumbers(bad)) as ReportInputError).code).toBe('invalid-baseline');
    }
  });

  it('summarizes a baseline without the per-person means, withholding figures under the floor', () => {
    const numbers = buildBaselineNumbers({ weeks: ['2024-W10', '2024-W11'], personWeeks, people: ['a', 'b', 'c'] });
    const summary = summarizeBaseline({ id: 7, definitionsVersion: '2026.11.1', numbers }, '2026.11.1', 3);
    expect(summary).toMatchObject({ id: 7, weeks: ['2024-W10', '2024-W11'], from: '2024-03-04', to: '2024-03-17', people: 3, personWeeks: 5 });
    expect(summary.definitionsChanged).toBe(false);
    expect(summary.metrics?.meetingHours.mean).toBe(8.83);
    expect(JSON.stringify(summary)).not.toContain('persons');
    const withheld = summarizeBaseline({ definitionsVersion: '2025.1.0', numbers }, '2026.11.1', 5);
    expect(withheld.metrics).toBeNull();
    expect(withheld.id).toBeNull();
    expect(withheld.definitionsChanged).toBe(true);
  });
});

describe('reports: defaultBaselineWeeks', () => {
  const weeks = ['2024-W12', '2024-W10', '2024-W11', '2024-W13'];

  it('takes the first two weeks with data when nothing is known about coverage', () => {
    expect(defaultBaselineWeeks(weeks)).toEqual(['2024-W10', '2024-W11']);
    expect(defaultBaselineWeeks(weeks, [])).toEqual(['2024-W10', '2024-W11']);
  });

  it('skips a first week the data does not cover from its Monday', () => {
    // The export starts on Wednesday 2024-03-06: W10 is partial.
    const coverage = [{ fromMs: at('2024-03-06T00:00:00Z'), toMs: at('2024-04-01T00:00:00Z'), timeZone: 'Europe/Berlin' }];
    expect(defaultBaselineWeeks(weeks, coverage)).toEqual(['2024-W11', '2024-W12']);
  });

  it('reads coverage by local dates, so a window cut at midnight UTC covers the local week', () => {
    const utcMonday = { fromMs: at('2024-03-04T00:00:00Z'), toMs: at('2024-04-01T00:00:00Z') };
    // Monday 01:00 in Berlin, Monday 09:00 in Tokyo: still Monday 2024-03-04.
    expect(isFullWeek('2024-W10', [{ ...utcMonday, timeZone: 'Europe/Berlin' }])).toBe(true);
    expect(isFullWeek('2024-W10', [{ ...utcMonday, timeZone: 'Asia/Tokyo' }])).toBe(true);
    // Sunday 16:00 in Los Angeles: W10 is covered, the end falls on Sunday 2024-03-31 evening: W13 too.
    expect(isFullWeek('2024-W10', [{ ...utcMonday, timeZone: 'America/Los_Angeles' }])).toBe(true);
    expect(isFullWeek('2024-W13', [{ ...utcMonday, timeZone: 'America/Los_Angeles' }])).toBe(true);
    // In Tokyo the window ends Monday 2024-04-01 08:59: it touches W14 partly, W13 fully.
    expect(isFullWeek('2024-W14', [{ ...utcMonday, timeZone: 'Asia/Tokyo' }])).toBe(false);
    expect(isFullWeek('2024-W13', [{ ...utcMonday, timeZone: 'Asia/Tokyo' }])).toBe(true);
    // A week nobody's data touches is not full either.
    expect(isFullWeek('2024-W20', [{ ...utcMonday, timeZone: 'UTC' }])).toBe(false);
  });

  it('skips a week in which anyone\'s data starts or ends', () => {
    const coverage = [
      { fromMs: at('2024-03-04T00:00:00Z'), toMs: at('2024-04-01T00:00:00Z'), timeZone: 'UTC' },
      // A second person whose export starts on Thursday of W11.
      { fromMs: at('2024-03-14T00:00:00Z'), toMs: at('2024-04-01T00:00:00Z'), timeZone: 'UTC' },
    ];
    expect(defaultBaselineWeeks(weeks, coverage)).toEqual(['2024-W10', '2024-W12']);
  });

  it('skips the partial weeks at both ends of the real pipeline\'s window', () => {
    const p = pipeline();
    const weeksWithData = [...new Set(p.personWeeks.map((r) => r.metrics.week))].sort();
    // Monday 00:00Z is still Sunday in New York (a W09 for eli); the window's end is Monday in Berlin and Tokyo (a W14).
    expect(weeksWithData).toEqual(['2024-W09', '2024-W10', '2024-W11', '2024-W12', '2024-W13', '2024-W14']);
    const coverage = p.people.map((x) => ({ fromMs: WINDOW.fromMs, toMs: WINDOW.toMs, timeZone: x.timeZone }));
    expect(defaultBaselineWeeks(weeksWithData, coverage)).toEqual(['2024-W10', '2024-W11']);
    expect(defaultBaselineWeeks(weeksWithData, coverage, 4)).toEqual(['2024-W10', '2024-W11', '2024-W12', '2024-W13']);
    expect(() => defaultBaselineWeeks(weeksWithData, coverage, 5)).toThrow('found 4 (2024-W10, 2024-W11, 2024-W12, 2024-W13) among 6 weeks');
  });

  it('throws when fewer than two full weeks exist', () => {
    const coverage = [{ fromMs: at('2024-03-06T00:00:00Z'), toMs: at('2024-03-20T00:00:00Z'), timeZone: 'UTC' }];
    const e = caught(() => defaultBaselineWeeks(weeks, coverage)) as ReportInputError;
    expect(e).toBeInstanceOf(ReportInputError);
    expect(e.code).toBe('not-enough-weeks');
    expect(e.message).toBe(
      'a default baseline needs 2 full weeks of data; found 1 (2024-W11) among 4 weeks with data ' +
        '(a week is full when every imported calendar covers all seven days of it)',
    );
    expect((caught(() => defaultBaselineWeeks(['2024-W10'])) as ReportInputError).code).toBe('not-enough-weeks');
    expect(defaultBaselineWeeks(['2024-W10'], undefined, 1)).toEqual(['2024-W10']);
  });
});
