import type { ClusterErrorCode } from '@orphelix/k8s';

/** Every `code` an error envelope can carry. */
export type ErrorCode = ClusterErrorCode | 'INTERNAL_ERROR';

/** The HTTP status of each code; a `Record` so a new ClusterError code fails to compile until mapped. */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_ERROR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONTEXT_NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  UPSTREAM_ERROR: 502,
  CLUSTER_UNREACHABLE: 503,
};

export const ERROR_CODES = Object.keys(STATUS_BY_CODE).sort() as ErrorCode[];

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(STATUS_BY_CODE, value);
}
