import { google, type Auth, type calendar_v3 } from 'googleapis';

/**
 * The real Calendar v3 client. `rootUrl` must be set on the service options (googleapis ignores it in
 * `google.options`). gaxios' own retry is off: request.ts retries, honouring Retry-After, and counts
 * every attempt.
 */
export function createCalendarClient(auth: Auth.OAuth2Client, rootUrl: string | undefined, timeoutMs: number): calendar_v3.Calendar {
  return google.calendar({ version: 'v3', auth, rootUrl, retry: false, timeout: timeoutMs });
}
