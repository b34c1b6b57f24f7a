/** The four API reports built from the shared pipeline, for the renderer tests. */
import { baselineForPerson, buildBaselineNumbers } from '../../src/reports/baseline.js';
import { buildFindingsReport, type FindingsReport } from '../../src/reports/findings-report.js';
import { buildPersonWeekReport, type PersonWeekReport } from '../../src/reports/person-week.js';
import { buildTeamWeekReport, type TeamWeekReport } from '../../src/reports/team-week.js';
import { buildTrendReport, isoWeeksBetween, type TrendReport } from '../../src/reports/trend.js';
import type { Occurrence } from '../../src/model/occurrence.js';
import { at } from '../rules/factory.js';
import { ana, pipeline } from './team-fixture.js';

export interface Reports {
  teamWeek: TeamWeekReport;
  trend: TrendReport;
  personWeek: PersonWeekReport;
  findings: FindingsReport;
}

export function buildReports(extra: Occurrence[] = [], withBaseline = true): Reports {
  const p = pipeline(extra);
  const people = p.people.map((x) => x.email);
  const numbers = buildBaselineNumbers({ weeks: ['2024-W11', '2024-W12'], personWeeks: p.personWeeks, people });
  const baseline = withBaseline ? { id: 1, definitionsVersion: '2026.11.1', numbers } : null;
  const week = '2024-W10';
  return {
    teamWeek: buildTeamWeekReport({
      team: p.team,
      week,
      members: p.people,
      personWeeks: p.personWeeks,
      findings: p.findings,
      series: p.series,
      baseline,
      minGroupSize: 5,
      coverage: p.people.map((m) => ({
        email: m.email,
        calendars: 1,
        lastImportMs: at('2024-04-01T06:00:00Z'),
        fromMs: at('2024-03-04T00:00:00Z'),
        toMs: at('2024-04-01T00:00:00Z'),
      })),
      gaps: [],
      definitionsVersion: '2026.11.1',
    }),
    trend: buildTrendReport({
      team: p.team,
      members: p.people,
      weeks: isoWeeksBetween('2024-W09', '2024-W13'),
      personWeeks: p.personWeeks,
      baseline,
      minGroupSize: 5,
      definitionsVersion: '2026.11.1',
    }),
    personWeek: buildPersonWeekReport({
      person: p.people[0],
      week,
      metrics: p.personWeeks.find((r) => r.person === ana && r.metrics.week === week)!.metrics,
      findings: p.findings.filter((f) => f.person === ana),
      series: p.series,
      baselinePerson: withBaseline ? baselineForPerson(numbers, ana) : null,
      previousWeeks: [],
      definitionsVersion: '2026.11.1',
    }),
    findings: buildFindingsReport({ findings: p.findings, week }),
  };
}
