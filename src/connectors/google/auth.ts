import { createPrivateKey } from 'node:crypto';
import { google, type Auth } from 'googleapis';
import { InputError } from '../../model/errors.js';
import {
  CALENDAR_READONLY_SCOPE,
  GOOGLE_TOKEN_URL,
  isServiceAccountKey,
  type GoogleCredentials,
  type GoogleOAuth2Credentials,
} from './options.js';

/**
 * An auth client that acts as `email`: a service account JWT with domain-wide delegation (`subject`
 * = the roster member), or OAuth2 from one person's stored refresh token. Each call builds a new
 * client with no cached access token, which is how a 401 is recovered from (see request.ts).
 * Run `checkCredentials` once first.
 */
export function createAuthClient(credentials: GoogleCredentials, email: string, tokenUrl: string | undefined, timeoutMs: number): Auth.OAuth2Client {
  // Token requests get no timeout from the library: a hung token endpoint must not hang the sync.
  const transporterOptions = { timeout: timeoutMs };
  if (isServiceAccountKey(credentials)) {
    const jwt = new google.auth.JWT({
      email: credentials.client_email,
      key: credentials.private_key,
      keyId: credentials.private_key_id,
      scopes: [CALENDAR_READONLY_SCOPE],
      subject: email,
      transporterOptions,
    });
    if (tokenUrl && tokenUrl !== GOOGLE_TOKEN_URL) redirectTokenRequests(jwt, tokenUrl);
    return withoutLibraryRetries(jwt);
  }
  const client = new google.auth.OAuth2({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    endpoints: tokenUrl ? { oauth2TokenUrl: tokenUrl } : undefined,
    transporterOptions,
  });
  // Only the refresh token: the first request fetches an access token.
  client.setCredentials({ refresh_token: credentials.refreshToken });
  return withoutLibraryRetries(client);
}

/**
 * gtoken (the JWT grant) hard-codes Google's token URL and has no option for it; its requests go
 * through the JWT client's transporter, so an interceptor can point them elsewhere (proxies, tests).
 */
function redirectTokenRequests(jwt: Auth.JWT, tokenUrl: string): void {
  jwt.transporter.interceptors.request.add({
    resolved: async (config) => {
      if (String(config.url) === GOOGLE_TOKEN_URL) config.url = new URL(tokenUrl);
      return config;
    },
  });
}

/**
 * Token requests ask gaxios to retry POSTs on their own (3 times, its own delays); request.ts already
 * retries token failures (5xx, 429, network) under the connector's bounded policy, so one policy it is.
 */
function withoutLibraryRetries<T extends Auth.OAuth2Client>(client: T): T {
  client.transporter.interceptors.request.add({
    resolved: async (config) => {
      config.retry = false;
      config.retryConfig = { ...config.retryConfig, retry: 0 };
      return config;
    },
  });
  return client;
}

/** Throws InputError for credentials that cannot work, before any request. */
export function checkCredentials(credentials: GoogleCredentials): void {
  if (!credentials || typeof credentials !== 'object') throw new InputError('Google credentials are missing');
  if (isServiceAccountKey(credentials)) {
    try {
      createPrivateKey(credentials.private_key);
    } catch {
      throw new InputError(`the Google service account key for ${credentials.client_email} has no usable private_key (use the JSON key file Google issued)`);
    }
    return;
  }
  const c: GoogleOAuth2Credentials = credentials;
  for (const key of ['clientId', 'clientSecret', 'refreshToken'] as const) {
    if (typeof c[key] !== 'string' || c[key] === '') {
      throw new InputError(`Google credentials need either a service account key (client_email, private_key) or clientId, clientSecret and refreshToken; ${key} is missing`);
    }
  }
}
