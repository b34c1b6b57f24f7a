/**
 * The one place errors become HTTP answers: `{ "error": { "code", "message", "details"? } }` with the
 * right status. Routes throw; nothing else writes an error body.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ConfigError } from '../config/issues.js';
import { AuditorError, ConnectorError, InputError } from '../model/errors.js';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not-found', `${what} not found`);
export const forbidden = (message: string): ApiError => new ApiError(403, 'forbidden', message);

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const HTTP_CODES: Partial<Record<number, string>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

/** Error codes of AuditorErrors that describe the request, not a server fault. */
const CLIENT_CODES: Record<string, ContentfulStatusCode> = {
  'invalid-request': 400,
  'invalid-input': 422,
  'invalid-week': 400,
  'invalid-range': 400,
  'group-too-small': 403,
  'not-enough-weeks': 422,
  'no-baseline-data': 422,
};

export function toErrorResponse(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof ApiError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) } } };
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const message = error.status === 413 ? 'request body is larger than the upload limit' : error.message || 'request rejected';
    return { status, body: { error: { code: HTTP_CODES[status] ?? 'http-error', message } } };
  }
  if (error instanceof ConnectorError && error.kind === 'parse') {
    return { status: 422, body: { error: { code: 'not-icalendar', message: error.message } } };
  }
  if (error instanceof ConfigError) {
    const details = error.issues.map((i) => ({ line: i.line, path: i.path, message: i.message }));
    return { status: 422, body: { error: { code: 'invalid-roster', message: error.message, details } } };
  }
  if (error instanceof InputError) {
    return { status: 422, body: { error: { code: error.code, message: error.message } } };
  }
  if (error instanceof AuditorError || (error instanceof Error && typeof (error as { code?: unknown }).code === 'string')) {
    const code = (error as AuditorError).code;
    const status = CLIENT_CODES[code];
    if (status) return { status, body: { error: { code, message: error.message } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'internal error (see the server log)' } } };
}

export function respondWithError(error: unknown, c: Context): Response {
  const { status, body } = toErrorResponse(error);
  if (status >= 500) console.error(error);
  return c.json(body, status);
}
