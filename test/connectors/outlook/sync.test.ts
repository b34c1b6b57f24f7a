import { describe, expect, it } from 'vitest';
import type { OutlookSyncState } from '../../../src/connectors/outlook/index.js';
import { mapGraphEvent } from '../../../src/connectors/outlook/map-event.js';
import { DEFAULT_DEFINITIONS } from '../../../src/model/definitions.js';
import { ConnectorError } from '../../../src/model/errors.js';
import { FakeGraph } from './fake-graph.js';
import { ALICE, connectTo, fixtureMailbox, syncOptions, useFakeGraph } from './harness.js';

const DELTA = /\/calendarView\/delta$/;
const SERIES_MASTER = 'AAMkAGI2TG93AAABEgAQAMjQ-master';

const fake = useFakeGraph();

describe('outlook: full sync', () => {
  it('follows every nextLink to the deltaLink with the Prefer header on every page', async () => {
    const { connector } = connectTo(fake);
    const progress: number[] = [];
    const out = await connector.sync(ALICE, syncOptions(undefined, { onProgress: (n) => progress.push(n) }));

    const pages = fake.graphRequests().filter((r) => r.path.includes('/calendarView/delta'));
    expect(pages).toHaveLength(3); // 12 instances, odata.maxpagesize=5
    expect(pages[0].path).toBe('/v1.0/users/alice%40contoso.com/calendarView/delta?startDateTime=2025-01-06T00:00:00.000Z&endDateTime=2025-02-03T00:00:00.000Z');
    expect(pages[1].path).toMatch(/\?\$skiptoken=/);
    for (const r of fake.graphRequests()) {
      expect(r.prefer).toBe('outlook.timezone="UTC", outlook.body-content-type="text", odata.maxpagesize=5');
      expect(r.authorization).toBe('Bearer fake-access-token-1');
    }
    expect(progress).toEqual([5, 10, 12]);

    expect(out.full).toBe(true);
    expect(out.removals).toEqual([]);
    expect(out.warnings).toEqual([]);
    expect((out.state as OutlookSyncState).deltaLink).toMatch(new RegExp(`^${fake.base}/v1\\.0/users/alice%40contoso\\.com/calendarView/delta\\?\\$deltatoken=`));
    expect(out.state).toMatchObject({ fromMs: syncOptions().fromMs, toMs: syncOptions().toMs });
  });

  it('returns what mapping the recorded items gives, reading each series master once', async () => {
    const { connector } = connectTo(fake);
    const out = await connector.sync(ALICE, syncOptions());
    const box = fixtureMailbox();
    const expected = box.instances.map((e) =>
      mapGraphEvent(e, { ownerEmail: ALICE, timeZone: 'Europe/Berlin', definitions: DEFAULT_DEFINITIONS, master: e.seriesMasterId ? box.masters![e.seriesMasterId] : null }),
    );
    const byUid = (a: { uid: string }, b: { uid: string }) => a.uid.localeCompare(b.uid);
    expect([...out.upserts].sort(byUid)).toEqual(expected.sort(byUid));
    const masterReads = fake.graphRequests().filter((r) => r.path.includes('/events/'));
    expect(masterReads.map((r) => r.path.split('?')[0])).toEqual([`/v1.0/users/alice%40contoso.com/events/${SERIES_MASTER}`]);
    expect(masterReads[0].path).toContain('$select=subject,body,');
    // Requests per person for a full sync: 3 delta pages + 1 series master.
    expect(out.requests).toBe(4);
    expect(fake.tokenRequests()).toHaveLength(1);
  });

  it('costs one page and one series-master read at the default page size', async () => {
    const out = await connectTo(fake, { pageSize: undefined }).connector.sync(ALICE, syncOptions());
    expect(fake.graphRequests()[0].prefer).toContain('odata.maxpagesize=200');
    expect(out.requests).toBe(2);
  });

  it('drops instances that overlap the window but start before it', async () => {
    fake.upsert(ALICE, {
      id: 'early', type: 'singleInstance', subject: 'Late-night release', isOrganizer: true, attendees: [],
      start: { dateTime: '2025-01-05T23:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2025-01-06T01:00:00.0000000', timeZone: 'UTC' },
    });
    const out = await connectTo(fake).connector.sync(ALICE, syncOptions());
    expect(out.upserts.map((o) => o.uid)).not.toContain('early');
    expect(out.upserts).toHaveLength(12);
  });

  it('infers the cadence of a series whose master cannot be read, with a warning', async () => {
    const box = fixtureMailbox();
    fake.setMailbox(ALICE, { ...box, masters: {} });
    const out = await connectTo(fake).connector.sync(ALICE, syncOptions());
    expect(out.warnings.map((w) => w.code)).toEqual(['outlook-series-master-missing']);
    const occurrence = out.upserts.find((o) => o.uid === 'AAMkAGI2TG93AAABEgAQAMjQ-occ-20250106')!;
    expect(occurrence).toMatchObject({ seriesId: SERIES_MASTER, title: '', recurrence: { cadence: 'weekly', rule: 'inferred:every-7-days' } });
  });
});

