/** Where `meeting-diet sync` puts what it read: the local store, or a remote API (`--push URL`). */
import { AuditorError } from '../model/errors.js';
import type { Source } from '../model/occurrence.js';
import type { WorkingHours } from '../model/person.js';
import { formatClockMin } from '../model/time.js';
import type { Store } from '../storage/store.js';
import type { StoredSyncState, SyncSink } from './run-sync.js';

type ProviderSource = Exclude<Source, 'ics'>;

/** The provider calendar we sync per person. */
export const PRIMARY_CALENDAR = 'primary';

export function createStoreSink(
  store: Store,
  source: ProviderSource,
  options: { actor: string; now: () => number; fromMs: number; toMs: number },
): SyncSink {
  return {
    loadState: async (email) => (await store.getCalendar(source, PRIMARY_CALENDAR, email))?.syncState ?? null,
    save: async (email, { outcome, state, timeZone }) => {
      await store.applyCalendarSync({
        source,
        externalId: PRIMARY_CALENDAR,
        ownerEmail: email,
        timeZone,
        fromMs: state.fromMs,
        toMs: state.toMs,
        full: outcome.full,
        upserts: outcome.upserts,
        removals: outcome.removals,
        warnings: outcome.warnings,
        syncState: state,
        actor: options.actor,
        atMs: options.now(),
      });
    },
    recordGap: (email, reason) =>
      store.recordSyncGap({ ownerEmail: email, source, reason, fromMs: options.fromMs, toMs: options.toMs, atMs: options.now() }),
    clearGap: (email) => store.clearSyncGap(email, source),
    savePerson: (person) => store.upsertPerson(person),
  };
}

/** Occurrences per `POST /v1/ingest` request. */
export const PUSH_BATCH = 500;

export interface PushOptions {
  url: string;
  token: string;
  fromMs: number;
  toMs: number;
  fetch?: typeof fetch;
  /** Attempts per request on 429, 5xx and network errors. */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Sends each calendar in batches: the first batch carries `full` and the removals, the last one the
 * sync state, so the remote only records the state once everything before it arrived. Replaying the
 * batches of a calendar in order gives the same result (upserts are keyed, a full batch replaces the window).
 */
export function createPushSink(source: ProviderSource, options: PushOptions): SyncSink {
  const call = createApiCaller(options);
  return {
    loadState: async (email) => {
      const body = (await call('GET', `/v1/ingest/state?source=${source}&person=${encodeURIComponent(email)}`)) as { state: unknown };
      return body.state ?? null;
    },
    save: async (email, { outcome, state, timeZone }) => {
      const batches = Math.max(1, Math.ceil(outcome.upserts.length / PUSH_BATCH));
      for (let i = 0; i < batches; i++) {
        const last = i === batches - 1;
        await call('POST', '/v1/ingest', {
          source,
          externalId: PRIMARY_CALENDAR,
          ownerEmail: email,
          timeZone,
          fromMs: state.fromMs,
          toMs: state.toMs,
          full: i === 0 && outcome.full,
          upserts: outcome.upserts.slice(i * PUSH_BATCH, (i + 1) * PUSH_BATCH),
          removals: i === 0 ? outcome.removals : [],
          warnings: i === 0 ? outcome.warnings : [],
          ...(last ? { syncState: state satisfies StoredSyncState } : {}),
        });
      }
    },
    recordGap: async (email, reason) => {
      await call('POST', '/v1/ingest/gaps', { source, ownerEmail: email, reason, fromMs: options.fromMs, toMs: options.toMs });
    },
    clearGap: async (email) => {
      await call('DELETE', `/v1/ingest/gaps?source=${source}&person=${encodeURIComponent(email)}`);
    },
    savePerson: async (person) => {
      await call('POST', '/v1/people', {
        email: person.email,
        timeZone: person.timeZone,
        region: person.region,
        workingHours: hoursBody(person.workingHours),
        humaneHours: hoursBody(person.humaneHours),
      });
    },
  };
}

const hoursBody = (h: WorkingHours) => ({ days: h.days, start: formatClockMin(h.startMin), end: formatClockMin(h.endMin) });

function createApiCaller(options: PushOptions) {
  const doFetch = options.fetch ?? fetch;
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const base = options.url.replace(/\/+$/, '');
  return async (method: string, path: string, body?: unknown): Promise<unknown> => {
    for (let attempt = 1; ; attempt++) {
      let response: Response | null = null;
      let failure: string;
      try {
        response = await doFetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${options.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: body !== undefined ? JSON.stringify(body) : undefined,
        });
        if (response.ok) return response.status === 204 ? null : await response.json();
        const text = await response.text();
        failure = `${method} ${path}: ${response.status} ${errorMessageOf(text)}`;
        if (response.status !== 429 && response.status < 500) throw new PushError(failure);
      } catch (error) {
        if (error instanceof PushError) throw error;
        failure = `${method} ${path}: ${(error as Error).message}`;
      }
      if (attempt >= attempts) throw new PushError(`${failure} (after ${attempts} attempts)`);
      const retryAfter = Number(response?.headers.get('retry-after'));
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 250 * 2 ** (attempt - 1));
    }
  };
}

function errorMessageOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } };
    return parsed.error?.message ?? text;
  } catch {
    return text.slice(0, 200);
  }
}

export class PushError extends AuditorError {
  constructor(message: string) {
    super('push-failed', message);
  }
}
