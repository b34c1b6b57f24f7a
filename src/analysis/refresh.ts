/**
 * Keeps the stored analysis (weekly person metrics, findings, the series inventory) in step with the
 * stored calendars and roster. Writes bump the store's data version; reports call `ensureAnalysis`,
 * which recomputes everything in one pass when the analysis is older than the data. The computation
 * itself is the pure audit (`buildAuditReport`): the API and `meeting-diet audit` measure the same way.
 */
import { definitionsVersionOf } from '../model/definitions.js';
import { classifyOccurrence } from '../model/classify.js';
import { dropRepeatedEvents, type Occurrence } from '../model/occurrence.js';
import { buildAuditReport, type AuditedCalendarSet } from '../reports/build-audit.js';
import type { Analysis, Roster, Store } from '../storage/store.js';

const inFlight = new WeakMap<Store, Promise<void>>();

/** Computes and stores the analysis for a data version: in-process by default, or elsewhere (a worker). */
export type AnalysisRunner = (dataVersion: number, nowMs: number) => Promise<void>;

const runners = new WeakMap<Store, AnalysisRunner>();

/** Runs this store's analyses with `runner` (the Node server uses a worker thread so requests keep flowing). */
export function useAnalysisRunner(store: Store, runner: AnalysisRunner): void {
  runners.set(store, runner);
}

/** Recomputes the analysis when the data changed since the last one. Concurrent callers share one run. */
export async function ensureAnalysis(store: Store, nowMs: number): Promise<void> {
  for (;;) {
    const running = inFlight.get(store);
    if (running) {
      await running;
      continue;
    }
    const [dataVersion, analysisVersion] = await Promise.all([store.getDataVersion(), store.getAnalysisVersion()]);
    if (analysisVersion === dataVersion) return;
    const runner = runners.get(store) ?? ((version: number, now: number) => refreshAnalysis(store, version, now));
    const run = runner(dataVersion, nowMs).finally(() => inFlight.delete(store));
    inFlight.set(store, run);
    await run;
    return;
  }
}

/** Reads the stored data, analyzes it and stores the result, labelled with `dataVersion`. */
export async function refreshAnalysis(store: Store, dataVersion: number, nowMs: number): Promise<void> {
  const [roster, coverage, occurrences] = await Promise.all([store.getRoster(), store.listCoverage(), store.listOccurrences()]);
  await store.replaceAnalysis(analyzeStoredData(roster, coverage, occurrences, dataVersion, nowMs));
}

/** The analysis of stored data: pure, exported for tests. */
export function analyzeStoredData(
  roster: Roster,
  coverage: { person: string; fromMs: number; toMs: number; calendars: number }[],
  occurrences: (Occurrence & { ownerEmail: string })[],
  dataVersion: number,
  nowMs: number,
): Analysis {
  const { definitions } = roster.settings;
  const personByEmail = new Map(roster.people.map((p) => [p.email, p]));
  const byPerson = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    // Classified again: the roster's definitions may have changed since the import.
    const classified = { ...o, ...classifyOccurrence(o, definitions) };
    const list = byPerson.get(o.ownerEmail);
    if (list) list.push(classified);
    else byPerson.set(o.ownerEmail, [classified]);
  }
  const audited: AuditedCalendarSet[] = [];
  let fromMs = Infinity;
  let toMs = -Infinity;
  for (const c of coverage) {
    fromMs = Math.min(fromMs, c.fromMs);
    toMs = Math.max(toMs, c.toMs);
    // Every calendar's owner is a stored person (the store creates unknown owners with the defaults).
    const person = personByEmail.get(c.person)!;
    audited.push({
      person,
      calendars: [],
      // The store lists a person's occurrences by start, then uid: copies of an event sit side by side.
      occurrences: dropRepeatedEvents(byPerson.get(c.person) ?? []),
      window: { fromMs: c.fromMs, toMs: c.toMs },
    });
  }
  if (audited.length === 0) {
    return { dataVersion, atMs: nowMs, definitionsVersion: definitionsVersionOf(definitions), personWeeks: [], findings: [], series: [], gaps: [] };
  }
  const report = buildAuditReport({
    audited,
    roster: roster.people,
    teams: roster.teams,
    definitions,
    rules: roster.settings.rules,
    window: { fromMs, toMs },
    warnings: [],
    gaps: [],
  });
  return {
    dataVersion,
    atMs: nowMs,
    definitionsVersion: definitionsVersionOf(definitions),
    personWeeks: report.people.flatMap((p) => p.weeks.map((metrics) => ({ person: p.email, metrics }))),
    findings: report.findings,
    series: report.series,
    gaps: report.coverage.gaps,
  };
}
