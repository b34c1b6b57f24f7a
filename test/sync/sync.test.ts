import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/cli/commands/token.js';
import { createGoogleConnector } from '../../src/connectors/google/index.js';
import { DEFAULT_DEFINITIONS } from '../../src/model/definitions.js';
import { createNodeApp } from '../../src/runtime/node.js';
import { createSqliteStore } from '../../src/storage/node.js';
import type { Store } from '../../src/storage/store.js';
import { runSync } from '../../src/sync/run-sync.js';
import { createPushSink, createStoreSink } from '../../src/sync/sinks.js';
import { cancelledInstance, cancelledOneOff } from '../connectors/google/events.js';
import type { FakeGoogle } from '../connectors/google/fake-google.js';
import { emailOf, MISSING, person, serviceAccountKey, startGoogleOrg, WINDOW } from './google-org.js';

const PEOPLE = 5;
const roster = [...Array.from({ length: PEOPLE }, (_, i) => person(emailOf(i))), person(MISSING)];
const NOW = Date.parse('2025-02-03T08:00:00Z');

async function memoryStore(): Promise<Store> {
  const store = createSqliteStore({ file: ':memory:' });
  await store.migrate();
  return store;
}

function connectorOn(fake: FakeGoogle) {
  return createGoogleConnector({
    credentials: serviceAccountKey(),
    rootUrl: fake.url,
    tokenUrl: fake.tokenUrl,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
  });
}

const syncInto = (fake: FakeGoogle, store: Store) =>
  runSync({
    connector: connectorOn(fake),
    sink: createStoreSink(store, 'google', { actor: 'sync', now: () => NOW, ...WINDOW }),
    people: roster,
    ...WINDOW,
    definitions: DEFAULT_DEFINITIONS,
    concurrency: 3,
  });

/** The stored occurrences in a comparable form (no row ids). */
const snapshot = async (store: Store) =>
  (await store.listOccurrences()).map((o) => `${o.ownerEmail} ${o.uid} ${new Date(o.startMs).toISOString()} ${o.title} ${o.kind}`);

describe('sync: Google into the store', () => {
  let fake: FakeGoogle;
  let store: Store;
  beforeAll(async () => {
    fake = await startGoogleOrg(PEOPLE);
    store = await memoryStore();
  });
  afterAll(async () => {
    await fake.close();
    await store.close();
  });

  it('syncs every roster member and records the one that fails as a data gap', async () => {
    const summary = await syncInto(fake, store);
    expect(summary).toMatchObject({ people: 6, synced: 5, fullSyncs: 5 });
    expect(summary.failed).toEqual([{ email: MISSING, reason: expect.stringMatching(/not found|404/i) }]);
    // 20 stand-ups + 4 one-on-ones + 2 one-offs per person
    expect(summary.events).toBe(5 * 26);
    const byOwner = new Map<string, number>();
    for (const o of await store.listOccurrences()) byOwner.set(o.ownerEmail, (byOwner.get(o.ownerEmail) ?? 0) + 1);
    expect([...byOwner.values()]).toEqual([26, 26, 26, 26, 26]);
    expect(await store.listSyncGaps()).toEqual([expect.objectContaining({ ownerEmail: MISSING, source: 'google' })]);
    expect((await store.listGaps()).map((g) => g.ownerEmail)).toContain(MISSING);
  });

  it("takes each person's zone from their calendar, the roster being the fallback", async () => {
    expect(await store.getPerson(emailOf(0))).toMatchObject({ timeZone: 'America/New_York', region: 'Americas' });
    expect(await store.getPerson(emailOf(1))).toMatchObject({ timeZone: 'Europe/Berlin', region: 'EMEA' });
  });

  it('asks only for changes on the next run: one request per person, deletions applied', async () => {
    fake.reset();
    fake.putEvents(emailOf(0), [cancelledInstance('standup0', '2025-01-08T09:30:00+01:00'), cancelledOneOff('review0')]);
    const summary = await syncInto(fake, store);
    expect(summary).toMatchObject({ synced: 5, fullSyncs: 0 });
    const listCalls = fake.apiRequests().filter((r) => r.path.endsWith('/events'));
    expect(listCalls).toHaveLength(5); // one per synced person (the missing person fails on reading their settings)
    expect(listCalls.filter((r) => r.params.get('syncToken')).length).toBe(5);
    const mine = (await store.listOccurrences({ people: [emailOf(0)] })).map((o) => o.uid);
    expect(mine).toHaveLength(24);
    expect(mine).not.toContain('review0');
  });

  it('clears the gap once the person can be synced', async () => {
    fake.addUser({ email: MISSING, timeZone: 'UTC', events: [] });
    const summary = await syncInto(fake, store);
    expect(summary.failed).toEqual([]);
    expect(await store.listSyncGaps()).toEqual([]);
  });
});

describe('sync: --push to a remote API', () => {
  let fake: FakeGoogle;
  let remote: Store;
  let server: ServerType;
  let url: string;
  let token: string;
  beforeAll(async () => {
    fake = await startGoogleOrg(PEOPLE);
    remote = await memoryStore();
    token = (await createToken(remote, { role: 'admin' }, NOW)).token;
    server = serve({ fetch: createNodeApp(remote, { now: () => NOW }).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await fake.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await remote.close();
  });

  const push = () =>
    runSync({
      connector: connectorOn(fake),
      sink: createPushSink('google', { url, token, ...WINDOW }),
      people: roster,
      ...WINDOW,
      definitions: DEFAULT_DEFINITIONS,
      concurrency: 2,
    });

  it('stores on the remote exactly what a local sync stores, and a rerun is incremental and changes nothing', async () => {
    const first = await push();
    expect(first).toMatchObject({ synced: 5, fullSyncs: 5 });
    expect(await remote.listSyncGaps()).toEqual([expect.objectContaining({ ownerEmail: MISSING })]);

    const local = await memoryStore();
    const localFake = await startGoogleOrg(PEOPLE);
    await syncInto(localFake, local);
    expect(await snapshot(remote)).toEqual(await snapshot(local));
    await localFake.close();
    await local.close();

    const before = await snapshot(remote);
    const second = await push();
    expect(second).toMatchObject({ synced: 5, fullSyncs: 0 });
    expect(await snapshot(remote)).toEqual(before);
  });

  it('rejects a push without an admin token, naming the status', async () => {
    const sink = createPushSink('google', { url, token: 'mdt_wrong', ...WINDOW, attempts: 1 });
    await expect(sink.loadState(emailOf(0))).rejects.toThrow(/401/);
  });
});
