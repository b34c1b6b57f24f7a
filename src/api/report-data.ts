/**
 * Reads what a report needs from the Store and hands it to the pure builders in src/reports.
 * Every reader first brings the analysis up to date with the data.
 */
import type { Context } from 'hono';
import { coverageSpans, membersOf } from '../analysis/baselines.js';
import { ensureAnalysis } from '../analysis/refresh.js';
import type { Finding } from '../model/finding.js';
import type { Person, Team } from '../model/person.js';
import { isoWeekOf, parseInstant } from '../model/time.js';
import { weekStartWall } from '../reports/aggregate.js';
import { isFullWeek, parseBaselineNumbers, type BaselineRef } from '../reports/baseline.js';
import { renderReportCsv, type ReportDocument } from '../reports/render-reports-csv.js';
import { renderReportMarkdown } from '../reports/render-reports-markdown.js';
import type { Baseline, BaselineScope, Store } from '../storage/store.js';
import { ApiError, notFound } from './errors.js';

export interface Group {
  scope: BaselineScope;
  team: Team | null;
  members: Person[];
}

export async function loadGroup(store: Store, teamId: string | undefined): Promise<Group> {
  if (!teamId) return { scope: { type: 'org' }, team: null, members: (await membersOf(store, { type: 'org' })) ?? [] };
  const team = await store.getTeam(teamId);
  if (!team) throw notFound(`team "${teamId}"`);
  return { scope: { type: 'team', teamId }, team, members: (await membersOf(store, { type: 'team', teamId })) ?? [] };
}

/** "2025-W03", or a date (the ISO week it falls in, UTC); checked by the builders' week parser. */
export function parseWeekParam(text: string, name: string): string {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    try {
      return isoWeekOf(parseInstant(t, name));
    } catch {
      throw new ApiError(400, 'invalid-request', `${name} "${text}" is not an ISO week (2025-W03) or a date (2025-01-15)`);
    }
  }
  const week = t.toUpperCase();
  try {
    weekStartWall(week);
  } catch {
    throw new ApiError(400, 'invalid-request', `${name} "${text}" is not an ISO week (2025-W03) or a date (2025-01-15)`);
  }
  return week;
}

/** The latest week every member's data covers fully; else the latest week with data. */
export async function latestWeek(store: Store, members: Person[]): Promise<string> {
  const rows = await store.listPersonWeeks({ people: members.map((p) => p.email) });
  const weeks = [...new Set(rows.map((r) => r.metrics.week))].sort();
  if (weeks.length === 0) throw notFound('data for this group (upload calendars first)');
  const spans = await coverageSpans(store, members);
  return [...weeks].reverse().find((w) => isFullWeek(w, spans)) ?? weeks[weeks.length - 1];
}

export async function baselineRefOf(store: Store, scope: BaselineScope): Promise<BaselineRef | null> {
  const baseline = await store.getLatestBaseline(scope);
  return baseline ? toBaselineRef(baseline) : null;
}

export const toBaselineRef = (b: Baseline): BaselineRef => ({
  id: b.id,
  definitionsVersion: b.definitionsVersion,
  numbers: parseBaselineNumbers(b.numbers),
});

/**
 * The group's findings of a week: those filed under a member, series-wide ones involving a member,
 * and outside-humane-hours findings in which a member pays the tax.
 */
export async function findingsOfGroup(store: Store, members: Person[], week: string | undefined, ruleId?: string): Promise<Finding[]> {
  const emails = new Set(members.map((p) => p.email));
  const own = await store.listFindings({ people: [...emails], week, ruleId, includeUnweeked: week !== undefined });
  const seen = new Set(own.map(keyOf));
  const taxed = (await store.listFindings({ week, ruleId: ruleId ?? 'outside-humane-hours', includeUnweeked: week !== undefined })).filter(
    (f) => f.ruleId === 'outside-humane-hours' && payersOf(f).some((p) => emails.has(p)) && !seen.has(keyOf(f)),
  );
  return [...own, ...taxed];
}

const keyOf = (f: Finding): string => `${f.ruleId}|${f.week}|${JSON.stringify(f.subject)}`;
const payersOf = (f: Finding): string[] => (Array.isArray(f.evidence.payers) ? (f.evidence.payers as string[]) : []);

export { ensureAnalysis };

/** JSON by default; CSV with `Accept: text/csv`, Markdown with `Accept: text/markdown` (or `?format=`). */
export function respondWithReport(c: Context, report: ReportDocument): Response {
  const format = c.req.query('format') ?? acceptedFormat(c.req.header('accept') ?? '');
  switch (format) {
    case 'csv':
      return c.body(renderReportCsv(report), 200, { 'content-type': 'text/csv; charset=utf-8', vary: 'Accept' });
    case 'markdown':
      return c.body(renderReportMarkdown(report), 200, { 'content-type': 'text/markdown; charset=utf-8', vary: 'Accept' });
    case 'json':
      return c.json(report, 200, { vary: 'Accept' });
    default:
      throw new ApiError(400, 'invalid-request', `format "${format}" is not one of json, csv, markdown`);
  }
}

function acceptedFormat(accept: string): string {
  const types = accept
    .split(',')
    .map((part) => {
      const [type, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((t) => t.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { type } of types) {
    if (type === 'text/csv') return 'csv';
    if (type === 'text/markdown' || type === 'text/x-markdown') return 'markdown';
    if (type === 'application/json' || type === '*/*' || type === 'application/*') return 'json';
  }
  return 'json';
}
