import { describe, expect, it } from 'vitest';
import { GroupTooSmallError, METRIC_NAMES } from '../../src/reports/aggregate.js';
import { buildBaselineNumbers } from '../../src/reports/baseline.js';
import { buildTeamWeekReport, type TeamWeekInput } from '../../src/reports/team-week.js';
import { at, email, person, series as seriesOf } from '../rules/factory.js';
import { ana, bo, cy, dee, eli, fay, pipeline, type Pipeline } from './team-fixture.js';

const WEEK = '2024-W10';

function input(p: Pipeline, over: Partial<TeamWeekInput> = {}): TeamWeekInput {
  const members = p.people;
  const emails = new Set(members.map((m) => m.email));
  return {
    team: p.team,
    week: WEEK,
    members,
    personWeeks: p.personWeeks.filter((r) => r.metrics.week === WEEK),
    findings: p.findings.filter((f) => f.week === WEEK || f.week === null),
    series: p.series.filter((s) => s.audited.some((e) => emails.has(e))),
    baseline: null,
    minGroupSize: 5,
    coverage: members.map((m) => ({ email: m.email, calendars: 1, lastImportMs: at('2024-04-01T06:00:00Z'), fromMs: at('2024-03-04T00:00:00Z'), toMs: at('2024-04-01T00:00:00Z') })),
    gaps: [],
    definitionsVersion: '2026.11.1',
    ...over,
  };
}

