import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../../config/roster.js';
import type { CalendarConnector } from '../../connectors/types.js';
import { createVault, parseSecretKey } from '../../connectors/vault.js';
import { InputError } from '../../model/errors.js';
import type { Person } from '../../model/person.js';
import { DAY_MS, mondayOfWall } from '../../model/time.js';
import { rosterOfConfig } from '../../runtime/node.js';
import type { Store } from '../../storage/store.js';
import { googleOptions, loadSettings, outlookOptions } from '../../sync/credentials.js';
import { runSync, type SyncEvent } from '../../sync/run-sync.js';
import { createPushSink, createStoreSink } from '../../sync/sinks.js';
import type { CliIo } from '../io.js';
import { dbFileOf, openStore } from '../store.js';
import { parseInstant } from '../window.js';
import { googleConsentSlot } from './connect.js';

const SOURCES = ['google', 'outlook'] as const;
type ProviderSource = (typeof SOURCES)[number];

/** Weeks before the current one a sync covers by default (the current week is included). */
export const DEFAULT_SYNC_WEEKS = 12;

interface SyncFlags {
  source: string;
  roster?: string;
  from?: string;
  to?: string;
  concurrency: string;
  db?: string;
  credentials?: string;
  push?: string;
  deviceCode?: boolean;
  progress?: boolean;
}

export function registerSync(program: Command, io: CliIo): void {
  program
    .command('sync')
    .description("read every roster member's Google or Outlook calendar into the store (incremental after the first run)")
    .option('--source <source>', SOURCES.join(' | '), 'google')
    .option('--roster <file>', 'roster/config file (default: the people already in the database)')
    .option('--from <date>', `window start (default: Monday ${DEFAULT_SYNC_WEEKS} weeks before this week)`)
    .option('--to <date>', 'window end, exclusive (default: next Monday)')
    .option('--concurrency <n>', 'people synced at once', '4')
    .option('--db <file>', 'SQLite database file (default: $MEETING_DIET_DB or ./meeting-diet.db); keeps sync state and stored consents')
    .option('--credentials <file>', 'credentials file (JSON/YAML with MEETING_DIET_* names); the environment overrides it')
    .option('--push <url>', 'send the occurrences to a remote meeting-diet API (POST /v1/ingest) instead; token from MEETING_DIET_PUSH_TOKEN')
    .option('--device-code', 'Outlook: sign one person in with a device code instead of app-only credentials')
    .option('--no-progress', 'plain log lines even on a terminal')
    .action(async (flags: SyncFlags) => {
      const source = flags.source as ProviderSource;
      if (!SOURCES.includes(source)) throw new InputError(`--source "${flags.source}" is not one of ${SOURCES.join(', ')}`);
      const concurrency = Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new InputError(`--concurrency "${flags.concurrency}" must be 1..64`);
      const window = syncWindow(flags.from, flags.to, io.now());
      const pushToken = process.env.MEETING_DIET_PUSH_TOKEN;
      if (flags.push && !pushToken) throw new InputError('--push needs the remote API token in MEETING_DIET_PUSH_TOKEN (never on the command line)');

      const store = await openStore(dbFileOf(flags.db));
      try {
        const config = flags.roster ? await loadConfig(flags.roster) : null;
        if (config && !flags.push) await store.replaceRoster(rosterOfConfig(config));
        const people = config ? config.people : (await store.getRoster()).people;
        if (people.length === 0) throw new InputError('nobody to sync: give --roster FILE, or import a roster first');
        const definitions = config ? config.definitions : (await store.getRoster()).settings.definitions;
        const connector = await createConnector(source, flags, store, people, io);
        const sink = flags.push
          ? createPushSink(source, { url: flags.push, token: pushToken!, ...window })
          : createStoreSink(store, source, { actor: 'sync', now: io.now, ...window });

        const progress = createProgress(io, people.length, flags.progress !== false && process.stderr.isTTY === true, source);
        const began = io.now();
        const summary = await runSync({ connector, sink, people, ...window, definitions, concurrency, onEvent: progress.onEvent });
        progress.stop();
        const seconds = (io.now() - began) / 1000;
        io.error(
          `sync ${source}: ${summary.synced} of ${summary.people} people, ${summary.events} events ` +
            `(${summary.fullSyncs} full, ${summary.synced - summary.fullSyncs} incremental), ${summary.requests} API requests, ` +
            `${seconds.toFixed(1)} s${summary.failed.length > 0 ? `, ${summary.failed.length} failed (recorded as data gaps)` : ''}`,
        );
        for (const f of summary.failed) io.error(`failed ${f.email}: ${f.reason}`);
        if (summary.failed.length > 0) io.setExitCode(1);
      } finally {
        await store.close();
      }
    });
}

