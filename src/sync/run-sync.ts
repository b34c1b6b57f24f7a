/**
 * `meeting-diet sync`: every roster member's calendar through one provider connector, with bounded
 * concurrency. Each calendar is stored in one write when its sync is complete, with its new sync
 * state, so a crash loses at most the calendars in flight and a rerun continues from the stored states.
 * A person whose sync fails becomes a sync gap (shown in every report's coverage); the others complete.
 */
import type { CalendarConnector, SyncOutcome } from '../connectors/types.js';
import type { Definitions } from '../model/definitions.js';
import { AuditorError } from '../model/errors.js';
import type { Person } from '../model/person.js';

/** Where synced calendars go: the local store, or a remote API (`--push`). */
export interface SyncSink {
  /** The state stored after this person's last complete sync at this source, or null. */
  loadState(email: string): Promise<unknown>;
  save(email: string, result: { outcome: SyncOutcome; state: StoredSyncState; timeZone: string | null }): Promise<void>;
  recordGap(email: string, reason: string): Promise<void>;
  clearGap(email: string): Promise<void>;
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

async function syncPerson(job: SyncJob, person: Person): Promise<SyncOutcome> {
  const stored = (await job.sink.loadState(person.email)) as StoredSyncState | null;
  // A state belongs to the window it was taken for: another window needs a full sync.
  const state = stored && stored.fromMs === job.fromMs && stored.toMs === job.toMs ? stored.connector : null;
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

function describeFailure(error: unknown): string {
  if (error instanceof AuditorError) return error.message;
  return `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}
