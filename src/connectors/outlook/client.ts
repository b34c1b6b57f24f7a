import { AuthenticationHandler, Client, HTTPMessageHandler, TelemetryHandler, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { RetryMiddleware, type RetrySettings, type Sleep } from './retry.js';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com';

export interface GraphClientSettings {
  /** Graph root (sovereign cloud, proxy, test fake); the sync command passes MEETING_DIET_GRAPH_BASE_URL. */
  baseUrl: string;
  authProvider: AuthenticationProvider;
  retry: RetrySettings;
  sleep: Sleep;
  /** Called for every HTTP attempt, retries included. */
  onRequest(): void;
}

/**
 * The real Graph client with our retry middleware in place of the SDK's RetryHandler. The client
 * only sends the bearer token to Graph's own hosts and `customHosts`, and only for https URLs
 * (GraphRequestUtil isGraphURL/isCustomHost), so the base URL's host is added there.
 */
export function createGraphClient(settings: GraphClientSettings): Client {
  const url = new URL(settings.baseUrl);
  if (url.protocol !== 'https:') throw new TypeError(`the Graph base URL must be https (got ${settings.baseUrl})`);
  return Client.initWithMiddleware({
    baseUrl: settings.baseUrl.replace(/\/+$/, ''),
    defaultVersion: 'v1.0',
    customHosts: new Set([url.hostname]),
    middleware: [
      new AuthenticationHandler(settings.authProvider),
      new RetryMiddleware(settings.retry, settings.sleep, settings.onRequest),
      new TelemetryHandler(),
      new HTTPMessageHandler(),
    ],
  });
}
