import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { createVault, parseSecretKey } from '../../connectors/vault.js';
import { InputError } from '../../model/errors.js';
import type { Store } from '../../storage/store.js';
import { ENV, loadSettings } from '../../sync/credentials.js';
import type { CliIo } from '../io.js';
import { dbFileOf, openStore } from '../store.js';

const SCOPE = 'https://www.googleapis.com/auth/calendar.readonly';

/** Where one person's Google refresh token is kept (sealed with MEETING_DIET_SECRET_KEY). */
export const googleConsentSlot = (email: string): string => `google:consent:${email.toLowerCase()}`;

export interface GoogleConsentOptions {
  clientId: string;
  clientSecret: string;
  email: string;
  tokenUrl?: string;
  /** Shows the consent URL (prints it; tests follow it). */
  openUrl(url: string): void;
  /** Gives up after this long without a redirect. */
  timeoutMs?: number;
}

/**
 * OAuth2 for one person with a loopback redirect (https://developers.google.com/identity/protocols/oauth2/native-app):
 * listens on 127.0.0.1, sends the person to Google's consent page, exchanges the returned code, and
 * returns the refresh token.
 */
export async function obtainGoogleRefreshToken(options: GoogleConsentOptions): Promise<string> {
  const state = randomBytes(16).toString('hex');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const { google } = await import('googleapis'); // loaded only for this command
  const client = new google.auth.OAuth2({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri,
    endpoints: options.tokenUrl ? { oauth2TokenUrl: options.tokenUrl } : undefined,
  });
  try {
    const code = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new InputError('no answer from the consent page in time; run `connect google` again')), options.timeoutMs ?? 300_000);
      server.on('request', (req, res) => {
        const url = new URL(req.url ?? '/', redirectUri);
        if (url.pathname !== '/callback') {
          res.writeHead(404).end();
          return;
        }
        const error = url.searchParams.get('error');
        const ok = !error && url.searchParams.get('state') === state && url.searchParams.get('code');
        res.writeHead(ok ? 200 : 400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(ok ? 'meeting-diet is connected to your calendar. You can close this window.' : `Not connected: ${error ?? 'unexpected answer'}.`);
        clearTimeout(timer);
        if (ok) resolve(url.searchParams.get('code')!);
        else reject(new InputError(`Google consent failed: ${error ?? 'the answer did not match this request'}`));
      });
      options.openUrl(
        client.generateAuthUrl({ access_type: 'offline', prompt: 'consent', scope: [SCOPE], state, login_hint: options.email }),
      );
    });
    const { tokens } = await client.getToken(code);
    if (!tokens.refresh_token) throw new InputError('Google returned no refresh token; revoke the app\'s access in your Google account and connect again');
    return tokens.refresh_token;
  } finally {
    server.close();
  }
}

export async function storeGoogleConsent(store: Store, email: string, refreshToken: string, secretKey: string | undefined, nowMs: number): Promise<void> {
  const slot = googleConsentSlot(email);
  await store.putCredential(slot, createVault(parseSecretKey(secretKey)).seal(slot, refreshToken), nowMs);
}

export function registerConnect(program: Command, io: CliIo): void {
  const connect = program.command('connect').description("connect one person's calendar (the token is stored encrypted)");
  connect
    .command('google')
    .description('OAuth consent for one person (loopback redirect on 127.0.0.1); then `sync --source google --roster <that person>`')
    .requiredOption('--email <email>', 'whose calendar')
    .option('--db <file>', 'SQLite database file (default: $MEETING_DIET_DB or ./meeting-diet.db)')
    .option('--credentials <file>', 'credentials file (MEETING_DIET_GOOGLE_CLIENT_ID / _SECRET); the environment overrides it')
    .action(async (flags: { email: string; db?: string; credentials?: string }) => {
      const settings = loadSettings(process.env, flags.credentials);
      const clientId = settings[ENV.googleClientId];
      const clientSecret = settings[ENV.googleClientSecret];
      if (!clientId || !clientSecret) throw new InputError(`set ${ENV.googleClientId} and ${ENV.googleClientSecret} (an OAuth client of type "Desktop app")`);
      parseSecretKey(process.env.MEETING_DIET_SECRET_KEY); // fail before the person goes through consent
      const refreshToken = await obtainGoogleRefreshToken({
        clientId,
        clientSecret,
        email: flags.email,
        tokenUrl: settings[ENV.googleTokenUrl],
        openUrl: (url) => io.error(`open this page to let meeting-diet read your calendar:\n  ${url}`),
      });
      const store = await openStore(dbFileOf(flags.db));
      try {
        await storeGoogleConsent(store, flags.email, refreshToken, process.env.MEETING_DIET_SECRET_KEY, io.now());
      } finally {
        await store.close();
      }
      io.error(`connected ${flags.email}: the refresh token is stored encrypted in the database`);
    });
}
