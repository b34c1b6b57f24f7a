/**
 * Freezing a Phase 1 baseline: the numbers are computed once from the current analysis and stored
 * with the definitions they were measured with, so later rule or threshold changes never move them.
 */
import { definitionsVersionOf } from '../model/definitions.js';
import type { Person } from '../model/person.js';
import { scopeOf } from '../reports/aggregate.js';
import { buildBaselineNumbers, defaultBaselineWeeks, type CoverageSpan } from '../reports/baseline.js';
import type { Baseline, BaselineScope, Roster, Store } from '../storage/store.js';
import { ensureAnalysis } from './refresh.js';

/** Everyone in the scope: a team's members, or every person in the roster. Null when the team is unknown. */
export async function membersOf(store: Store, scope: BaselineScope): Promise<Person[] | null> {
  return membersOfRoster(await store.getRoster(), scope);
}

/** `membersOf` on a roster already read, in the roster's order. */
export function membersOfRoster({ people, teams }: Pick<Roster, 'people' | 'teams'>, scope: BaselineScope): Person[] | null {
  if (scope.type === 'org') return people;
  const team = teams.find((t) => t.id === scope.teamId);
  if (!team) return null;
  const members = new Set(team.members);
  return people.filter((p) => members.has(p.email));
}

/** Each member's imported span, in their zone: what decides whether a week is fully covered. */
export async function coverageSpans(store: Store, members: Person[]): Promise<CoverageSpan[]> {
  return coverageSpansOf(await store.listCoverage(), members);
}

/** `coverageSpans` on the Store's `listCoverage` rows already read. */
export function coverageSpansOf(coverage: readonly { person: string; fromMs: number; toMs: number }[], members: Person[]): CoverageSpan[] {
  const zoneOf = new Map(members.map((p) => [p.email, p.timeZone]));
  return coverage
    .filter((c) => zoneOf.has(c.person))
    .map((c) => ({ fromMs: c.fromMs, toMs: c.toMs, timeZone: zoneOf.get(c.person) }));
}

export async function freezeBaseline(
  store: Store,
  scope: BaselineScope,
  options: { weeks?: string[]; actor: string; nowMs: number },
): Promise<Baseline> {
  await ensureAnalysis(store, options.nowMs);
  const members = (await membersOf(store, scope)) ?? [];
  const emails = members.map((p) => p.email);
  const rows = await store.listPersonWeeks({ people: emails });
  const weeks = options.weeks
    ? [...new Set(options.weeks)].sort()
    : defaultBaselineWeeks(rows.map((r) => r.metrics.week), await coverageSpans(store, members));
  const { settings } = await store.getRoster();
  const chosen = new Set(weeks);
  const numbers = buildBaselineNumbers({
    weeks,
    personWeeks: rows.filter((r) => chosen.has(r.metrics.week)),
    people: emails,
    minGroupSize: settings.minGroupSize,
    scope: scopeOf(scope.type === 'team' ? { id: scope.teamId, name: scope.teamId } : null),
  });
  return store.createBaseline({
    scope,
    weeks,
    definitionsVersion: definitionsVersionOf(settings.definitions),
    definitions: settings.definitions,
    createdMs: options.nowMs,
    actor: options.actor,
    numbers,
  });
}
