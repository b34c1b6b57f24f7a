import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

describe('api: auth and docs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });

  it('answers /health without a token', async () => {
    const res = await h.call('/health', { token: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('rejects a request without a token with 401 and a JSON error', async () => {
    const { status, body } = await h.json('/v1/people', { token: null });
    expect(status).toBe(401);
    expect(body.error.code).toBe('unauthorized');
    expect(body.error.message).toMatch(/Bearer/);
  });

  it('rejects an unknown token and a malformed header with 401', async () => {
    expect((await h.call('/v1/people', { token: 'mdt_not-a-real-token' })).status).toBe(401);
    const res = await h.app.request('/v1/people', { headers: { authorization: 'Basic abc' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('rejects a revoked token with 401', async () => {
    const token = await h.token('admin');
    const id = (await h.store.listTokens()).at(-1)!.id;
    expect((await h.call('/v1/people', { token })).status).toBe(200);
    expect(await h.store.revokeToken(id, Date.now())).toBe(true);
    const { status, body } = await h.json('/v1/people', { token });
    expect(status).toBe(401);
    expect(body.error.message).toMatch(/revoked/);
  });

  it('stores tokens hashed, never in clear', async () => {
    const token = await h.token('admin');
    const stored = await h.store.listTokens();
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored.every((t) => /^[0-9a-f]{64}$/.test(t.hash))).toBe(true);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { status, body } = await h.json('/v1/nothing-here');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not-found');
  });

  it('serves an OpenAPI 3.1 document generated from the routes', async () => {
    const { status, body } = await h.json('/openapi.json', { token: null });
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const paths = Object.keys(body.paths);
    for (const path of [
      '/v1/people',
      '/v1/teams',
      '/v1/roster',
      '/v1/people/{id}/calendars/ics',
      '/v1/baselines',
      '/v1/reports/weekly',
      '/v1/reports/trend',
      '/v1/people/{id}/report',
      '/v1/findings',
      '/v1/ingest',
    ]) {
      expect(paths).toContain(path);
    }
    expect(body.components.securitySchemes.Bearer).toEqual({ type: 'http', scheme: 'bearer' });
    expect(body.paths['/v1/reports/weekly'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['team', 'week']),
    );
  });

  it('serves a docs page listing every route', async () => {
    const res = await h.call('/docs', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const page = await res.text();
    expect(page).toContain('/v1/reports/trend');
    expect(page).toContain('/openapi.json');
  });
});
