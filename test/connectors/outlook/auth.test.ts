import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signInWithDeviceCode } from '../../../src/connectors/outlook/index.js';
import { ConnectorError } from '../../../src/model/errors.js';
import { ALICE, connectTo, syncOptions, useFakeGraph } from './harness.js';

const fake = useFakeGraph();

beforeEach(() => {
  fake.tokenLifetimeSec = 3600;
  fake.pendingPolls = 0;
});

afterEach(() => {
  vi.useRealTimers();
});

describe('outlook: app-only sign-in (client credentials through @azure/identity)', () => {
  it('asks the configured authority for a Graph .default token with the client secret', async () => {
    await connectTo(fake).connector.sync(ALICE, syncOptions());
    const discovery = fake.requests.filter((r) => r.path.endsWith('/openid-configuration'));
    expect(discovery.map((r) => r.path)).toEqual([`/${fake.tenant}/v2.0/.well-known/openid-configuration`]);
    expect(fake.tokenRequests().map((r) => r.form)).toEqual([
      expect.objectContaining({ grant_type: 'client_credentials', client_id: fake.clientId, scope: 'https://graph.microsoft.com/.default' }),
    ]);
  });

  it('turns a wrong client secret into an auth ConnectorError without calling Graph', async () => {
    const { connector } = connectTo(fake, { credentials: { kind: 'client-secret', tenantId: fake.tenant, clientId: fake.clientId, clientSecret: 'wrong' } });
    const error = await connector.sync(ALICE, syncOptions()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ source: 'outlook', kind: 'auth', code: 'connector-auth' });
    expect((error as Error).message).toMatch(/AADSTS7000215|invalid_client/);
    await expect(connector.readSettings(ALICE)).rejects.toMatchObject({ kind: 'auth' });
    expect(fake.graphRequests()).toEqual([]);
  });

  it('gets a new token once the old one expires, and Graph never sees the expired one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-02-03T06:00:00Z'));
    const { connector } = connectTo(fake);
    const first = await connector.sync(ALICE, syncOptions());
    await connector.sync(ALICE, syncOptions(first.state));
    expect(fake.tokenRequests()).toHaveLength(1);
    const firstToken = fake.graphRequests()[0].authorization;
    expect(new Set(fake.graphRequests().map((r) => r.authorization))).toEqual(new Set([firstToken]));

    vi.setSystemTime(new Date('2025-02-03T07:00:30Z')); // the 1-hour token has expired
    fake.requests = [];
    const later = await connector.sync(ALICE, syncOptions(first.state));
    expect(later.full).toBe(false);
    expect(fake.tokenRequests()).toHaveLength(1);
    const [request] = fake.graphRequests();
    expect(fake.graphRequests()).toHaveLength(1);
    expect(request.authorization).toMatch(/^Bearer fake-access-token-/);
    expect(request.authorization).not.toBe(firstToken);
  });

  it('signs in with a client certificate (a signed client assertion)', async () => {
    const pem = ['key', 'cert'].map((k) => readFileSync(join(import.meta.dirname, `../../fixtures/localhost-${k}.pem`), 'utf8')).join('\n');
    const { connector } = connectTo(fake, { credentials: { kind: 'client-certificate', tenantId: fake.tenant, clientId: fake.clientId, certificatePem: pem } });
    const out = await connector.sync(ALICE, syncOptions());
    expect(out.upserts).toHaveLength(12);
    expect(fake.tokenRequests()[0].form).toMatchObject({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' });
  });

  it('reports a token Graph rejects (401) as an auth error', async () => {
    const { connector } = connectTo(fake, {
      credentials: { kind: 'token-credential', credential: { getToken: async () => ({ token: 'revoked', expiresOnTimestamp: Date.now() + 3_600_000 }) }, scopes: ['https://graph.microsoft.com/.default'] },
    });
    await expect(connector.sync(ALICE, syncOptions())).rejects.toMatchObject({ kind: 'auth', message: expect.stringContaining('InvalidAuthenticationToken') });
  });
});

describe('outlook: device-code sign-in for one person', () => {
  it('shows the code, polls until the person has signed in, then reads their calendar with a delegated token', async () => {
    fake.pendingPolls = 1;
    const prompts: string[] = [];
    const { connector } = connectTo(fake, {
      credentials: { kind: 'device-code', tenantId: fake.tenant, clientId: fake.clientId, prompt: (info) => prompts.push(`${info.userCode} ${info.verificationUri}`) },
    });
    const out = await connector.sync(ALICE, syncOptions());
    expect(prompts).toEqual(['FAKE-CODE https://microsoft.com/devicelogin']);
    expect(out.upserts).toHaveLength(12);
    const polls = fake.tokenRequests().map((r) => r.form);
    expect(polls).toHaveLength(2);
    expect(polls[1]).toMatchObject({ grant_type: 'device_code', device_code: 'fake-device-code' });
    expect(polls[1]!.scope).toContain('https://graph.microsoft.com/Calendars.Read');
  });

  it('returns an authentication record from an explicit sign-in', async () => {
    const prompts: string[] = [];
    const record = await signInWithDeviceCode(
      { kind: 'device-code', tenantId: fake.tenant, clientId: fake.clientId, prompt: (info) => prompts.push(info.message) },
      { authorityHost: fake.base },
    );
    expect(prompts).toHaveLength(1);
    expect(record).toMatchObject({ username: 'alice@contoso.com', tenantId: fake.tenant, clientId: fake.clientId });
  });
});
