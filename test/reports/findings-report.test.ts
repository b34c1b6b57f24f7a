import { describe, expect, it } from 'vitest';
import { ReportInputError } from '../../src/reports/aggregate.js';
import { buildFindingsReport, countByRule, rankFindings } from '../../src/reports/findings-report.js';
import { finding } from './sample-report.js';
import { pipeline } from './team-fixture.js';

describe('reports: buildFindingsReport', () => {
  it('ranks findings as the engine does and counts them by rule', () => {
    const findings = [finding('b-rule', 1, 'B1'), finding('a-rule', 3, 'A3'), finding('b-rule', 3, 'B3'), finding('a-rule', 0.5, 'A0')];
    expect(rankFindings(findings).map((f) => f.message)).toEqual(['A3', 'B3', 'B1', 'A0']);
    expect(countByRule(findings)).toEqual([
      { ruleId: 'b-rule', count: 2, hoursAtStake: 4 },
      { ruleId: 'a-rule', count: 2, hoursAtStake: 3.5 },
    ]);
  });

  it('echoes the filters, and cuts the list at the limit while counting everything', () => {
    const p = pipeline();
    const report = buildFindingsReport({ findings: p.findings, team: { id: 'platform', name: 'Platform' }, week: '2024-W10', rule: null, limit: 2 });
    expect(report).toMatchObject({
      kind: 'findings',
      filters: { team: { id: 'platform', name: 'Platform' }, person: null, week: '2024-W10', rule: null },
      total: 7,
      truncated: true,
    });
    expect(report.findings.map((f) => f.ruleId)).toEqual(['recurring-without-end', 'status-meeting-could-be-async']);
    expect(report.byRule.reduce((n, r) => n + r.count, 0)).toBe(7);
    expect(buildFindingsReport({ findings: p.findings }).truncated).toBe(false);
    expect(buildFindingsReport({ findings: [] })).toMatchObject({ total: 0, byRule: [], findings: [] });
  });

  it('refuses a malformed week or limit', () => {
    expect(() => buildFindingsReport({ findings: [], week: '2024W10' })).toThrow(ReportInputError);
    expect(() => buildFindingsReport({ findings: [], limit: -1 })).toThrow(ReportInputError);
  });
});
