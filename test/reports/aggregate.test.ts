import { describe, expect, it } from 'vitest';
import { AuditorError } from '../../src/model/errors.js';
import {
  aggregatePersonWeeks,
  assertGroupSize,
  compareValue,
  compareWithBaseline,
  GroupTooSmallError,
  METRIC_NAMES,
  METRIC_UNITS,
  ReportInputError,
  roundStats,
  roundTo,
  scopeOf,
  summarize,
  weekDates,
} from '../../src/reports/aggregate.js';
import { PERSON_WEEK_COLUMNS } from '../../src/reports/render-csv.js';
import { team, weekMetrics } from '../rules/factory.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('reports: aggregate', () => {
  it('aggregates every numeric PersonWeekMetrics field, in declared order', () => {
    expect([...METRIC_NAMES]).toEqual(PERSON_WEEK_COLUMNS.filter((c) => c !== 'week'));
    expect(Object.keys(METRIC_UNITS)).toEqual([...METRIC_NAMES]);
    expect(METRIC_UNITS.meetingShareOfWorkingTime).toBe('share');
    expect(METRIC_UNITS.meetingCount).toBe('count');
  });

  it('summarizes an empty list as n 0 and nulls', () => {
    expect(summarize([])).toEqual({ n: 0, mean: null, median: null, p90: null, min: null, max: null });
  });

  it('takes the median as the middle value, or the mean of the two middle ones', () => {
    expect(summarize([3, 1, 2])).toEqual({ n: 3, mean: 2, median: 2, p90: 3, min: 1, max: 3 });
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
    expect(summarize([7]).median).toBe(7);
  });

  it('takes p90 by nearest rank: the ceil(0.9 n)-th smallest value', () => {
    expect(summarize(range(10))).toEqual({ n: 10, mean: 5.5, median: 5.5, p90: 9, min: 1, max: 10 });
    expect(summarize(range(9)).p90).toBe(9);
    expect(summarize(range(11)).p90).toBe(10);
    expect(summarize(range(20)).p90).toBe(18);
    // 0.9 * 70 is 63.00000000000001 in floating point: still rank 63.
    expect(summarize(range(70)).p90).toBe(63);
    expect(summarize([5, 5, 100]).p90).toBe(100);
  });

  it('rounds only when asked', () => {
    expect(summarize([1, 2, 2]).mean).toBeCloseTo(5 / 3, 12);
    expect(summarize([1, 2, 2], 2).mean).toBe(1.67);
    expect(summarize([0.1, 0.2], 3).mean).toBe(0.15);
  });

  it('aggregates person-weeks per metric: hours at 2 decimals, shares at 3, nulls skipped', () => {
    const rows = [
      weekMetrics({ meetingHours: 10, meetingShareOfWorkingTime: 0.25, shortNoticeShare: null, meetingCount: 3 }),
      weekMetrics({ meetingHours: 12.5, meetingShareOfWorkingTime: 0.3125, shortNoticeShare: 0.5, meetingCount: 4 }),
      weekMetrics({ meetingHours: 8, meetingShareOfWorkingTime: 0.2, shortNoticeShare: null, meetingCount: 4 }),
      weekMetrics({ meetingHours: 20, meetingShareOfWorkingTime: 0.5, shortNoticeShare: 0.25, meetingCount: 7 }),
      weekMetrics({ meetingHours: 9.25, meetingShareOfWorkingTime: 0.231, shortNoticeShare: null, meetingCount: 5 }),
    ];
    const stats = aggregatePersonWeeks(rows);
    expect(Object.keys(stats)).toEqual([...METRIC_NAMES]);
    // sorted 8, 9.25, 10, 12.5, 20: mean 59.75 / 5; p90 is rank ceil(4.5) = 5.
    expect(stats.meetingHours).toEqual({ n: 5, mean: 11.95, median: 10, p90: 20, min: 8, max: 20 });
    // (0.25 + 0.3125 + 0.2 + 0.5 + 0.231) / 5 = 0.2987
    expect(stats.meetingShareOfWorkingTime).toEqual({ n: 5, mean: 0.299, median: 0.25, p90: 0.5, min: 0.2, max: 0.5 });
    expect(stats.meetingCount).toEqual({ n: 5, mean: 4.6, median: 4, p90: 7, min: 3, max: 7 });
    expect(stats.shortNoticeShare).toEqual({ n: 2, mean: 0.375, median: 0.375, p90: 0.5, min: 0.25, max: 0.5 });
    expect(stats.attendeeCost).toEqual({ n: 0, mean: null, median: null, p90: null, min: null, max: null });
    // Exact figures, rounded later, give the same numbers.
    expect(aggregatePersonWeeks(rows, false).meetingShareOfWorkingTime.mean).toBeCloseTo(0.2987, 10);
    expect(roundStats(aggregatePersonWeeks(rows, false))).toEqual(stats);
  });

  it('compares with a baseline: deltas rounded like the metric, relative change in percent', () => {
    const now = aggregatePersonWeeks([weekMetrics({ meetingHours: 11.95, meetingShareOfWorkingTime: 0.3 }), weekMetrics({ meetingHours: 11.95, meetingShareOfWorkingTime: 0.3 })]);
    const base = aggregatePersonWeeks([weekMetrics({ meetingHours: 10, meetingShareOfWorkingTime: 0.275, focusHours: 0 })]);
    const deltas = compareWithBaseline(now, base);
    expect(deltas.meetingHours).toEqual({ baselineMean: 10, baselineMedian: 10, deltaMean: 1.95, deltaMedian: 1.95, deltaPct: 19.5 });
    expect(deltas.meetingShareOfWorkingTime).toEqual({
      baselineMean: 0.275,
      baselineMedian: 0.275,
      deltaMean: 0.025,
      deltaMedian: 0.025,
      deltaPct: 9.1,
    });
    // A baseline of 0 has no relative change; a metric nobody has compares as missing.
    expect(deltas.focusHours).toMatchObject({ deltaMean: 20, deltaPct: null });
    expect(deltas.attendeeCost).toEqual({ baselineMean: null, baselineMedian: null, deltaMean: null, deltaMedian: null, deltaPct: null });
    expect(compareValue('meetingHours', 9, 12)).toEqual({ value: 9, baseline: 12, delta: -3, deltaPct: -25 });
  });

  it('never shows -0', () => {
    expect(Object.is(roundTo(-0.001, 2), 0)).toBe(true);
  });

  it('dates an ISO week from Monday to Sunday and rejects weeks that do not exist', () => {
    expect(weekDates('2024-W10')).toEqual({ week: '2024-W10', weekStart: '2024-03-04', weekEnd: '2024-03-10' });
    expect(weekDates('2021-W01')).toEqual({ week: '2021-W01', weekStart: '2021-01-04', weekEnd: '2021-01-10' });
    expect(weekDates('2020-W53').weekEnd).toBe('2021-01-03');
    for (const bad of ['2021-W53', '2024-W00', 'W10', '2024-10']) {
      expect(() => weekDates(bad)).toThrow(ReportInputError);
    }
    try {
      weekDates('2021-W53');
    } catch (error) {
      expect((error as ReportInputError).code).toBe('invalid-week');
      expect((error as Error).message).toContain('2021 has no week 53');
    }
  });

  it('throws a typed group-too-small error carrying the team, the count and the minimum', () => {
    const scope = scopeOf(team('platform', [], { name: 'Platform' }));
    let caught: unknown;
    try {
      assertGroupSize(scope, 3, 5, '2024-W10');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GroupTooSmallError);
    expect(caught).toBeInstanceOf(AuditorError);
    const e = caught as GroupTooSmallError;
    expect(e.code).toBe('group-too-small');
    expect(e.team).toEqual({ id: 'platform', name: 'Platform' });
    expect([e.groupSize, e.minGroupSize, e.week]).toEqual([3, 5, '2024-W10']);
    expect(e.message).toBe('Team Platform: only 3 people with data in 2024-W10; aggregates are shown for groups of at least 5');
    expect(() => assertGroupSize(scopeOf(null), 0, 5)).toThrow('Organisation: nobody with data; aggregates are shown for groups of at least 5');
    expect(() => assertGroupSize(scope, 5, 5)).not.toThrow();
    expect(() => assertGroupSize(scope, 5, 0)).toThrow(ReportInputError);
  });
});
