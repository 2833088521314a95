import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorEnvelope } from '@orphelix/contract';
import { isClusterError } from '@orphelix/k8s';
import { type ErrorCode, isErrorCode, STATUS_BY_CODE } from './error-codes';
import { RequestValidationError } from './request-validation.error';

export interface ErrorResponse {
  status: number;
  envelope: ErrorEnvelope;
  headers: Readonly<Record<string, string>>;
  /** `error`: a bug, logged with its stack; `warn`: a dependency failed; `none`: the client's mistake. */
  log: 'none' | 'warn' | 'error';
}

const INTERNAL_MESSAGE = 'Internal server error';

/** Codes for HttpExceptions that Nest or our own code throw; statuses outside this map keep their status. */
const CODE_BY_HTTP_STATUS: Readonly<Partial<Record<number, ErrorCode>>> = {
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.CONFLICT]: 'CONFLICT',
  [HttpStatus.UNPROCESSABLE_ENTITY]: 'UNPROCESSABLE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'RATE_LIMITED',
};

/** Maps anything thrown while handling a request to its status, envelope and headers. */
/** Errors that carry a contract code and safe details: the cluster's, GitHub's and our own refusals. */
const CODED_ERRORS = new Set(['ClusterError', 'GitHubError', 'ApiError']);

function isCodedError(error: unknown): error is { code: string; message: string; details?: Record<string, unknown> } {
  if (isClusterError(error)) return true;
  return (
    error instanceof Error &&
    CODED_ERRORS.has(error.name) &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

export function toErrorResponse(exception: unknown, requestId: string): ErrorResponse {
  if (isCodedError(exception) && isErrorCode(exception.code)) {
    const code = exception.code;
    const details = { ...exception.details };
    const headers: Record<string, string> = {};
    if (code === 'RATE_LIMITED') {
      const retryAfter = Number(details['retryAfterSeconds']);
      // The apiserver always sends Retry-After on 429; 1 s is its own default when an adapter lost it.
      const seconds = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.ceil(retryAfter) : 1;
      details['retryAfterSeconds'] = seconds;
      headers['Retry-After'] = String(seconds);
    }
    if (code === 'VALIDATION_ERROR' && !Array.isArray(details['fields'])) {
      details['fields'] = [];
    }
    const status = STATUS_BY_CODE[code];
    return {
      status,
      envelope: { error: exception.message, code, details, requestId },
      headers,
      log: status >= 500 ? 'warn' : 'none',
    };
  }

  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status >= 500) {
      return internalError(requestId);
    }
    const code = CODE_BY_HTTP_STATUS[status] ?? 'VALIDATION_ERROR';
    const details: Record<string, unknown> =
      code === 'VALIDATION_ERROR'
        ? { fields: exception instanceof RequestValidationError ? exception.fields : [] }
        : {};
    return {
      status,
      envelope: { error: messageOf(exception), code, details, requestId },
      headers: {},
      log: 'none',
    };
  }

  // http-errors from Express middleware (body parsing, static files) mark client errors safe to show.
  const clientError = asExposedClientError(exception);
  if (clientError) {
    return {
      status: clientError.status,
      envelope: {
        error: clientError.message,
        code: clientError.status === 404 ? 'NOT_FOUND' : 'VALIDATION_ERROR',
        details: clientError.status === 404 ? {} : { fields: [] },
        requestId,
      },
      headers: {},
      log: 'none',
    };
  }

  return internalError(requestId);
}

function internalError(requestId: string): ErrorResponse {
  return {
    status: STATUS_BY_CODE.INTERNAL_ERROR,
    envelope: { error: INTERNAL_MESSAGE, code: 'INTERNAL_ERROR', details: {}, requestId },
    headers: {},
    log: 'error',
  };
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') {
    return response;
  }
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') {
    return message;
  }
  if (Array.isArray(message)) {
    return message.map(String).join('; ');
  }
  return exception.message;
}

function asExposedClientError(exception: unknown): { status: number; message: string } | undefined {
  if (!(exception instanceof Error)) {
    return undefined;
  }
  const { status, expose } = exception as Error & { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500
    ? { status, message: exception.message }
    : undefined;
}
