import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

const batch = (over: Record<string, unknown> = {}) => ({
  source: 'google',
  externalId: 'primary',
  ownerEmail: 'ana@example.com',
  timeZone: 'Europe/Lisbon',
  fromMs: Date.parse('2025-01-06T00:00:00Z'),
  toMs: Date.parse('2025-02-03T00:00:00Z'),
  full: true,
  upserts: [],
  removals: [],
  warnings: [],
  ...over,
});

describe('api: ingest (sync --push)', () => {
  let h: Harness;
  let member: string;
  beforeAll(async () => {
    h = await createHarness();
    member = await h.token('member', { personEmail: 'ana@example.com' });
  });

  it('stores a batch and its sync state, creating the person', async () => {
    const { status, body } = await h.json('/v1/ingest', { method: 'POST', type: 'application/json', body: JSON.stringify(batch({ syncState: { token: 'abc' } })) });
    expect(status).toBe(200);
    expect(body).toMatchObject({ occurrences: 0, removed: 0 });
    expect(await h.store.getPerson('ana@example.com')).not.toBeNull();
    const state = await h.json('/v1/ingest/state?source=google&person=ana@example.com');
    expect(state.body).toEqual({ state: { token: 'abc' } });
  });

  it('validates the batch (400) and keeps it to admins (403)', async () => {
    const bad = await h.json('/v1/ingest', { method: 'POST', type: 'application/json', body: JSON.stringify(batch({ upserts: [{ uid: 'x' }] })) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid-request');
    const window = await h.json('/v1/ingest', { method: 'POST', type: 'application/json', body: JSON.stringify(batch({ toMs: 0 })) });
    expect(window.status).toBe(400);
    const asMember = await h.json('/v1/ingest', { token: member, method: 'POST', type: 'application/json', body: JSON.stringify(batch()) });
    expect(asMember.status).toBe(403);
  });

  it('records and clears a data gap', async () => {
    const gap = { source: 'outlook', ownerEmail: 'bo@example.com', reason: 'user not found', fromMs: null, toMs: null };
    expect((await h.call('/v1/ingest/gaps', { method: 'POST', type: 'application/json', body: JSON.stringify(gap) })).status).toBe(204);
    expect(await h.store.listSyncGaps()).toEqual([expect.objectContaining({ ownerEmail: 'bo@example.com', reason: 'user not found' })]);
    expect((await h.call('/v1/ingest/gaps?source=outlook&person=bo@example.com', { method: 'DELETE' })).status).toBe(204);
    expect(await h.store.listSyncGaps()).toEqual([]);
  });
});
