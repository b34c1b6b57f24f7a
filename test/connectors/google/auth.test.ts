import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGoogleConnector, type GoogleCredentials } from '../../../src/connectors/google/index.js';
import { ConnectorError, InputError } from '../../../src/model/errors.js';
import { BOB, instance, OWNER, weekly, ZONE } from './events.js';
import { apiError, serverError, startFakeGoogle, type FakeGoogle, type RecordedRequest } from './fake-google.js';
import { oauthConnector, syncOptions } from './helpers.js';

const SERVICE_ACCOUNT = 'meeting-diet@audit-project.iam.gserviceaccount.com';
const events = (r: RecordedRequest) => r.path.endsWith('/events');
const token = (r: RecordedRequest) => r.path === '/token';

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

describe('connectors: google auth', () => {
  let fake: FakeGoogle;
  let key: string;
  beforeAll(() => {
    key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  });
  beforeEach(async () => {
    const series = weekly('2025-01-06T10:00:00+01:00', 2).map((s) => instance('wk1', s));
    fake = await startFakeGoogle([
      { email: OWNER, timeZone: ZONE, events: series },
      { email: BOB, timeZone: 'America/New_York', events: series },
      { email: 'carol@example.com', timeZone: ZONE, calendarMissing: true },
    ]);
  });
  afterEach(() => fake.close());

  const serviceAccount = () =>
    createGoogleConnector({
      credentials: { client_email: SERVICE_ACCOUNT, private_key: key, private_key_id: 'key-1' },
      rootUrl: fake.url,
      tokenUrl: fake.tokenUrl,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      sleep: async () => {},
    });

  describe('OAuth2 for one person', () => {
    it('trades the stored refresh token for an access token and sends it', async () => {
      const { connector } = oauthConnector(fake);
      await connector.sync(OWNER, syncOptions());
      const [grant] = fake.tokenRequests();
      expect(Object.fromEntries(grant.form!)).toEqual({
        refresh_token: '1//refresh-alice',
        client_id: 'client-id.apps.googleusercontent.com',
        client_secret: 'client-secret',
        grant_type: 'refresh_token',
      });
      expect(fake.apiRequests()[0].authorization).toBe('Bearer ya29.fake-1');
    });

    it('refreshes once after a 401 and carries on', async () => {
      const { connector } = oauthConnector(fake);
      await connector.sync(OWNER, syncOptions());
      fake.expireAccessTokens();
      fake.reset();
      const out = await connector.sync(OWNER, syncOptions());
      expect(out.upserts).toHaveLength(2);
      expect(out.requests).toBe(2);
      expect(fake.tokenRequests()).toHaveLength(1);
      expect(fake.apiRequests().map((r) => r.authorization)).toEqual(['Bearer ya29.fake-1', 'Bearer ya29.fake-2']);
    });

    it('reports a second 401 in a row as an auth error', async () => {
      fake.failNext(events, apiError(401, 'authError', 'Invalid Credentials'), apiError(401, 'authError', 'Invalid Credentials'));
      const { connector } = oauthConnector(fake);
      const e = await failure(connector.sync(OWNER, syncOptions()));
      expect(e.kind).toBe('auth');
      expect(e.message).toContain(OWNER);
      expect(fake.apiRequests()).toHaveLength(2);
      expect(fake.tokenRequests()).toHaveLength(2);
    });

    it('turns invalid_grant (a revoked refresh token) into a clear auth error', async () => {
      const { connector } = oauthConnector(fake, {
        credentials: { clientId: 'client-id', clientSecret: 'secret', refreshToken: '1//revoked' },
      });
      const e = await failure(connector.sync(OWNER, syncOptions()));
      expect(e).toMatchObject({ source: 'google', kind: 'auth', code: 'connector-auth' });
      expect(e.message).toMatch(/invalid_grant: Token has been expired or revoked\..*Reconnect/);
      expect(fake.apiRequests()).toHaveLength(0);
    });

    it('retries a token endpoint that fails with a 503', async () => {
      fake.failNext(token, serverError(503));
      const { connector, sleeps } = oauthConnector(fake);
      const out = await connector.sync(OWNER, syncOptions());
      expect(out.requests).toBe(1); // token requests are not Calendar API requests
      expect(fake.tokenRequests()).toHaveLength(2);
      expect(sleeps).toHaveLength(1);
    });

    it('times out a token endpoint that never answers', async () => {
      fake.failNext(token, { status: 0 }, { status: 0 });
      const { connector } = oauthConnector(fake, { timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1 } });
      const e = await failure(connector.sync(OWNER, syncOptions()));
      expect(e.kind).toBe('network');
      expect(fake.tokenRequests()).toHaveLength(2);
      expect(fake.apiRequests()).toHaveLength(0);
    });

    it('reports a calendar the API does not find as not-found', async () => {
      fake.refreshTokens.set('1//refresh-carol', 'carol@example.com');
      const { connector } = oauthConnector(fake, { credentials: { clientId: 'c', clientSecret: 's', refreshToken: '1//refresh-carol' } });
      const e = await failure(connector.sync('carol@example.com', syncOptions()));
      expect(e.kind).toBe('not-found');
      expect(e.message).toContain('404 notFound');
      expect(fake.apiRequests()).toHaveLength(1);
    });
  });

  describe('service account with domain-wide delegation', () => {
    it('impersonates each roster member with its own JWT grant', async () => {
      const connector = serviceAccount();
      await connector.sync(OWNER, syncOptions());
      await connector.sync(BOB, syncOptions());
      await connector.readSettings(OWNER); // reuses Alice's token
      const grants = fake.tokenRequests();
      expect(grants).toHaveLength(2);
      expect(grants.map((g) => g.form?.get('grant_type'))).toEqual(['urn:ietf:params:oauth:grant-type:jwt-bearer', 'urn:ietf:params:oauth:grant-type:jwt-bearer']);
      expect(grants.map((g) => g.claims)).toMatchObject([
        { iss: SERVICE_ACCOUNT, sub: OWNER, scope: 'https://www.googleapis.com/auth/calendar.readonly', aud: 'https://oauth2.googleapis.com/token' },
        { iss: SERVICE_ACCOUNT, sub: BOB },
      ]);
      expect(fake.apiRequests().map((r) => r.authorization)).toEqual([
        'Bearer ya29.fake-1',
        'Bearer ya29.fake-2',
        'Bearer ya29.fake-1',
        'Bearer ya29.fake-1',
      ]);
    });

    it('builds a fresh JWT client after a 401 and retries once', async () => {
      const connector = serviceAccount();
      await connector.sync(OWNER, syncOptions());
      fake.expireAccessTokens();
      fake.reset();
      const out = await connector.sync(OWNER, syncOptions());
      expect(out.requests).toBe(2);
      expect(fake.tokenRequests()).toHaveLength(1);
      expect(fake.tokenRequests()[0].claims).toMatchObject({ sub: OWNER });
      expect(fake.apiRequests().map((r) => r.authorization)).toEqual(['Bearer ya29.fake-1', 'Bearer ya29.fake-2']);
    });

    it('reports a person the Workspace does not know as not-found', async () => {
      const e = await failure(serviceAccount().sync('Nobody@Example.com', syncOptions()));
      expect(e.kind).toBe('not-found');
      expect(e.message).toContain('nobody@example.com');
      expect(fake.tokenRequests()[0].claims).toMatchObject({ sub: 'nobody@example.com' });
      expect(fake.apiRequests()).toHaveLength(0);
    });

    it('explains unauthorized_client (delegation not granted in the Admin console)', async () => {
      fake.failNext(token, {
        status: 401,
        body: { error: 'unauthorized_client', error_description: 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.' },
      });
      const e = await failure(serviceAccount().sync(OWNER, syncOptions()));
      expect(e.kind).toBe('auth');
      expect(e.message).toContain('Admin console');
    });
  });

  it('rejects unusable credentials before any request', () => {
    const bad = [
      { clientId: 'x', clientSecret: '', refreshToken: 'r' },
      { client_email: SERVICE_ACCOUNT, private_key: '' },
      { client_email: SERVICE_ACCOUNT, private_key: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n' },
      null,
    ];
    for (const credentials of bad) {
      expect(() => createGoogleConnector({ credentials: credentials as unknown as GoogleCredentials })).toThrow(InputError);
    }
  });
});
