import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../src/reports/aggregate.js';
import { baselineForPerson, buildBaselineNumbers } from '../../src/reports/baseline.js';
import { buildPersonWeekReport, type PersonWeekInput } from '../../src/reports/person-week.js';
import { ana, cy, eli, pipeline } from './team-fixture.js';

const WEEK = '2024-W10';

function personInput(email: string, over: Partial<PersonWeekInput> = {}): PersonWeekInput {
  const p = pipeline();
  const numbers = buildBaselineNumbers({ weeks: ['2024-W11', '2024-W12'], personWeeks: p.personWeeks, people: p.people.map((x) => x.email) });
  const weeks = p.personWeeks.filter((r) => r.person === email).map((r) => r.metrics);
  return {
    person: p.people.find((x) => x.email === email)!,
    week: WEEK,
    metrics: weeks.find((w) => w.week === WEEK) ?? null,
    findings: p.findings.filter((f) => f.person === email),
    series: p.series,
    baselinePerson: baselineForPerson(numbers, email),
    baselineDefinitionsVersion: '2026.11.1',
    previousWeeks: weeks,
    definitionsVersion: '2026.11.1',
    ...over,
  };
}

describe('reports: buildPersonWeekReport', () => {
  it('shows the person\'s own metrics against their own baseline means', () => {
    const report = buildPersonWeekReport(personInput(ana));
    expect(report).toMatchObject({
      kind: 'person-week',
      person: { email: ana, name: 'Ana', timeZone: 'Europe/Berlin', region: 'EMEA', teams: ['platform'] },
      week: WEEK,
      weekStart: '2024-03-04',
      weekEnd: '2024-03-10',
      message: null,
    });
    expect(report.metrics?.meetingHours).toBe(1.5);
    expect(report.baseline).toMatchObject({ weeks: ['2024-W11', '2024-W12'], definitionsChanged: false });
    expect(Object.keys(report.deltas!)).toEqual([...METRIC_NAMES]);
    expect(report.deltas!.meetingHours).toEqual({ value: 1.5, baseline: 1, delta: 0.5, deltaPct: 50 });
    expect(report.deltas!.focusHours).toEqual({ value: 38.5, baseline: 39, delta: -0.5, deltaPct: -1.3 });
    expect(report.deltas!.shortNoticeShare).toEqual({ value: null, baseline: null, delta: null, deltaPct: null });
  });

  it('ranks the person\'s findings of the week and their series-wide ones, dropping other weeks', () => {
    const base = personInput(ana);
    const other = { ...base.findings.find((f) => f.ruleId === 'no-meeting-day-breach')!, week: '2024-W11' };
    const report = buildPersonWeekReport({ ...base, findings: [other, ...base.findings] });
    expect(report.findings.total).toBe(5);
    expect(report.findings.top.map((f) => [f.ruleId, f.week])).toEqual([
      ['recurring-without-end', null],
      ['status-meeting-could-be-async', null],
      ['outside-humane-hours', null],
      ['no-note-taker', null],
      ['no-meeting-day-breach', WEEK],
    ]);
  });

  it('lists the series on the person\'s calendar with their role and own weekly hours', () => {
    expect(buildPersonWeekReport(personInput(ana)).series).toEqual([
      {
        rank: 1,
        seriesId: 'sync',
        title: 'Platform sync, "core"',
        organizer: ana,
        cadence: 'weekly',
        perWeek: 1,
        durationMin: 60,
        participants: 6,
        weeklyAttendeeHours: 6,
        weeklyCost: null,
        hasAgenda: true,
        hasEnd: false,
        role: 'organizer',
        hoursPerWeek: 1,
      },
    ]);
    expect(buildPersonWeekReport(personInput(eli)).series[0]).toMatchObject({ role: 'attendee', hoursPerWeek: 1 });
    const p = pipeline();
    expect(buildPersonWeekReport(personInput(eli, { series: p.series.map((s) => ({ ...s, audited: [ana] })) })).series).toEqual([]);
  });

  it('says clearly when there is no data for the week', () => {
    const report = buildPersonWeekReport(personInput(ana, { week: '2024-W20', metrics: null }));
    expect(report.metrics).toBeNull();
    expect(report.deltas).toBeNull();
    expect(report.message).toBe(
      'No calendar data for ana@example.com in 2024-W20 (2024-05-13 to 2024-05-19): no calendar of theirs was imported for that week.',
    );
    // Metrics of another week are not this week's.
    expect(buildPersonWeekReport(personInput(ana, { week: '2024-W20' })).metrics).toBeNull();
  });

  it('keeps earlier weeks as history, oldest first, and works without a baseline', () => {
    const base = personInput(ana, { week: '2024-W12', baselinePerson: null });
    const report = buildPersonWeekReport({ ...base, metrics: base.previousWeeks!.find((w) => w.week === '2024-W12')!, previousWeeks: [...base.previousWeeks!].reverse() });
    expect(report.history.map((w) => w.week)).toEqual(['2024-W10', '2024-W11']);
    expect(report.baseline).toBeNull();
    expect(report.deltas).toBeNull();
    expect(report.metrics?.week).toBe('2024-W12');
  });

  it('never carries a private event\'s description', () => {
    const json = JSON.stringify(buildPersonWeekReport(personInput(cy)));
    expect(json).toContain("'Private event'");
    expect(json).not.toContain('SECRET');
  });
});
