/**
 * Findings as a list report (`GET /v1/findings`), and the ranking and per-rule counts the weekly
 * and personal reports share. Findings are shown as the rules engine produced them: private events
 * already carry "Private event" as their title and evidence never carries description text.
 */
import type { Finding } from '../model/finding.js';
import { compareFindings } from '../rules/engine.js';
import { ReportInputError, roundTo, weekStartWall, type ReportScope } from './aggregate.js';

/** Findings of one rule in a list. */
export interface RuleCount {
  ruleId: string;
  count: number;
  /** Sum of the findings' hoursAtStake, 2 decimals. */
  hoursAtStake: number;
}

/** The findings of a report: how many, per rule, and the top ones. */
export interface FindingsSummary {
  total: number;
  /** Most findings first; ties by hours at stake, then rule id. */
  byRule: RuleCount[];
  /** The first `limit` findings as the engine ranks them (hoursAtStake, then rule id, message, subject). */
  top: Finding[];
}

/** A ranked copy: largest hoursAtStake first, as `runRules` and the Store rank them. */
export const rankFindings = (findings: readonly Finding[]): Finding[] => [...findings].sort(compareFindings);

export function countByRule(findings: readonly Finding[]): RuleCount[] {
  const byRule = new Map<string, RuleCount>();
  for (const f of findings) {
    let c = byRule.get(f.ruleId);
    if (!c) byRule.set(f.ruleId, (c = { ruleId: f.ruleId, count: 0, hoursAtStake: 0 }));
    c.count++;
    c.hoursAtStake += f.hoursAtStake;
  }
  return [...byRule.values()]
    .map((c) => ({ ...c, hoursAtStake: roundTo(c.hoursAtStake, 2) }))
    .sort((a, b) => b.count - a.count || b.hoursAtStake - a.hoursAtStake || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

export function summarizeFindings(findings: readonly Finding[], limit: number): FindingsSummary {
  return { total: findings.length, byRule: countByRule(findings), top: rankFindings(findings).slice(0, Math.max(0, limit)) };
}

/** `GET /v1/findings`: the findings matching the filters, ranked. */
export interface FindingsReport {
  kind: 'findings';
  /** The filters the list was selected with, echoed (null: not filtered on). */
  filters: { team: ReportScope | null; person: string | null; week: string | null; rule: string | null };
  /** Findings given (before `limit`). */
  total: number;
  /** True when `limit` cut the list. */
  truncated: boolean;
  byRule: RuleCount[];
  findings: Finding[];
}

export interface FindingsReportInput {
  /** Already selected by the filters (the Store's `listFindings`); ranked again here. */
  findings: Finding[];
  team?: ReportScope | null;
  person?: string | null;
  week?: string | null;
  rule?: string | null;
  /** At most this many findings (default: all). */
  limit?: number;
}

export function buildFindingsReport(input: FindingsReportInput): FindingsReport {
  const week = input.week ?? null;
  if (week !== null) weekStartWall(week);
  const limit = input.limit ?? Infinity;
  if (!(limit >= 0)) throw new ReportInputError('invalid-range', `limit must be 0 or more, not ${input.limit}`);
  const ranked = rankFindings(input.findings);
  const shown = ranked.slice(0, limit);
  return {
    kind: 'findings',
    filters: { team: input.team ?? null, person: input.person ?? null, week, rule: input.rule ?? null },
    total: ranked.length,
    truncated: shown.length < ranked.length,
    byRule: countByRule(ranked),
    findings: shown,
  };
}
