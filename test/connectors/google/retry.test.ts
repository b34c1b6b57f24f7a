import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_RETRY } from '../../../src/connectors/google/retry.js';
import { ConnectorError } from '../../../src/model/errors.js';
import { instance, OWNER, weekly, ZONE } from './events.js';
import { apiError, rateLimit403, serverError, startFakeGoogle, tooManyRequests, type FakeGoogle, type RecordedRequest } from './fake-google.js';
import { oauthConnector, syncOptions } from './helpers.js';

const events = (r: RecordedRequest) => r.path.endsWith('/events');

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

describe('connectors: google retries', () => {
  let fake: FakeGoogle;
  beforeEach(async () => {
    fake = await startFakeGoogle([
      { email: OWNER, timeZone: ZONE, events: weekly('2025-01-06T10:00:00+01:00', 4).map((s) => instance('wk1', s)) },
    ]);
  });
  afterEach(() => fake.close());

  it('waits as long as a 429 Retry-After asks, then succeeds', async () => {
    fake.failNext(events, tooManyRequests(3));
    const { connector, sleeps } = oauthConnector(fake);
    const out = await connector.sync(OWNER, syncOptions());
    expect(out.upserts).toHaveLength(4);
    expect(out.requests).toBe(2);
    expect(fake.apiRequests()).toHaveLength(2);
    expect(sleeps).toEqual([3000]);
  });

  it('retries 403 rateLimitExceeded and userRateLimitExceeded with growing delays', async () => {
    fake.failNext(events, rateLimit403('rateLimitExceeded'), rateLimit403('userRateLimitExceeded'));
    const { connector, sleeps } = oauthConnector(fake);
    const out = await connector.sync(OWNER, syncOptions());
    expect(out.requests).toBe(3);
    expect(fake.apiRequests()).toHaveLength(3);
    // base 2 ms, doubling, equal jitter with random() = 0.5: 0.75 x 2, 0.75 x 4
    expect(sleeps).toEqual([2, 3]);
  });

  it('retries a 500 once it recovers (gaxios’ own retry is off: each attempt is one request)', async () => {
    fake.failNext(events, serverError(500));
    const { connector, sleeps } = oauthConnector(fake);
    const out = await connector.sync(OWNER, syncOptions());
    expect(out.requests).toBe(2);
    expect(fake.apiRequests()).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it('gives up after maxAttempts on a server that keeps failing', async () => {
    fake.failNext(events, serverError(503), serverError(503), serverError(503), serverError(503), serverError(503));
    const { connector, sleeps } = oauthConnector(fake);
    const e = await failure(connector.sync(OWNER, syncOptions()));
    expect(e.kind).toBe('network');
    expect(e.message).toContain('503');
    expect(fake.apiRequests()).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('reports rate-limited with the server’s Retry-After when the limit persists', async () => {
    fake.failNext(events, tooManyRequests(1), tooManyRequests(1), tooManyRequests(1), tooManyRequests(7));
    const { connector } = oauthConnector(fake);
    const e = await failure(connector.sync(OWNER, syncOptions()));
    expect(e).toMatchObject({ source: 'google', kind: 'rate-limited', retryAfterMs: 7000, code: 'connector-rate-limited' });
    expect(fake.apiRequests()).toHaveLength(4);
  });

  it('does not wait for a Retry-After longer than maxRetryAfterMs', async () => {
    fake.failNext(events, tooManyRequests(3600));
    const { connector, sleeps } = oauthConnector(fake, { retry: { maxAttempts: 4, maxRetryAfterMs: 60_000 } });
    const e = await failure(connector.sync(OWNER, syncOptions()));
    expect(e).toMatchObject({ kind: 'rate-limited', retryAfterMs: 3_600_000 });
    expect(sleeps).toEqual([]);
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('does not retry a 403 that is not a rate limit', async () => {
    fake.failNext(events, apiError(403, 'forbidden', 'Delegation denied for alice@example.com'));
    const { connector, sleeps } = oauthConnector(fake);
    const e = await failure(connector.sync(OWNER, syncOptions()));
    expect(e.kind).toBe('auth');
    expect(e.message).toContain('Delegation denied');
    expect(sleeps).toEqual([]);
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('reports a request Google does not accept, and an answer that is not an events page, as parse errors', async () => {
    fake.failNext(events, apiError(400, 'invalid', 'Invalid Value'), { status: 200, body: '<html>proxy login</html>' });
    const { connector } = oauthConnector(fake);
    expect(await failure(connector.sync(OWNER, syncOptions()))).toMatchObject({ kind: 'parse', message: expect.stringContaining('400 invalid: Invalid Value') });
    expect((await failure(connector.sync(OWNER, syncOptions()))).kind).toBe('parse');
    expect(fake.apiRequests()).toHaveLength(2);
  });

  it('reports an unreachable server as a network error after bounded attempts', async () => {
    const url = fake.url;
    await fake.close();
    const { connector, sleeps } = oauthConnector(fake, { rootUrl: url, tokenUrl: `${url}token` });
    const e = await failure(connector.sync(OWNER, syncOptions()));
    expect(e.kind).toBe('network');
    expect(e.message).toContain(OWNER);
    expect(sleeps).toHaveLength(3);
    fake = await startFakeGoogle(); // for afterEach
  });

  it('computes exponential delays with jitter, capped', () => {
    const s = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(s, n, null, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3].map((n) => backoffDelayMs(s, n, null, () => 0.999999))).toEqual([100, 200, 400]);
    expect(backoffDelayMs(s, 1, 5000, () => 0)).toBe(5000);
  });
});
