import { GraphClientError, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { ConnectorError } from '../../model/errors.js';

export interface RetrySettings {
  /** Retries after the first attempt (429, 500, 502, 503, 504 and network failures). */
  maxRetries: number;
  /** First backoff when the server gives no Retry-After; doubles each attempt, plus up to 25% jitter. */
  baseDelayMs: number;
  /** A Retry-After longer than this is not waited out: the call fails as rate-limited with retryAfterMs. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { maxRetries: 4, baseDelayMs: 1_000, maxRetryAfterMs: 120_000 };

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry-After as seconds or an HTTP-date (RFC 9110 section 10.2.3), in ms; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** Throttled (429, 503, 504) or a transient server failure (500, 502). */
const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/**
 * Graph middleware that replaces the SDK's RetryHandler: it honours Retry-After on 429/503/504
 * (https://learn.microsoft.com/graph/throttling), also retries 500/502 and network failures with
 * exponential backoff, stops after `maxRetries`, takes an injectable sleep, and reports every HTTP
 * attempt to `onAttempt` (quota accounting). Only GETs reach it, so every body is safe to resend.
 */
export class RetryMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly settings: RetrySettings,
    private readonly sleep: Sleep,
    private readonly onAttempt: () => void,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      this.onAttempt();
      let failure: unknown = null;
      try {
        await this.next!.execute(context);
      } catch (error) {
        failure = error;
      }
      const status = context.response?.status ?? 0;
      const retryable = failure !== null || RETRYABLE.has(status);
      if (!retryable) return;
      const backoffMs = this.settings.baseDelayMs * 2 ** attempt * (1 + Math.random() * 0.25);
      const retryAfterMs = failure === null ? parseRetryAfter(context.response?.headers.get('Retry-After')) : null;
      const waitMs = retryAfterMs ?? backoffMs;
      if (attempt >= this.settings.maxRetries || waitMs > this.settings.maxRetryAfterMs) {
        if (failure === null) return; // the SDK turns the last response into a GraphError
        throw networkFailure(failure);
      }
      await context.response?.body?.cancel().catch(() => {}); // free the connection for the retry
      context.response = undefined;
      await this.sleep(waitMs);
    }
  }
}

/**
 * A fetch failure (refused, reset, TLS) as a ConnectorError. GraphRequest wraps any other error in
 * a GraphError and drops its cause; a GraphClientError passes through untouched.
 */
function networkFailure(error: unknown): GraphClientError {
  const wrapped = new GraphClientError(error instanceof Error ? error.message : String(error));
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  wrapped.customError = new ConnectorError('outlook', 'network', `Microsoft Graph could not be reached (${wrapped.message}${cause})`, null, { cause: error });
  return wrapped;
}
