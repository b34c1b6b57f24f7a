import type { calendar_v3 } from 'googleapis';
import { classifyFailure, isTokenFailure, SyncTokenGoneError } from './errors.js';
import { backoffDelayMs, type RetrySettings } from './retry.js';

/** The person's client, and a way to replace it with one that holds no cached token. */
export interface ClientSource {
  current(): calendar_v3.Calendar;
  renew(): calendar_v3.Calendar;
}

export interface Requester {
  /** Runs one API call with bounded retries; throws ConnectorError or SyncTokenGoneError. */
  call<T>(fn: (calendar: calendar_v3.Calendar) => Promise<T>): Promise<T>;
  /** Calendar API requests sent so far, retries included (token requests are not counted). */
  readonly requests: number;
}

export interface RequesterDeps {
  retry: RetrySettings;
  sleep(ms: number): Promise<void>;
  random(): number;
}

/**
 * One person's requests. Retries 429, 403 rate limits, 5xx and network failures up to
 * `maxAttempts`; on a 401 renews the auth client once per call: an OAuth2 client then refreshes its
 * access token, and a service account gets a new JWT grant (a JWT client keeps reusing its cached
 * token after a 401, even with forceRefreshOnFailure; stack.md 2.4).
 */
export function createRequester(email: string, clients: ClientSource, deps: RequesterDeps): Requester {
  let requests = 0;
  async function call<T>(fn: (calendar: calendar_v3.Calendar) => Promise<T>): Promise<T> {
    let calendar = clients.current();
    let attempt = 0;
    let renewed = false;
    for (;;) {
      attempt++;
      try {
        const result = await fn(calendar);
        requests++;
        return result;
      } catch (err) {
        if (!isTokenFailure(err)) requests++;
        const action = classifyFailure(err, email);
        if (action.type === 'sync-token-gone') throw new SyncTokenGoneError();
        if (action.type === 'fail') throw action.error;
        if (action.type === 'reauthorize') {
          if (renewed) throw action.error;
          renewed = true;
          attempt--; // a renewed token is not a retry of an overloaded server
          calendar = clients.renew();
          continue;
        }
        const waitMs = action.retryAfterMs ?? 0;
        if (attempt >= deps.retry.maxAttempts || waitMs > deps.retry.maxRetryAfterMs) throw action.error;
        await deps.sleep(backoffDelayMs(deps.retry, attempt, action.retryAfterMs, deps.random));
      }
    }
  }
  return {
    call,
    get requests() {
      return requests;
    },
  };
}
