import { GraphClientError, GraphError } from '@microsoft/microsoft-graph-client';
import { ConnectorError, type ConnectorErrorKind } from '../../model/errors.js';
import { parseRetryAfter } from './retry.js';

const AUTH_CODES = /^(InvalidAuthenticationToken|AuthenticationError|CredentialUnavailableError|AuthenticationRequiredError|ErrorAccessDenied|Authorization_RequestDenied|AccessDenied)$/i;

/** HTTP 410 on a delta or skip token: the sync state is gone and a full round must start over. */
export function isSyncStateGone(error: unknown): boolean {
  return error instanceof GraphError && error.statusCode === 410;
}

function kindOf(error: GraphError): ConnectorErrorKind {
  const status = error.statusCode;
  if (status === 401 || status === 403 || (error.code && AUTH_CODES.test(error.code))) return 'auth';
  if (status === 404) return 'not-found';
  if (status === 429 || status === 503 || status === 504) return 'rate-limited';
  if (status === 400 || status === 422) return 'parse';
  return 'network';
}

/**
 * Any failure of a Graph call as a ConnectorError: GraphError (an HTTP error answer after retries,
 * or a wrapped credential/transport error), a ConnectorError we raised inside the middleware chain
 * (carried by GraphClientError.customError), or anything else.
 */
export function toConnectorError(error: unknown, what: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof GraphClientError && error.customError instanceof ConnectorError) return error.customError;
  if (error instanceof GraphError) {
    const kind = kindOf(error);
    const retryAfterMs = kind === 'rate-limited' ? parseRetryAfter(error.headers?.get('Retry-After')) : null;
    const status = error.statusCode > 0 ? `HTTP ${error.statusCode} ` : '';
    const code = error.code ? `${error.code}: ` : '';
    return new ConnectorError('outlook', kind, `${what}: ${status}${code}${error.message}`.trim(), retryAfterMs, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectorError('outlook', 'network', `${what}: ${message}`, null, { cause: error });
}
