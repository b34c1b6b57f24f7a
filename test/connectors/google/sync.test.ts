import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GoogleSyncState } from '../../../src/connectors/google/index.js';
import { cancelledInstance, cancelledOneOff, instance, oneOff, OWNER, weekdays, weekly, ZONE } from './events.js';
import { startFakeGoogle, type FakeGoogle } from './fake-google.js';
import { oauthConnector, syncOptions } from './helpers.js';

const ms = (iso: string) => Date.parse(iso);

function aliceEvents() {
  return [
    // Mondays 10:00 Berlin; the 3 Feb instance is past the window end.
    ...weekly('2025-01-06T10:00:00+01:00', 5).map((s) => instance('wk1', s)),
    ...weekdays('2025-01-06T09:30:00+01:00', 4).map((s) => instance('su1', s, { summary: 'Stand-up', durationMin: 15 })),
    oneOff('one1', '2025-01-08T14:00:00+01:00', { summary: 'Hiring debrief', durationMin: 60 }),
    oneOff('one2', '2025-01-20T16:00:00+01:00', { summary: 'Planning' }),
    oneOff('old', '2024-12-02T10:00:00+01:00', { summary: 'Long gone' }),
  ];
}

describe('connectors: google sync', () => {
  let fake: FakeGoogle;
  beforeEach(async () => {
    fake = await startFakeGoogle([{ email: OWNER, timeZone: ZONE, events: aliceEvents() }]);
    fake.pageSize = 10;
  });
  afterEach(() => fake.close());

  it('reads every page of a full sync and keeps the last page’s sync token', async () => {
    const { connector } = oauthConnector(fake);
    const progress: number[] = [];
    const out = await connector.sync(OWNER, syncOptions({ onProgress: (n) => progress.push(n) }));

    expect(out.full).toBe(true);
    expect(out.removals).toEqual([]);
    expect(out.warnings).toEqual([]);
    expect(out.upserts).toHaveLength(4 + 20 + 2);
    expect(progress).toEqual([10, 20, 27]);
    expect((out.state as GoogleSyncState).syncToken).toBe('sync-1');
    expect(out.requests).toBe(3);

    const api = fake.apiRequests();
    expect(api).toHaveLength(3);
    for (const r of api) {
      expect(r.path).toBe('/calendar/v3/calendars/primary/events');
      expect(r.params.get('singleEvents')).toBe('true');
      expect(r.params.get('showDeleted')).toBe('true');
      expect(r.params.get('maxResults')).toBe('2500');
      // A day of margin around the window (all-day dates are read in the calendar's zone).
      expect(r.params.get('timeMin')).toBe('2025-01-05T00:00:00.000Z');
      expect(r.params.get('timeMax')).toBe('2025-02-04T00:00:00.000Z');
      expect(r.params.has('syncToken')).toBe(false);
      expect(r.authorization).toBe('Bearer ya29.fake-1');
    }
    expect(api.map((r) => r.params.get('pageToken'))).toEqual([null, 'page-10', 'page-20']);
    expect(fake.tokenRequests()).toHaveLength(1);
    expect(fake.tokenRequests()[0].form?.get('grant_type')).toBe('refresh_token');
  });

  it('keys instances by series and original start, one-offs by their own id', async () => {
    const { connector } = oauthConnector(fake);
    const out = await connector.sync(OWNER, syncOptions());
    const monday = out.upserts.find((o) => o.uid === 'wk1' && o.startMs === ms('2025-01-13T09:00:00Z'))!;
    expect(monday).toMatchObject({
      source: 'google',
      calendarId: OWNER,
      ownerEmail: OWNER,
      seriesId: 'wk1',
      recurrenceIdMs: ms('2025-01-13T09:00:00Z'),
      timeZone: ZONE,
      kind: 'meeting',
      origin: `google:${OWNER}/wk1_20250113T090000Z`,
    });
    expect(monday.recurrence).toMatchObject({ cadence: 'weekly', perWeek: 1, hasEnd: false });
    const standUp = out.upserts.find((o) => o.uid === 'su1')!;
    expect(standUp.recurrence).toMatchObject({ cadence: 'daily', perWeek: 5, rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR (derived from 20 instances)' });
    const debrief = out.upserts.find((o) => o.uid === 'one1')!;
    expect(debrief).toMatchObject({ seriesId: null, recurrence: null, recurrenceIdMs: null, startMs: ms('2025-01-08T13:00:00Z') });
    expect(out.upserts.some((o) => o.startMs >= ms('2025-02-03T00:00:00Z'))).toBe(false);
    expect(Object.keys((out.state as GoogleSyncState).series)).toEqual(['su1', 'wk1']);
  });

  it('turns an incremental answer into upserts and removals, dropping changes outside the window', async () => {
    const { connector } = oauthConnector(fake);
    const first = await connector.sync(OWNER, syncOptions());
    fake.putEvents(OWNER, [
      cancelledInstance('wk1', '2025-01-13T10:00:00+01:00'),
      instance('wk1', '2025-01-20T10:00:00+01:00', { movedTo: '2025-01-21T11:00:00+01:00', updated: '2025-01-10T12:00:00.000Z' }),
      instance('wk1', '2025-02-10T10:00:00+01:00', { summary: 'Renamed later' }),
      cancelledOneOff('one2'),
      oneOff('one1', '2025-01-08T14:00:00+01:00', { movedTo: '2025-01-09T15:00:00+01:00', summary: 'Hiring debrief' }),
      ...weekly('2025-01-15T15:00:00+01:00', 3).map((s) => instance('new1', s, { summary: 'New series' })),
    ]);
    fake.reset();

    const out = await connector.sync(OWNER, syncOptions({ state: first.state }));

    expect(out.full).toBe(false);
    expect(out.requests).toBe(1);
    const [req] = fake.apiRequests();
    expect(req.params.get('syncToken')).toBe('sync-1');
    expect(req.params.has('timeMin') || req.params.has('timeMax')).toBe(false);
    expect(req.params.get('singleEvents')).toBe('true');
    expect(req.params.get('showDeleted')).toBe('true');
    expect(fake.tokenRequests()).toHaveLength(0); // the access token is reused

    expect(out.removals).toEqual([
      { uid: 'one1', instanceStartMs: null }, // a changed one-off: its old row may sit at its old start
      { uid: 'one2', instanceStartMs: null },
      { uid: 'wk1', instanceStartMs: ms('2025-01-13T09:00:00Z') },
      { uid: 'wk1', instanceStartMs: ms('2025-02-10T09:00:00Z') },
    ]);
    expect(out.upserts.map((o) => [o.uid, new Date(o.startMs).toISOString(), o.recurrenceIdMs && new Date(o.recurrenceIdMs).toISOString()])).toEqual([
      ['one1', '2025-01-09T14:00:00.000Z', null],
      ['new1', '2025-01-15T14:00:00.000Z', '2025-01-15T14:00:00.000Z'],
      ['wk1', '2025-01-21T10:00:00.000Z', '2025-01-20T09:00:00.000Z'],
      ['new1', '2025-01-22T14:00:00.000Z', '2025-01-22T14:00:00.000Z'],
      ['new1', '2025-01-29T14:00:00.000Z', '2025-01-29T14:00:00.000Z'],
    ]);
    // The moved instance keeps its series' recurrence from the state; the new series gets one derived.
    expect(out.upserts.find((o) => o.uid === 'wk1')!.recurrence).toMatchObject({ cadence: 'weekly', perWeek: 1 });
    expect(out.upserts.find((o) => o.uid === 'new1')!.recurrence).toMatchObject({ cadence: 'weekly', perWeek: 1 });
    expect((out.state as GoogleSyncState).syncToken).toBe('sync-2');
    expect(Object.keys((out.state as GoogleSyncState).series)).toEqual(['new1', 'su1', 'wk1']);
  });

  it('restarts as a full sync when Google answers 410 fullSyncRequired', async () => {
    const { connector } = oauthConnector(fake);
    const first = await connector.sync(OWNER, syncOptions());
    fake.expireSyncTokens(OWNER);
    fake.reset();

    const out = await connector.sync(OWNER, syncOptions({ state: first.state }));

    expect(out.full).toBe(true);
    expect(out.upserts).toHaveLength(26);
    expect(out.removals).toEqual([]);
    expect(out.warnings.map((w) => w.code)).toEqual(['sync-state-expired']);
    expect(out.requests).toBe(4); // the 410, then three pages
    const api = fake.apiRequests();
    expect(api[0].params.get('syncToken')).toBe('sync-1');
    expect(api.slice(1).every((r) => r.params.has('timeMin') && !r.params.has('syncToken'))).toBe(true);
    expect((out.state as GoogleSyncState).syncToken).toBe(`sync-2`);
  });

  it('ignores a state that is not a Google sync state and syncs in full', async () => {
    const { connector } = oauthConnector(fake);
    const out = await connector.sync(OWNER, syncOptions({ state: { deltaLink: 'https://graph.microsoft.com/...' } }));
    expect(out.full).toBe(true);
    expect(fake.apiRequests()[0].params.has('timeMin')).toBe(true);
  });

  it('measures requests per person: full = one per 2,500 events, incremental = one', async () => {
    fake.pageSize = 2500;
    const { connector } = oauthConnector(fake);
    const full = await connector.sync(OWNER, syncOptions());
    fake.putEvents(OWNER, [cancelledOneOff('one2')]);
    const incremental = await connector.sync(OWNER, syncOptions({ state: full.state }));
    const settings = await connector.readSettings(OWNER);
    expect({ full: full.requests, incremental: incremental.requests, tokenGrants: fake.tokenRequests().length }).toEqual({
      full: 1,
      incremental: 1,
      tokenGrants: 1,
    });
    expect(settings.timeZone).toBe(ZONE);
    expect(fake.apiRequests()).toHaveLength(4); // + settings/timezone and calendars/primary
  });
});
