/**
 * Our own bounded backoff instead of gaxios' built-in retry (which the client turns off): gaxios ignores
 * Retry-After, does not retry 403 rateLimitExceeded, and its retries are invisible to the request count
 * that SyncOutcome reports. Google asks for exponential backoff on 429, 403 rate limits and 5xx
 * (https://developers.google.com/calendar/api/guides/errors#exponential-backoff).
 */
export interface RetrySettings {
  /** Attempts per request, the first one included (1 = never retry). */
  maxAttempts: number;
  /** Delay before the first retry; doubles on each further one. */
  baseDelayMs: number;
  /** Cap on the exponential delay. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails with `retryAfterMs` for the caller. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetrySettings = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 32_000,
  maxRetryAfterMs: 120_000,
};

/**
 * The wait before retry number `retry` (1 = the first retry): base x 2^(retry-1), capped, with "equal
 * jitter" (half fixed, half random) so that many people's syncs hitting the same limit spread out.
 * A server's Retry-After wins when it asks for longer.
 */
export function backoffDelayMs(settings: RetrySettings, retry: number, retryAfterMs: number | null, random: () => number): number {
  const exp = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retry - 1));
  const jittered = exp / 2 + (random() * exp) / 2;
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

export const sleepMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