describe('reports: buildTeamWeekReport', () => {
  it('aggregates the members\' person-weeks: mean, median and nearest-rank p90', () => {
    const report = buildTeamWeekReport(input(pipeline()));
    expect(report).toMatchObject({
      kind: 'team-week',
      team: { id: 'platform', name: 'Platform' },
      week: WEEK,
      weekStart: '2024-03-04',
      weekEnd: '2024-03-10',
      definitionsVersion: '2026.11.1',
      minGroupSize: 5,
      groupSize: 6,
    });
    expect(Object.keys(report.aggregates)).toEqual([...METRIC_NAMES]);
    // 1, 1, 1.5, 1.5, 2.5, 2.5: p90 is the 6th (ceil 5.4).
    expect(report.aggregates.meetingHours).toEqual({ n: 6, mean: 1.67, median: 1.5, p90: 2.5, min: 1, max: 2.5 });
    expect(report.aggregates.afterHoursMeetingHours).toEqual({ n: 6, mean: 0.33, median: 0, p90: 1, min: 0, max: 1 });
    // 0.038, 0.038, 0.063, 0.063, 0, 0
    expect(report.aggregates.meetingShareOfWorkingTime).toEqual({ n: 6, mean: 0.034, median: 0.038, p90: 0.063, min: 0, max: 0.063 });
    expect(report.aggregates.shortNoticeShare.n).toBe(0);
    expect(report.baseline).toBeNull();
    expect(report.deltas).toBeNull();
  });

  it('refuses groups under the floor with the team, the count and the minimum', () => {
    const p = pipeline();
    const few = input(p, { personWeeks: input(p).personWeeks.filter((r) => [ana, bo, cy, dee].includes(r.person)) });
    let error: unknown;
    try {
      buildTeamWeekReport(few);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GroupTooSmallError);
    expect(error).toMatchObject({ code: 'group-too-small', team: { id: 'platform', name: 'Platform' }, groupSize: 4, minGroupSize: 5, week: WEEK });
    // Person-weeks of non-members or other weeks do not make up the numbers.
    const padded = { ...few, personWeeks: [...few.personWeeks, ...p.personWeeks.filter((r) => r.person === eli && r.metrics.week !== WEEK)] };
    expect(() => buildTeamWeekReport(padded)).toThrow(GroupTooSmallError);
    expect(buildTeamWeekReport({ ...few, minGroupSize: 4 }).groupSize).toBe(4);
  });

  it('compares with the baseline: deltas of mean and median, and the relative change', () => {
    const p = pipeline();
    const numbers = buildBaselineNumbers({ weeks: ['2024-W11', '2024-W12'], personWeeks: p.personWeeks, people: p.people.map((x) => x.email) });
    const report = buildTeamWeekReport(input(p, { baseline: { id: 3, definitionsVersion: '2026.11.1', numbers } }));
    expect(report.baseline).toMatchObject({ id: 3, weeks: ['2024-W11', '2024-W12'], people: 6, personWeeks: 12, definitionsChanged: false });
    expect(report.baseline).not.toHaveProperty('persons');
    // Baseline weeks have the weekly sync only: 1 h each.
    expect(report.deltas!.meetingHours).toEqual({ baselineMean: 1, baselineMedian: 1, deltaMean: 0.67, deltaMedian: 0.5, deltaPct: 66.7 });
    expect(report.deltas!.meetingCount).toEqual({ baselineMean: 1, baselineMedian: 1, deltaMean: 0.67, deltaMedian: 1, deltaPct: 66.7 });
    expect(report.deltas!.afterHoursMeetingHours.deltaMean).toBe(0);

    // A baseline frozen over fewer people than the floor shows no figures and no deltas.
    const small = buildBaselineNumbers({ weeks: ['2024-W11'], personWeeks: p.personWeeks, people: [ana, bo] });
    const withSmall = buildTeamWeekReport(input(p, { baseline: { definitionsVersion: '2025.1.0', numbers: small } }));
    expect(withSmall.baseline).toMatchObject({ people: 2, metrics: null, definitionsChanged: true });
    expect(withSmall.deltas).toBeNull();
  });

  it('ranks the top findings and counts them by rule', () => {
    const p = pipeline();
    const report = buildTeamWeekReport(input(p, { findings: [...p.findings].reverse(), topFindings: 3 }));
    expect(report.findings.total).toBe(7);
    expect(report.findings.top.map((f) => [f.ruleId, f.hoursAtStake])).toEqual([
      ['recurring-without-end', 6],
      ['status-meeting-could-be-async', 6],
      ['outside-humane-hours', 2],
    ]);
    expect(report.findings.byRule[0]).toEqual({ ruleId: 'no-meeting-day-breach', count: 2, hoursAtStake: 1 });
    expect(report.findings.byRule).toHaveLength(6);
    // Findings of another week are dropped even when passed in.
    const other = { ...p.findings.find((f) => f.ruleId === 'no-meeting-day-breach')!, week: '2024-W11' };
    expect(buildTeamWeekReport(input(p, { findings: [...input(p).findings, other] })).findings.total).toBe(7);
  });

  it('lists the recurring-meeting inventory with weekly attendee-hours and the members in it', () => {
    const p = pipeline(seriesOf({ seriesId: 'big', title: 'All hands', start: '2024-03-08T15:00:00Z', organizer: email('zed'), people: [ana, ...Array.from({ length: 9 }, (_, i) => email(`x${i}`))] }));
    const report = buildTeamWeekReport(input(p));
    expect(report.inventory.total).toBe(2);
    expect(report.inventory.series.map((s) => [s.rank, s.title, s.weeklyAttendeeHours, s.members, s.memberHours, s.hasAgenda, s.cadence, s.participants])).toEqual([
      [1, 'All hands', 11, 1, 1, false, 'weekly', 11],
      [2, 'Platform sync, "core"', 6, 6, 6, true, 'weekly', 6],
    ]);
    expect(buildTeamWeekReport(input(p, { inventorySize: 1 })).inventory).toMatchObject({ total: 2, series: [{ title: 'All hands' }] });
  });

  it('shows the timezone tax by person from the metrics and the outside-humane-hours findings', () => {
    const report = buildTeamWeekReport(input(pipeline()));
    const [first, second, ...rest] = report.timezoneTax.byPerson;
    expect(first).toEqual({ email: eli, name: 'Eli', region: 'Americas', timeZone: 'America/New_York', afterHoursMeetingHours: 1, outsideHumaneHours: 1, outsideHumaneFindings: 1 });
    expect(second).toMatchObject({ email: fay, region: 'APAC', afterHoursMeetingHours: 1, outsideHumaneHours: 1 });
    expect(rest.map((p) => [p.email, p.outsideHumaneHours, p.afterHoursMeetingHours])).toEqual([
      [ana, 0, 0],
      [bo, 0, 0],
      [cy, 0, 0],
      [dee, 0, 0],
    ]);
  });

  it('never shows a region figure over fewer than minGroupSize people', () => {
    const p = pipeline();
    const regions = (minGroupSize: number) =>
      buildTeamWeekReport(input(p, { minGroupSize })).timezoneTax.byRegion.map((r) => [r.region, r.regions, r.people, r.afterHoursMeetingHours.mean, r.outsideHumaneHours.total]);
    // Every region large enough on its own.
    expect(regions(1)).toEqual([
      ['EMEA', ['EMEA'], 4, 0, 0],
      ['APAC', ['APAC'], 1, 1, 1],
      ['Americas', ['Americas'], 1, 1, 1],
    ]);
    // The two small regions together reach the floor: "Other regions".
    expect(regions(2)).toEqual([
      ['EMEA', ['EMEA'], 4, 0, 0],
      ['Other regions', ['APAC', 'Americas'], 2, 1, 2],
    ]);
    // Together still too small: folded into the smallest shown region.
    expect(regions(3)).toEqual([['EMEA + other regions', ['EMEA', 'APAC', 'Americas'], 6, 0.33, 2]]);
    // No region reaches the floor: one group, the whole team.
    expect(regions(5)).toEqual([['All regions', ['APAC', 'Americas', 'EMEA'], 6, 0.33, 2]]);
  });

  it('measures no-meeting-day adherence from the breach findings', () => {
    const report = buildTeamWeekReport(input(pipeline()));
    expect(report.noMeetingDay).toEqual({
      weekday: 'Wednesday',
      isoWeekday: 3,
      members: 6,
      kept: [cy, dee, eli, fay].map((e) => ({ email: e, name: e === eli ? 'Eli' : e === fay ? 'Fay' : null })),
      breached: [
        { email: ana, name: 'Ana', meetings: 1, hours: 0.5 },
        { email: bo, name: null, meetings: 1, hours: 0.5 },
      ],
      adherenceShare: 0.667,
    });
    const p = pipeline();
    expect(buildTeamWeekReport(input(p, { team: { ...p.team, noMeetingDay: null } })).noMeetingDay).toBeNull();
  });

  it('reports the organisation as a whole, without a no-meeting day', () => {
    const report = buildTeamWeekReport(input(pipeline(), { team: null }));
    expect(report.team).toEqual({ id: null, name: 'Organisation' });
    expect(report.noMeetingDay).toBeNull();
    expect(report.groupSize).toBe(6);
  });

  it('reports coverage: members without data, partial weeks, calendars, imports and the week\'s gaps', () => {
    const p = pipeline();
    const gus = person(email('gus'), { teams: ['platform'], name: 'Gus' });
    const base = input(p);
    const report = buildTeamWeekReport({
      ...base,
      members: [...p.people, gus],
      coverage: [
        ...base.coverage.map((c) => (c.email === ana ? { ...c, fromMs: at('2024-03-06T00:00:00Z'), calendars: 2, lastImportMs: at('2024-03-20T00:00:00Z') } : c)),
        { email: email('outsider'), calendars: 5, lastImportMs: at('2024-05-01T00:00:00Z'), fromMs: null, toMs: null },
      ],
      gaps: [
        { calendarId: 'bo-work', ownerEmail: bo, reason: 'HTTP 500', fromMs: at('2024-03-05T00:00:00Z'), toMs: at('2024-03-06T00:00:00Z') },
        { calendarId: 'bo-old', ownerEmail: bo, reason: 'expired', fromMs: at('2024-01-01T00:00:00Z'), toMs: at('2024-01-08T00:00:00Z') },
        { calendarId: 'cy.ics', ownerEmail: cy, reason: 'unreadable', fromMs: null, toMs: null },
        { calendarId: 'other', ownerEmail: email('outsider'), reason: 'x', fromMs: null, toMs: null },
      ],
    });
    expect(report.coverage).toEqual({
      members: 7,
      withData: 6,
      withoutData: [{ email: email('gus'), name: 'Gus' }],
      partialWeek: [{ email: ana, name: 'Ana' }],
      calendars: 7,
      lastImport: '2024-04-01T06:00:00Z',
      oldestImport: '2024-03-20T00:00:00Z',
      gaps: [
        { calendarId: 'bo-work', ownerEmail: bo, reason: 'HTTP 500', fromMs: at('2024-03-05T00:00:00Z'), toMs: at('2024-03-06T00:00:00Z') },
        { calendarId: 'cy.ics', ownerEmail: cy, reason: 'unreadable', fromMs: null, toMs: null },
      ],
    });
  });

  it('never carries a private event\'s title or description', () => {
    const report = buildTeamWeekReport(input(pipeline()));
    const json = JSON.stringify(report);
    expect(json).not.toContain('SECRET');
    expect(json).not.toContain('reorganisation');
    // The long-meeting finding about it names it only as the connector did.
    expect(report.findings.top.concat().some((f) => f.ruleId === 'long-meeting')).toBe(true);
    expect(json).toContain("'Private event'");
  });
});