async function createConnector(source: ProviderSource, flags: SyncFlags, store: Store, people: Person[], io: CliIo): Promise<CalendarConnector> {
  const settings = loadSettings(process.env, flags.credentials);
  if (source === 'outlook') {
    if (flags.deviceCode && people.length !== 1) throw new InputError('--device-code signs in one person: give a roster with one person');
    // The SDKs load only for the command that needs them: every other command starts faster.
    const { createOutlookConnector } = await import('../../connectors/outlook/index.js');
    return createOutlookConnector(outlookOptions(settings, flags.deviceCode === true, (message) => io.error(message)));
  }
  const options = await googleOptions(settings, async () => {
    if (people.length !== 1) throw new InputError('one person\'s Google consent syncs only that person: give a roster with one person, or a service account');
    const sealed = await store.getCredential(googleConsentSlot(people[0].email));
    return sealed ? createVault(parseSecretKey(process.env.MEETING_DIET_SECRET_KEY)).open(googleConsentSlot(people[0].email), sealed) : null;
  });
  const { createGoogleConnector } = await import('../../connectors/google/index.js');
  return createGoogleConnector(options);
}

/** Dates are midnight UTC; the default covers the last DEFAULT_SYNC_WEEKS weeks and the current one. */
export function syncWindow(from: string | undefined, to: string | undefined, nowMs: number): { fromMs: number; toMs: number } {
  const thisMonday = mondayOfWall(nowMs);
  const toMs = to ? parseInstant(to, '--to') : thisMonday + 7 * DAY_MS;
  const fromMs = from ? parseInstant(from, '--from') : thisMonday - DEFAULT_SYNC_WEEKS * 7 * DAY_MS;
  if (fromMs >= toMs) throw new InputError(`--from must be before --to (got ${from ?? 'default'} .. ${to ?? 'default'})`);
  return { fromMs, toMs };
}

/** A progress bar on a terminal (people, events, errors, ETA); one log line per person otherwise. */
function createProgress(io: CliIo, total: number, tty: boolean, source: string) {
  let events = 0;
  let errors = 0;
  const inFlight = new Map<string, number>();
  const bar = tty
    ? new SingleBar({
        format: `sync ${source} |{bar}| {value}/{total} people | {events} events | {errors} errors | ETA {eta_formatted} | {current}`,
        stream: process.stderr,
        hideCursor: true,
      })
    : null;
  bar?.start(total, 0, { events: 0, errors: 0, current: '' });
  const payload = (current: string) => ({ events: events + [...inFlight.values()].reduce((a, b) => a + b, 0), errors, current });
  return {
    onEvent(e: SyncEvent) {
      if (e.type === 'start') inFlight.set(e.email, 0);
      if (e.type === 'progress') inFlight.set(e.email, e.events);
      if (e.type === 'done' || e.type === 'failed') inFlight.delete(e.email);
      if (e.type === 'done') events += e.events;
      if (e.type === 'failed') errors++;
      if (bar) {
        if (e.type === 'done' || e.type === 'failed') bar.increment(1, payload(e.email));
        else bar.update(payload(e.email));
      } else if (e.type === 'done') {
        io.error(`synced ${e.email}: ${e.full ? 'full' : 'incremental'}, ${e.events} events, ${e.removed} removed, ${e.requests} requests`);
      } else if (e.type === 'failed') {
        io.error(`failed ${e.email}: ${e.reason}`);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}
