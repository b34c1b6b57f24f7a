import type { CalendarConnector, CalendarSettings, SyncOptions, SyncOutcome } from '../types.js';
import { createAuthProvider, createCredential, type OutlookCredentials } from './auth.js';
import { createGraphClient, DEFAULT_GRAPH_BASE_URL } from './client.js';
import { toConnectorError } from './errors.js';
import { DEFAULT_RETRY, realSleep, type RetrySettings, type Sleep } from './retry.js';
import { readMailboxSettings } from './settings.js';
import { syncCalendar } from './sync.js';

export type { OutlookCredentials } from './auth.js';
export { signInWithDeviceCode } from './auth.js';
export type { OutlookSyncState } from './sync.js';
export type { RetrySettings } from './retry.js';

export interface OutlookConnectorOptions {
  credentials: OutlookCredentials;
  /** Graph root, default https://graph.microsoft.com (the sync command passes MEETING_DIET_GRAPH_BASE_URL). Must be https. */
  baseUrl?: string;
  /** Entra authority host, default the public cloud; a custom one turns instance discovery off. */
  authorityHost?: string;
  /** Resource the app-only token is for, default https://graph.microsoft.com (set it for national clouds). */
  graphResource?: string;
  retry?: Partial<RetrySettings>;
  /** How retries wait (tests pass one that records and returns at once). */
  sleep?: Sleep;
  /** `Prefer: odata.maxpagesize` for delta pages, default 200. */
  pageSize?: number;
  /** A round with more pages than this fails (a paging loop), default 5,000. */
  maxPages?: number;
}

/**
 * Microsoft 365 calendars through Microsoft Graph: one connector for the whole roster (one
 * credential and token cache), one Graph client per call so that `requests` counts that call only.
 */
export function createOutlookConnector(options: OutlookConnectorOptions): CalendarConnector {
  const { credential, scopes } = createCredential(options.credentials, { authorityHost: options.authorityHost, graphResource: options.graphResource });
  const authProvider = createAuthProvider(credential, scopes);
  const retry: RetrySettings = { ...DEFAULT_RETRY, ...options.retry };
  const baseUrl = options.baseUrl ?? DEFAULT_GRAPH_BASE_URL;
  const newClient = (onRequest: () => void) => createGraphClient({ baseUrl, authProvider, retry, sleep: options.sleep ?? realSleep, onRequest });

  return {
    source: 'outlook',

    async readSettings(email: string): Promise<CalendarSettings> {
      const client = newClient(() => {});
      try {
        return await readMailboxSettings(client, email.toLowerCase());
      } catch (error) {
        throw toConnectorError(error, `mailbox settings of ${email}`);
      }
    },

    async sync(email: string, syncOptions: SyncOptions): Promise<SyncOutcome> {
      let requests = 0;
      const client = newClient(() => requests++);
      try {
        const result = await syncCalendar({
          client,
          email: email.toLowerCase(),
          options: syncOptions,
          pageSize: options.pageSize ?? 200,
          maxPages: options.maxPages ?? 5_000,
          // Outlook allows 4 concurrent requests per app and mailbox; leave one for readSettings.
          // https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits
          masterConcurrency: 3,
        });
        return { ...result, requests };
      } catch (error) {
        throw toConnectorError(error, `calendar of ${email}`);
      }
    },
  };
}
