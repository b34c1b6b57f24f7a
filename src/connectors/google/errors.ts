import { ConnectorError, type ConnectorErrorKind } from '../../model/errors.js';

/**
 * What to do after one failed request. Failures come from gaxios (googleapis' HTTP layer) as errors
 * with `response` ({status, headers, data}) or, when nothing answered, a `code` such as ECONNREFUSED.
 * API errors carry `{error: {code, message, errors: [{domain, reason}]}}`
 * (https://developers.google.com/calendar/api/guides/errors); the OAuth token endpoint answers
 * `{error: 'invalid_grant', error_description}` (RFC 6749 section 5.2).
 */
export type FailureAction =
  /** Worth another attempt after a backoff; `error` is thrown when the attempts run out. */
  | { type: 'retry'; retryAfterMs: number | null; error: ConnectorError }
  /** 401 from the API: build a fresh auth client and try once more. */
  | { type: 'reauthorize'; error: ConnectorError }
  /** 410 on events.list: the sync token is no longer valid. */
  | { type: 'sync-token-gone' }
  | { type: 'fail'; error: ConnectorError };

/** Thrown by the requester for a 410: the sync restarts as a full sync. */
export class SyncTokenGoneError extends Error {
  constructor() {
    super('Google answered 410 Gone: the sync token is no longer valid, a full sync is required');
    this.name = 'SyncTokenGoneError';
  }
}

interface HttpLikeError {
  message?: string;
  code?: string | number;
  config?: { url?: string | URL };
  response?: { status?: number; headers?: unknown; data?: unknown };
}

const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const QUOTA_REASONS = new Set(['quotaExceeded', 'dailyLimitExceeded']);

const fail = (kind: ConnectorErrorKind, message: string, cause: unknown, retryAfterMs: number | null = null) =>
  new ConnectorError('google', kind, message, retryAfterMs, { cause });

/** Decides how to handle a failed request for `email`'s calendar. Non-HTTP errors (bugs) are rethrown as they are. */
export function classifyFailure(err: unknown, email: string): FailureAction {
  const e = (err ?? {}) as HttpLikeError;
  const res = e.response;
  if (!res || typeof res.status !== 'number') {
    if (!e.config) throw err;
    const error = fail('network', `could not reach Google for ${email}: ${e.message ?? String(err)}`, err);
    return { type: 'retry', retryAfterMs: null, error };
  }
  const status = res.status;
  const retryAfterMs = readRetryAfterMs(res.headers);
  const data = res.data as { error?: unknown; error_description?: unknown } | undefined;
  if (typeof data?.error === 'string') return classifyTokenFailure(status, data.error, String(data.error_description ?? ''), email, err, retryAfterMs);

  const apiError = (data?.error ?? {}) as { message?: string; errors?: { reason?: string }[] };
  const reason = apiError.errors?.[0]?.reason ?? null;
  const detail = `${status}${reason ? ` ${reason}` : ''}${apiError.message ? `: ${apiError.message}` : ''}`;
  if (status === 410) return { type: 'sync-token-gone' };
  if (status === 401) {
    return { type: 'reauthorize', error: fail('auth', `Google rejected the credentials for ${email} (${detail}), also after a fresh token`, err) };
  }
  if (status === 429 || (status === 403 && reason !== null && RATE_REASONS.has(reason))) {
    return { type: 'retry', retryAfterMs, error: fail('rate-limited', `Google rate-limited requests for ${email} (${detail})`, err, retryAfterMs) };
  }
  if (status >= 500) {
    return { type: 'retry', retryAfterMs, error: fail('network', `Google failed to answer for ${email} (${detail})`, err, retryAfterMs) };
  }
  if (status === 403 && reason !== null && QUOTA_REASONS.has(reason)) {
    return { type: 'fail', error: fail('rate-limited', `Google quota exhausted for ${email} (${detail})`, err, retryAfterMs) };
  }
  if (status === 403) {
    return { type: 'fail', error: fail('auth', `Google denied access to the calendar of ${email} (${detail})`, err) };
  }
  if (status === 404) {
    return { type: 'fail', error: fail('not-found', `Google has no such user or calendar: ${email} (${detail})`, err) };
  }
  return { type: 'fail', error: fail('parse', `Google did not accept the request for ${email} (${detail})`, err) };
}

function classifyTokenFailure(
  status: number,
  code: string,
  description: string,
  email: string,
  err: unknown,
  retryAfterMs: number | null,
): FailureAction {
  const detail = `${code}${description ? `: ${description}` : ''}`;
  if (status === 429 || status >= 500) {
    return { type: 'retry', retryAfterMs, error: fail('network', `Google's token endpoint failed for ${email} (${status} ${detail})`, err, retryAfterMs) };
  }
  // Domain-wide delegation for an address the Workspace does not know.
  if (code === 'invalid_grant' && /invalid email or user id/i.test(description)) {
    return { type: 'fail', error: fail('not-found', `Google has no user ${email} (token endpoint: ${detail})`, err) };
  }
  if (code === 'invalid_grant') {
    return {
      type: 'fail',
      error: fail(
        'auth',
        `Google refused the credentials for ${email} (${detail}): the refresh token was revoked or expired, ` +
          'or the service account key is no longer valid. Reconnect the account or replace the key.',
        err,
      ),
    };
  }
  if (code === 'unauthorized_client') {
    return {
      type: 'fail',
      error: fail(
        'auth',
        `Google refused to issue a token for ${email} (${detail}): grant the service account's client ID the ` +
          'calendar.readonly scope under domain-wide delegation in the Workspace Admin console.',
        err,
      ),
    };
  }
  return { type: 'fail', error: fail('auth', `Google refused to issue a token for ${email} (${status} ${detail})`, err) };
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 section 10.2.3), in ms; null when absent or unreadable. */
export function readRetryAfterMs(headers: unknown, nowMs: number = Date.now()): number | null {
  let value: string | null | undefined;
  if (headers && typeof (headers as Headers).get === 'function') value = (headers as Headers).get('retry-after');
  else if (headers && typeof headers === 'object') value = (headers as Record<string, string | undefined>)['retry-after'];
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** True when the failure happened at the token endpoint: no Calendar API request went out. */
export function isTokenFailure(err: unknown): boolean {
  const e = (err ?? {}) as HttpLikeError;
  const data = e.response?.data as { error?: unknown } | undefined;
  if (typeof data?.error === 'string') return true;
  const url = e.config?.url;
  if (!url) return false;
  const path = (typeof url === 'string' ? new URL(url, 'http://x') : url).pathname;
  return !path.startsWith('/calendar/');
}
