/** The one base error: every error we raise on purpose has a stable `code`. */
export class AuditorError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AuditorError';
  }
}

/** Input that cannot be used as given (a config file, a CLI flag): where, and what is wrong. */
export class InputError extends AuditorError {
  constructor(
    message: string,
    readonly location: string | null = null,
  ) {
    super('invalid-input', location ? `${location}: ${message}` : message);
    this.name = 'InputError';
  }
}

/** 'write': what was read could not be written out (`occurrences --out`). */
export type ConnectorErrorKind = 'auth' | 'rate-limited' | 'not-found' | 'parse' | 'network' | 'write';

export class ConnectorError extends AuditorError {
  constructor(
    readonly source: string,
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(`connector-${kind}`, message, options);
    this.name = 'ConnectorError';
  }
}
