import type { RetrySettings } from './retry.js';

/** A service account key file as Google issues it (only these fields are read). Used with domain-wide delegation. */
export interface GoogleServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
}

/** One person's consent (`meeting-diet connect google`): the OAuth client and the stored refresh token. */
export interface GoogleOAuth2Credentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export type GoogleCredentials = GoogleServiceAccountKey | GoogleOAuth2Credentials;

export interface GoogleConnectorOptions {
  credentials: GoogleCredentials;
  /**
   * Origin of the Calendar API (scheme, host, port; a path is dropped by googleapis), e.g. from
   * MEETING_DIET_GOOGLE_ROOT_URL. Default https://www.googleapis.com/.
   */
  rootUrl?: string;
  /** The OAuth token endpoint, for both grants. Default https://oauth2.googleapis.com/token. */
  tokenUrl?: string;
  /** The calendar to read. Default 'primary' (the person's own calendar). */
  calendarId?: string;
  retry?: Partial<RetrySettings>;
  /** Timeout of each API and token request. Default 60 s. */
  timeoutMs?: number;
  /** Waits between retries; tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

export const CALENDAR_READONLY_SCOPE = 'https://www.googleapis.com/auth/calendar.readonly';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export const isServiceAccountKey = (c: GoogleCredentials): c is GoogleServiceAccountKey =>
  typeof (c as GoogleServiceAccountKey).client_email === 'string';
