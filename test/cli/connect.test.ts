import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { googleConsentSlot, obtainGoogleRefreshToken, storeGoogleConsent } from '../../src/cli/commands/connect.js';
import { createGoogleConnector } from '../../src/connectors/google/index.js';
import { DEFAULT_DEFINITIONS } from '../../src/model/definitions.js';
import { createSqliteStore } from '../../src/storage/node.js';
import type { Store } from '../../src/storage/store.js';
import { ENV, googleOptions } from '../../src/sync/credentials.js';
import { emailOf, startGoogleOrg, WINDOW } from '../sync/google-org.js';
import type { FakeGoogle } from '../connectors/google/fake-google.js';

const ME = emailOf(1);

describe('cli: connect google (one person, loopback OAuth)', () => {
  let fake: FakeGoogle;
  let store: Store;
  const secretKey = randomBytes(32).toString('base64');
  beforeAll(async () => {
    fake = await startGoogleOrg(2);
    store = createSqliteStore({ file: ':memory:' });
    await store.migrate();
  });
  afterAll(async () => {
    await fake.close();
    await store.close();
  });

  /** Plays the person's browser: consent on the page, then Google's redirect to the loopback address. */
  const consentAs = (email: string) => async (url: string) => {
    const page = new URL(url);
    expect(page.searchParams.get('access_type')).toBe('offline');
    expect(page.searchParams.get('scope')).toBe('https://www.googleapis.com/auth/calendar.readonly');
    expect(page.searchParams.get('login_hint')).toBe(email);
    const redirect = new URL(page.searchParams.get('redirect_uri')!);
    expect(redirect.hostname).toBe('127.0.0.1');
    fake.authorizationCodes.set(`code-for:${email}`, email);
    redirect.searchParams.set('code', `code-for:${email}`);
    redirect.searchParams.set('state', page.searchParams.get('state')!);
    const answer = await fetch(redirect);
    expect(await answer.text()).toMatch(/connected/);
  };

  it('stores the refresh token sealed, and sync reads that person with it', async () => {
    const refreshToken = await obtainGoogleRefreshToken({
      clientId: 'desktop-client.apps.googleusercontent.com',
      clientSecret: 'desktop-secret',
      email: ME,
      tokenUrl: fake.tokenUrl,
      openUrl: (url) => void consentAs(ME)(url),
    });
    expect(refreshToken).toBe(`1//refresh-${ME}`);
    await storeGoogleConsent(store, ME, refreshToken, secretKey, Date.now());
    const sealed = await store.getCredential(googleConsentSlot(ME));
    expect(sealed).not.toContain(refreshToken);

    const options = await googleOptions(
      { [ENV.googleClientId]: 'desktop-client.apps.googleusercontent.com', [ENV.googleClientSecret]: 'desktop-secret', [ENV.googleRootUrl]: fake.url, [ENV.googleTokenUrl]: fake.tokenUrl },
      async () => {
        const { createVault, parseSecretKey } = await import('../../src/connectors/vault.js');
        return createVault(parseSecretKey(secretKey)).open(googleConsentSlot(ME), (await store.getCredential(googleConsentSlot(ME)))!);
      },
    );
    const outcome = await createGoogleConnector(options).sync(ME, { ...WINDOW, definitions: DEFAULT_DEFINITIONS, timeZone: 'Europe/Berlin' });
    expect(outcome.full).toBe(true);
    expect(outcome.upserts).toHaveLength(26);
  });

  it('fails clearly when the person refuses consent', async () => {
    const refused = obtainGoogleRefreshToken({
      clientId: 'c',
      clientSecret: 's',
      email: ME,
      tokenUrl: fake.tokenUrl,
      openUrl: (url) => {
        const page = new URL(url);
        const redirect = new URL(page.searchParams.get('redirect_uri')!);
        redirect.searchParams.set('error', 'access_denied');
        redirect.searchParams.set('state', page.searchParams.get('state')!);
        void fetch(redirect);
      },
    });
    await expect(refused).rejects.toThrow(/Google consent failed: access_denied/);
  });
});
