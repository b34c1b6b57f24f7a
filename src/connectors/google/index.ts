/** Google Calendar connector (Node only: googleapis must never reach the Worker bundle). */
export { createGoogleConnector } from './connector.js';
export type { GoogleConnectorOptions, GoogleCredentials, GoogleOAuth2Credentials, GoogleServiceAccountKey } from './options.js';
export type { RetrySettings } from './retry.js';
export type { GoogleSyncState } from './sync.js';
