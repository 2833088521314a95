import { ApiProperty } from '@nestjs/swagger';
import type { ErrorEnvelope, FieldError } from '@orphelix/contract';
import { ERROR_CODES, type ErrorCode } from './error-codes';

/** One invalid parameter or body field. */
export class FieldErrorDto implements FieldError {
  /** The parameter or body path, e.g. `namespace`, `limit`, or `body.spec.replicas` for a body field. */
  field!: string;
  /** What is wrong with it. */
  message!: string;
}

/** Code-specific information; which keys appear depends on `code`. */
export class ErrorDetailsDto {
  /** VALIDATION_ERROR: every invalid field. */
  fields?: FieldErrorDto[];
  /** CONTEXT_NOT_FOUND: the context that was asked for. */
  context?: string;
  /** CONTEXT_NOT_FOUND: the kubeconfig contexts that do exist. */
  known?: string[];
  /** RATE_LIMITED: seconds to wait, also sent as the `Retry-After` header. */
  @ApiProperty({ type: 'integer', required: false })
  retryAfterSeconds?: number;
}

/**
 * The body of every 4xx and 5xx response. Clients branch on `code`, show `error`, and quote
 * `requestId` (also the `X-Request-Id` header) when reporting a problem.
 */
export class ErrorEnvelopeDto implements ErrorEnvelope {
  /** Human-readable message. */
  error!: string;

  /** Machine-readable error code. */
  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode' })
  code!: ErrorCode;

  /** Code-specific details; an empty object when there are none. */
  @ApiProperty({ type: ErrorDetailsDto })
  details!: Record<string, unknown>;

  /** The request's id, as in the `X-Request-Id` response header and the server's logs. */
  requestId!: string;
}
