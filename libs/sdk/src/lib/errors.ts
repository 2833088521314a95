import type { ErrorCode, ErrorEnvelope, ValidationErrorDetails } from '../generated/types.gen.js';

/** Fields of an {@link OrphelixApiError}, from the API's error envelope and the response. */
export interface OrphelixApiErrorInit {
  status: number;
  code: ErrorCode | string;
  message: string;
  details?: Record<string, unknown>;
  requestId?: string | null;
  retryAfterSeconds?: number | null;
  method?: string;
  url?: string;
}

/**
 * Every non-2xx answer of the API, as its error envelope `{ error, code, details, requestId }` says it,
 * plus the HTTP status and, on 429 and 503, the `Retry-After` in seconds. A body that is not an
 * envelope (a proxy's page, say) becomes `code: 'HTTP_<status>'` with the text as the message.
 */
export class OrphelixApiError extends Error {
  override readonly name = 'OrphelixApiError';
  readonly status: number;
  /** The envelope's machine-readable code, e.g. `NOT_FOUND`, `VALIDATION_ERROR`, `RATE_LIMITED`. */
  readonly code: ErrorCode | string;
  /** Structured detail whose shape depends on `code`; `{}` when there is nothing to add. */
  readonly details: Record<string, unknown>;
  /** The request's id (also the `X-Request-Id` header); quote it when reporting a problem. */
  readonly requestId: string | null;
  /** Seconds the server asked to wait (`Retry-After`), or `null`. */
  readonly retryAfterSeconds: number | null;
  readonly method: string | undefined;
  readonly url: string | undefined;

  constructor(init: OrphelixApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? {};
    this.requestId = init.requestId ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.method = init.method;
    this.url = init.url;
  }

  /** Whether `value` is an {@link OrphelixApiError}, optionally with the given code. */
  static is(value: unknown, code?: ErrorCode): value is OrphelixApiError {
    return value instanceof OrphelixApiError && (code === undefined || value.code === code);
  }

  isNotFound(): boolean {
    return this.code === 'NOT_FOUND' || this.code === 'CONTEXT_NOT_FOUND';
  }

  isValidationError(): this is OrphelixApiError & { details: ValidationErrorDetails } {
    return this.code === 'VALIDATION_ERROR';
  }

  isRateLimited(): boolean {
    return this.code === 'RATE_LIMITED';
  }

  isUnauthenticated(): boolean {
    return this.code === 'UNAUTHENTICATED';
  }

  isForbidden(): boolean {
    return this.code === 'FORBIDDEN';
  }

  isConflict(): boolean {
    return this.code === 'CONFLICT';
  }

  isClusterUnreachable(): boolean {
    return this.code === 'CLUSTER_UNREACHABLE';
  }

  /** Builds the error from a non-2xx response and its body (parsed JSON, text, or nothing). */
  static fromResponse(response: Response, body: unknown, request?: Request): OrphelixApiError {
    const envelope = isEnvelope(body) ? body : null;
    const text = typeof body === 'string' ? body.trim() : '';
    return new OrphelixApiError({
      status: response.status,
      code: envelope?.code ?? `HTTP_${response.status}`,
      message: envelope?.error ?? (text ? text.slice(0, 500) : `HTTP ${response.status} ${response.statusText}`.trim()),
      details: envelope?.details ?? {},
      requestId: envelope?.requestId ?? response.headers.get('x-request-id'),
      retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
      method: request?.method,
      url: request?.url,
    });
  }
}

/** A request that never got an answer: connection refused or reset, DNS, a timeout. */
export class OrphelixNetworkError extends Error {
  override readonly name = 'OrphelixNetworkError';
  constructor(
    message: string,
    cause: unknown,
    readonly method?: string,
    readonly url?: string,
  ) {
    super(message);
    // Set as the standard `cause` (ES2022), without requiring that lib of the compiler using the SDK.
    Object.defineProperty(this, 'cause', { value: cause, enumerable: false, writable: true, configurable: true });
  }
}

function isEnvelope(body: unknown): body is ErrorEnvelope {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as ErrorEnvelope).code === 'string' &&
    typeof (body as ErrorEnvelope).error === 'string'
  );
}

/** `Retry-After` as seconds: a number of seconds or an HTTP date; `null` when absent or unreadable. */
export function parseRetryAfter(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
