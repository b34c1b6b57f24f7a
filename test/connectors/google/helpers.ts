import { createGoogleConnector, type GoogleConnectorOptions } from '../../../src/connectors/google/index.js';
import type { SyncOptions } from '../../../src/connectors/types.js';
import { DEFAULT_DEFINITIONS } from '../../../src/model/definitions.js';
import { OWNER, ZONE } from './events.js';
import type { FakeGoogle } from './fake-google.js';

export const WINDOW = { fromMs: Date.parse('2025-01-06T00:00:00Z'), toMs: Date.parse('2025-02-03T00:00:00Z') };

export const syncOptions = (extra: Partial<SyncOptions> = {}): SyncOptions => ({
  ...WINDOW,
  definitions: DEFAULT_DEFINITIONS,
  timeZone: ZONE,
  ...extra,
});

/** A connector on `fake` with OAuth2 credentials for OWNER, tiny retry delays and recorded sleeps. */
export function oauthConnector(fake: FakeGoogle, extra: Partial<GoogleConnectorOptions> = {}) {
  fake.refreshTokens.set('1//refresh-alice', OWNER);
  const sleeps: number[] = [];
  const connector = createGoogleConnector({
    credentials: { clientId: 'client-id.apps.googleusercontent.com', clientSecret: 'client-secret', refreshToken: '1//refresh-alice' },
    rootUrl: fake.url,
    tokenUrl: fake.tokenUrl,
    retry: { maxAttempts: 4, baseDelayMs: 2, maxDelayMs: 8 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  return { connector, sleeps };
}
