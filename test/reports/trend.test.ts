import { describe, expect, it } from 'vitest';
import { ReportInputError } from '../../src/reports/aggregate.js';
import { buildBaselineNumbers } from '../../src/reports/baseline.js';
import { buildTrendReport, isoWeeksBetween, type TrendInput } from '../../src/reports/trend.js';
import { ana, bo, cy, dee, pipeline } from './team-fixture.js';

function trendInput(over: Partial<TrendInput> = {}): TrendInput {
  const p = pipeline();
  return {
    team: p.team,
    members: p.people,
    weeks: isoWeeksBetween('2024-W08', '2024-W13'),
    personWeeks: p.personWeeks,
    baseline: {
      id: 1,
      definitionsVersion: '2026.11.1',
      numbers: buildBaselineNumbers({ weeks: ['2024-W11', '2024-W12'], personWeeks: p.personWeeks, people: p.people.map((x) => x.email) }),
    },
    minGroupSize: 5,
    definitionsVersion: '2026.11.1',
    ...over,
  };
}

describe('reports: buildTrendReport', () => {
  it('gives each week the aggregates and deltas against the baseline, with the baseline summary on top', () => {
    const report = buildTrendReport(trendInput());
    expect(report).toMatchObject({ kind: 'trend', team: { id: 'platform', name: 'Platform' }, from: '2024-W08', to: '2024-W13', members: 6, minGroupSize: 5 });
    expect(report.baseline).toMatchObject({ id: 1, weeks: ['2024-W11', '2024-W12'], from: '2024-03-11', to: '2024-03-24', people: 6, personWeeks: 12 });
    expect(report.baseline).not.toHaveProperty('persons');
    // The window starts Monday 00:00Z, which is still Sunday in New York: eli has a (nearly empty) W09.
    expect(report.weeks.map((w) => [w.week, w.weekStart, w.groupSize, w.suppressed])).toEqual([
      ['2024-W08', '2024-02-19', 0, true],
      ['2024-W09', '2024-02-26', 1, true],
      ['2024-W10', '2024-03-04', 6, false],
      ['2024-W11', '2024-03-11', 6, false],
      ['2024-W12', '2024-03-18', 6, false],
      ['2024-W13', '2024-03-25', 6, false],
    ]);
    const [, , w10, w11] = report.weeks;
    expect(w10.aggregates?.meetingHours).toEqual({ n: 6, mean: 1.67, median: 1.5, p90: 2.5, min: 1, max: 2.5 });
    expect(w10.deltas?.meetingHours).toEqual({ baselineMean: 1, baselineMedian: 1, deltaMean: 0.67, deltaMedian: 0.5, deltaPct: 66.7 });
    expect(w11.deltas?.meetingHours).toEqual({ baselineMean: 1, baselineMedian: 1, deltaMean: 0, deltaMedian: 0, deltaPct: 0 });
  });

  it('keeps weeks whose group is too small as suppressed, without figures, instead of failing', () => {
    const base = trendInput();
    // Only four members have data in W12.
    const personWeeks = base.personWeeks.filter((r) => r.metrics.week !== '2024-W12' || [ana, bo, cy, dee].includes(r.person));
    const report = buildTrendReport({ ...base, personWeeks });
    const w12 = report.weeks[4];
    expect(w12).toEqual({
      week: '2024-W12',
      weekStart: '2024-03-18',
      weekEnd: '2024-03-24',
      groupSize: 4,
      suppressed: true,
      reason: 'group-too-small',
      message: 'only 4 people with data; figures are shown for groups of at least 5',
      aggregates: null,
      deltas: null,
    });
    expect(report.weeks[0]).toMatchObject({ suppressed: true, groupSize: 0, message: 'no member has data this week', aggregates: null });
    expect(report.weeks[1]).toMatchObject({ suppressed: true, groupSize: 1, message: 'only 1 person with data; figures are shown for groups of at least 5' });
    expect(report.weeks[3].suppressed).toBe(false);
  });

  it('gives no deltas without a baseline, or with one frozen over fewer people than the floor', () => {
    expect(buildTrendReport(trendInput({ baseline: null })).weeks[2]).toMatchObject({ suppressed: false, deltas: null });
    const base = trendInput();
    const small = buildBaselineNumbers({ weeks: ['2024-W11'], personWeeks: base.personWeeks, people: [ana, bo] });
    const report = buildTrendReport({ ...base, baseline: { definitionsVersion: '2026.11.1', numbers: small } });
    expect(report.baseline?.metrics).toBeNull();
    expect(report.weeks[2].deltas).toBeNull();
    expect(report.weeks[2].aggregates).not.toBeNull();
  });

  it('sorts and de-duplicates the weeks and refuses an empty trend', () => {
    const report = buildTrendReport(trendInput({ weeks: ['2024-W11', '2024-W10', '2024-W11'] }));
    expect(report.weeks.map((w) => w.week)).toEqual(['2024-W10', '2024-W11']);
    expect(() => buildTrendReport(trendInput({ weeks: [] }))).toThrow(ReportInputError);
  });
});

describe('reports: isoWeeksBetween', () => {
  it('lists every ISO week in the range, across a year with 53 weeks', () => {
    expect(isoWeeksBetween('2020-W52', '2021-W02')).toEqual(['2020-W52', '2020-W53', '2021-W01', '2021-W02']);
    expect(isoWeeksBetween('2024-W10', '2024-W10')).toEqual(['2024-W10']);
    expect(isoWeeksBetween('2023-W01', '2023-W52')).toHaveLength(52);
  });

  it('refuses a reversed, too long or malformed range', () => {
    expect(() => isoWeeksBetween('2024-W10', '2024-W09')).toThrow('the range ends (2024-W09) before it starts (2024-W10)');
    expect(() => isoWeeksBetween('2019-W01', '2024-W10')).toThrow('at most 261');
    expect(() => isoWeeksBetween('2024-W10', '2024-W12', 2)).toThrow('2024-W10 to 2024-W12 is 3 weeks; at most 2');
    expect(() => isoWeeksBetween('2024-10', '2024-W12')).toThrow(ReportInputError);
  });
});