describe('outlook: incremental sync', () => {
  it('reads only the changes from the stored deltaLink: @removed items and changed events', async () => {
    const { connector } = connectTo(fake);
    const first = await connector.sync(ALICE, syncOptions());
    const declined = fixtureMailbox().instances.find((e) => e.id === 'AAMkADVxTAAA-budget')!;
    fake.upsert(ALICE, { ...declined, subject: 'Quarterly budget review (moved)', responseStatus: { response: 'accepted' }, showAs: 'busy', start: { dateTime: '2025-01-09T13:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2025-01-09T14:00:00.0000000', timeZone: 'UTC' } });
    fake.remove(ALICE, 'AAMkAGI2TG93AAABEgAQAMjQ-occ-20250127');
    const custom = fixtureMailbox().instances.find((e) => e.id === 'AAMkADZone-custom')!;
    fake.upsert(ALICE, { ...custom, start: { dateTime: '2025-03-10T15:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2025-03-10T15:30:00.0000000', timeZone: 'UTC' } });
    fake.requests = [];

    const out = await connector.sync(ALICE, syncOptions(first.state));
    expect(fake.graphRequests().map((r) => r.path)).toEqual([new URL((first.state as OutlookSyncState).deltaLink).pathname + new URL((first.state as OutlookSyncState).deltaLink).search]);
    expect(fake.graphRequests()[0].prefer).toContain('outlook.timezone="UTC"');
    expect(out.full).toBe(false);
    expect(out.upserts).toHaveLength(1);
    expect(out.upserts[0]).toMatchObject({ uid: 'AAMkADVxTAAA-budget', title: 'Quarterly budget review (moved)', startMs: Date.parse('2025-01-09T13:00:00Z'), kind: 'meeting' });
    // A changed event replaces every row stored under its id (its start, and so its key, moved).
    expect(out.removals).toEqual(
      expect.arrayContaining([
        { uid: 'AAMkADVxTAAA-budget', instanceStartMs: null },
        { uid: 'AAMkAGI2TG93AAABEgAQAMjQ-occ-20250127', instanceStartMs: null },
        { uid: 'AAMkADZone-custom', instanceStartMs: null },
      ]),
    );
    expect(out.removals).toHaveLength(3);
    expect(out.requests).toBe(1);
    expect((out.state as OutlookSyncState).deltaLink).not.toBe((first.state as OutlookSyncState).deltaLink);
  });

  it('costs one request when nothing changed, and reads the master of a changed series instance', async () => {
    const { connector } = connectTo(fake);
    const first = await connector.sync(ALICE, syncOptions());
    const quiet = await connector.sync(ALICE, syncOptions(first.state));
    expect(quiet).toMatchObject({ full: false, upserts: [], removals: [], requests: 1 });

    fake.upsert(ALICE, { id: 'AAMkAGI2TG93AAABEgAQAMjQ-occ-20250106', seriesMasterId: SERIES_MASTER, type: 'occurrence', start: { dateTime: '2025-01-06T08:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2025-01-06T08:45:00.0000000', timeZone: 'UTC' } });
    const changed = await connector.sync(ALICE, syncOptions(quiet.state));
    expect(changed.requests).toBe(2);
    expect(changed.upserts[0]).toMatchObject({ title: 'Team sync', endMs: Date.parse('2025-01-06T08:45:00Z'), recurrence: { cadence: 'weekly' } });
  });

  it('starts a full round when the deltaLink is stale (410) and says so', async () => {
    const { connector } = connectTo(fake);
    const first = await connector.sync(ALICE, syncOptions());
    fake.expireDeltaTokens();
    fake.requests = [];
    const out = await connector.sync(ALICE, syncOptions(first.state));
    expect(out.full).toBe(true);
    expect(out.upserts).toHaveLength(12);
    expect(out.removals).toEqual([]);
    expect(out.warnings.map((w) => w.code)).toEqual(['outlook-delta-reset']);
    expect(out.requests).toBe(5); // the 410, 3 pages, 1 master
    expect(fake.graphRequests()[1].path).toContain('startDateTime=2025-01-06T00:00:00.000Z');
  });

  it('syncs in full when the stored state was made for another window', async () => {
    const { connector } = connectTo(fake);
    const first = await connector.sync(ALICE, syncOptions());
    const out = await connector.sync(ALICE, syncOptions(first.state, { toMs: Date.parse('2025-02-10T00:00:00Z') }));
    expect(out.full).toBe(true);
    expect(fake.graphRequests().filter((r) => r.path.includes('endDateTime=2025-02-10'))).toHaveLength(1);
  });
});

