import { ERROR_CODE_HTTP_STATUS, ERROR_CODES as CONTRACT_ERROR_CODES, type ErrorCode } from '@orphelix/contract';
import type { ClusterErrorCode } from '@orphelix/k8s';

export type { ErrorCode };

/** The HTTP status of each code, as the contract promises clients. */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = ERROR_CODE_HTTP_STATUS;

/** Sorted, for a stable OpenAPI enum. */
export const ERROR_CODES: readonly ErrorCode[] = [...CONTRACT_ERROR_CODES].sort();

// Every code an adapter can throw must be one the contract knows, or its errors could not be sent.
const clusterCodesAreErrorCodes: ClusterErrorCode extends ErrorCode ? true : never = true;
void clusterCodesAreErrorCodes;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(STATUS_BY_CODE, value);
}
