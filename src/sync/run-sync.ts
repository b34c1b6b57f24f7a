/**
 * `meeting-diet sync`: every roster member's calendar through one provider connector, with bounded
 * concurrency. Each calendar is stored in one write when its sync is complete, with its new sync
 * state, so a crash loses at most the calendars in flight and a rerun continues from the stored states.
 * A person whose sync fails becomes a sync gap (shown in every report's coverage); the others complete.
 */
import type { CalendarConnector, CalendarSettings, SyncOutcome } from '../connectors/types.js';
import type { Definitions } from '../model/definitions.js';
import { AuditorError } from '../model/errors.js';
import { regionOfTimeZone, type Person, type WorkingHours } from '../model/person.js';

/** Where synced calendars go: the local store, or a remote API (`--push`). */
export interface SyncSink {
  /** The state stored after this person's last complete sync at this source, or null. */
  loadState(email: string): Promise<unknown>;
  save(email: string, result: { outcome: SyncOutcome; state: StoredSyncState; timeZone: string | null }): Promise<void>;
  recordGap(email: string, reason: string): Promise<void>;
  clearGap(email: string): Promise<void>;
  /** Stores a person whose zone or working hours the provider reported. */
  savePerson(person: Person): Promise<void>;
}

/** What is kept per calendar: the connector's state and the window it belongs to. */
export interface StoredSyncState {
  fromMs: number;
  toMs: number;
  connector: unknown;
}

export type SyncEvent =
  | { type: 'start'; email: string }
  | { type: 'progress'; email: string; events: number }
  | { type: 'done'; email: string; full: boolean; events: number; removed: number; requests: number }
  | { type: 'failed'; email: string; reason: string };

export interface SyncJob {
  connector: CalendarConnector;
  sink: SyncSink;
  people: Person[];
  fromMs: number;
  toMs: number;
  definitions: Definitions;
  concurrency: number;
  onEvent?(event: SyncEvent): void;
}

export interface SyncSummary {
  people: number;
  synced: number;
  failed: { email: string; reason: string }[];
  fullSyncs: number;
  events: number;
  requests: number;
}

export async function runSync(job: SyncJob): Promise<SyncSummary> {
  const summary: SyncSummary = { people: job.people.length, synced: 0, failed: [], fullSyncs: 0, events: 0, requests: 0 };
  const queue = [...job.people];
  const worker = async () => {
    for (let person = queue.shift(); person; person = queue.shift()) {
      job.onEvent?.({ type: 'start', email: person.email });
      try {
        const outcome = await syncPerson(job, person);
        summary.synced++;
        summary.events += outcome.upserts.length;
        summary.requests += outcome.requests;
        if (outcome.full) summary.fullSyncs++;
        job.onEvent?.({ type: 'done', email: person.email, full: outcome.full, events: outcome.upserts.length, removed: outcome.removals.length, requests: outcome.requests });
      } catch (error) {
        const reason = describeFailure(error);
        summary.failed.push({ email: person.email, reason });
        await job.sink.recordGap(person.email, reason);
        job.onEvent?.({ type: 'failed', email: person.email, reason });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(job.concurrency, job.people.length)) }, worker));
  return summary;
}

async function syncPerson(job: SyncJob, rosterPerson: Person): Promise<SyncOutcome> {
  const stored = (await job.sink.loadState(rosterPerson.email)) as StoredSyncState | null;
  // A state belongs to the window it was taken for: another window needs a full sync.
  const state = stored && stored.fromMs === job.fromMs && stored.toMs === job.toMs ? stored.connector : null;
  let person = rosterPerson;
  if (state === null) {
    // The calendar's own zone and working hours (read once, with the full sync) come first; the roster is the fallback.
    person = withProviderSettings(rosterPerson, await job.connector.readSettings(rosterPerson.email));
    if (person !== rosterPerson) await job.sink.savePerson(person);
  }
  const outcome = await job.connector.sync(person.email, {
    fromMs: job.fromMs,
    toMs: job.toMs,
    state,
    definitions: job.definitions,
    timeZone: person.timeZone,
    onProgress: (events) => job.onEvent?.({ type: 'progress', email: person.email, events }),
  });
  await job.sink.save(person.email, {
    outcome,
    state: { fromMs: job.fromMs, toMs: job.toMs, connector: outcome.state },
    timeZone: person.timeZone,
  });
  await job.sink.clearGap(person.email);
  return outcome;
}

export function withProviderSettings(person: Person, settings: CalendarSettings): Person {
  const timeZone = settings.timeZone ?? person.timeZone;
  const workingHours = settings.workingHours ?? person.workingHours;
  if (timeZone === person.timeZone && sameHours(workingHours, person.workingHours)) return person;
  return {
    ...person,
    timeZone,
    region: timeZone === person.timeZone ? person.region : regionOfTimeZone(timeZone),
    workingHours,
    // Humane hours that simply followed the working hours keep following them.
    humaneHours: sameHours(person.humaneHours, person.workingHours) ? workingHours : person.humaneHours,
  };
}

const sameHours = (a: WorkingHours, b: WorkingHours): boolean =>
  a.startMin === b.startMin && a.endMin === b.endMin && a.days.join() === b.days.join();

function describeFailure(error: unknown): string {
  if (error instanceof AuditorError) return error.message;
  return `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}