describe('outlook: throttling and server errors', () => {
  it('honours 429 Retry-After and then succeeds', async () => {
    const { connector, sleeps } = connectTo(fake);
    fake.failNext(DELTA, { status: 429, retryAfter: '1', code: 'ApplicationThrottled' });
    const out = await connector.sync(ALICE, syncOptions());
    expect(sleeps).toEqual([1000]);
    expect(out.upserts).toHaveLength(12);
    expect(out.requests).toBe(5); // 4 + the throttled attempt
  });

  it('honours 503 Retry-After as an HTTP-date', async () => {
    const { connector, sleeps } = connectTo(fake);
    fake.failNext(DELTA, { status: 503, retryAfter: new Date(Date.now() + 2000).toUTCString() });
    await connector.sync(ALICE, syncOptions());
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(0);
    expect(sleeps[0]).toBeLessThanOrEqual(2000);
  });

  it('retries a 500 with backoff and then succeeds', async () => {
    const { connector, sleeps } = connectTo(fake, { retry: { baseDelayMs: 200 } });
    fake.failNext(DELTA, { status: 500, code: 'InternalServerError' }, { status: 502 });
    const out = await connector.sync(ALICE, syncOptions());
    expect(out.upserts).toHaveLength(12);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(200);
    expect(sleeps[0]).toBeLessThanOrEqual(250);
    expect(sleeps[1]).toBeGreaterThanOrEqual(400); // doubled
    expect(out.requests).toBe(6);
  });

  it('gives up after the bounded retries as rate-limited with the server\'s Retry-After', async () => {
    const { connector, sleeps } = connectTo(fake, { retry: { maxRetries: 2 } });
    fake.failNext(DELTA, ...Array.from({ length: 3 }, () => ({ status: 429, retryAfter: '7' })));
    const error = await connector.sync(ALICE, syncOptions()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ source: 'outlook', kind: 'rate-limited', retryAfterMs: 7000 });
    expect(sleeps).toEqual([7000, 7000]);
  });

  it('does not wait out a Retry-After longer than the limit', async () => {
    const { connector, sleeps } = connectTo(fake);
    fake.failNext(DELTA, { status: 429, retryAfter: '3600' });
    await expect(connector.sync(ALICE, syncOptions())).rejects.toMatchObject({ kind: 'rate-limited', retryAfterMs: 3_600_000 });
    expect(sleeps).toEqual([]);
  });

  it('reports an unknown user as not-found', async () => {
    const { connector } = connectTo(fake);
    await expect(connector.sync('nobody@contoso.com', syncOptions())).rejects.toMatchObject({ name: 'ConnectorError', kind: 'not-found', code: 'connector-not-found' });
    await expect(connector.readSettings('nobody@contoso.com')).rejects.toMatchObject({ kind: 'not-found', message: expect.stringContaining('ErrorInvalidUser') });
  });

  it('reports an unreachable Graph as a network error after retrying', async () => {
    const dead = await new FakeGraph().start();
    const base = dead.base;
    await dead.close();
    const { connector, sleeps } = connectTo(fake, {
      baseUrl: base,
      retry: { maxRetries: 1 },
      credentials: { kind: 'token-credential', credential: { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) }, scopes: ['x/.default'] },
    });
    await expect(connector.sync(ALICE, syncOptions())).rejects.toMatchObject({ kind: 'network', message: expect.stringContaining('ECONNREFUSED') });
    expect(sleeps).toHaveLength(1);
  });
});
