/**
 * Reads what a report needs from the Store and hands it to the pure builders in src/reports.
 * Every reader first brings the analysis up to date with the data.
 */
import type { Context } from 'hono';
import { coverageSpansOf, membersOfRoster } from '../analysis/baselines.js';
import { ensureAnalysis } from '../analysis/refresh.js';
import type { Finding } from '../model/finding.js';
import type { Person, Team } from '../model/person.js';
import { isoWeekOf, parseInstant } from '../model/time.js';
import type { DataGap } from '../model/warning.js';
import { weekStartWall } from '../reports/aggregate.js';
import { isFullWeek, parseBaselineNumbers, type BaselineRef } from '../reports/baseline.js';
import { renderReportCsv, type ReportDocument } from '../reports/render-reports-csv.js';
import { renderReportMarkdown } from '../reports/render-reports-markdown.js';
import type { Baseline, BaselineScope, Roster, Store } from '../storage/store.js';
import { ApiError, notFound } from './errors.js';

// --- organisation-wide reads, shared between requests while the data stays the same

/*
 * Every team's report needs a few organisation-wide reads: the roster (for the members and the
 * settings), everyone's coverage, the gaps, and the week's outside-humane-hours findings (a member
 * may pay the tax of a meeting filed under someone in another team). At 1,000 people they cost more
 * than the rest of a team's report together, and they are the same for every team. So each is read
 * once per version and shared by the requests that follow:
 *   - the roster and the coverage change only with writes that bump the data version
 *     (Store.getDataVersion: imports, roster, people, teams), so they are keyed by it;
 *   - the gaps and the findings are the stored analysis, which is replaced as a whole and is a pure
 *     function of the data version it was computed from, so they are keyed by the analysis version.
 * Each read checks the current version first (one small query), so a write by this process or by
 * another one on the same database is seen by the next request. Shared values are deep-frozen: a
 * builder that tried to change one would throw instead of altering the next report.
 */

interface Memo<T> {
  version: number;
  value: T;
}

type CoverageRow = Awaited<ReturnType<Store['listCoverage']>>[number];

const rosterMemo = new WeakMap<Store, Memo<Promise<Roster>>>();
const coverageMemo = new WeakMap<Store, Memo<Promise<CoverageRow[]>>>();
const gapsMemo = new WeakMap<Store, Memo<Promise<DataGap[]>>>();
/** By week ("" for all weeks). */
const humaneMemo = new WeakMap<Store, Memo<Map<string, Promise<Finding[]>>>>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The entry for `version`, made when missing; null when a newer one is there (a write landed meanwhile: read, don't keep). */
function entryOf<T>(cache: WeakMap<Store, Memo<T>>, store: Store, version: number | null, make: () => T): Memo<T> | null {
  if (version === null) return null;
  const hit = cache.get(store);
  if (hit?.version === version) return hit;
  if (hit && hit.version > version) return null;
  const entry = { version, value: make() };
  cache.set(store, entry);
  return entry;
}

/** A shared read: kept unless it fails. */
function shared<T>(read: () => Promise<T>, forget: () => void): Promise<T> {
  const value = read().then(deepFreeze);
  value.catch(forget);
  return value;
}

function memoized<T>(cache: WeakMap<Store, Memo<Promise<T>>>, store: Store, version: number | null, read: () => Promise<T>): Promise<T> {
  const entry = entryOf(cache, store, version, () => shared(read, () => cache.get(store) === entry && cache.delete(store)));
  return entry ? entry.value : read();
}

/** The roster (people, teams, settings) as `store.getRoster()` returns it; shared while the data version holds. */
export async function readRoster(store: Store): Promise<Roster> {
  return memoized(rosterMemo, store, await store.getDataVersion(), () => store.getRoster());
}

/** `store.listCoverage()`, shared while the data version holds. */
export async function readCoverage(store: Store): Promise<CoverageRow[]> {
  return memoized(coverageMemo, store, await store.getDataVersion(), () => store.listCoverage());
}

/** `store.listGaps()`, shared while the stored analysis stays the same. */
export async function readGaps(store: Store): Promise<DataGap[]> {
  return memoized(gapsMemo, store, await store.getAnalysisVersion(), () => store.listGaps());
}

/** The outside-humane-hours findings of a week (with the unweeked ones), or of all weeks, ranked; shared like the gaps. */
async function readHumaneFindings(store: Store, week: string | undefined): Promise<Finding[]> {
  const read = () => store.listFindings({ week, ruleId: 'outside-humane-hours', includeUnweeked: week !== undefined });
  const entry = entryOf(humaneMemo, store, await store.getAnalysisVersion(), () => new Map<string, Promise<Finding[]>>());
  if (!entry) return read();
  const byWeek = entry.value;
  const key = week ?? '';
  let list = byWeek.get(key);
  if (!list) {
    const mine = shared(read, () => byWeek.get(key) === mine && byWeek.delete(key));
    byWeek.set(key, (list = mine));
  }
  return list;
}

export interface Group {
  scope: BaselineScope;
  team: Team | null;
  members: Person[];
}

export async function loadGroup(store: Store, teamId: string | undefined): Promise<Group> {
  const roster = await readRoster(store);
  if (!teamId) return { scope: { type: 'org' }, team: null, members: membersOfRoster(roster, { type: 'org' }) ?? [] };
  // The roster's team is what store.getTeam returns: the same rows, members and leads in the same order.
  const team = roster.teams.find((t) => t.id === teamId);
  if (!team) throw notFound(`team "${teamId}"`);
  return { scope: { type: 'team', teamId }, team, members: membersOfRoster(roster, { type: 'team', teamId }) ?? [] };
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
  const spans = coverageSpansOf(await readCoverage(store), members);
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
  // Only outside-humane-hours findings can be taxed ones: with another rule asked for there are none.
  const humane = ruleId === undefined || ruleId === 'outside-humane-hours' ? await readHumaneFindings(store, week) : [];
  const taxed = humane.filter((f) => payersOf(f).some((p) => emails.has(p)) && !seen.has(keyOf(f)));
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
