import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse } from '@nestjs/swagger';
import { ErrorEnvelopeDto } from './error-envelope.dto';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 502 | 503;

const DESCRIPTIONS: Readonly<Record<ErrorStatus, string>> = {
  400: 'VALIDATION_ERROR: a parameter or the body is invalid; `details.fields` names each one.',
  401: 'UNAUTHENTICATED: the cluster rejected our credentials.',
  403: "FORBIDDEN: RBAC denied the request; `details` carries the apiserver's verb, resource and namespace.",
  404: 'NOT_FOUND, or CONTEXT_NOT_FOUND with `details.known` listing the kubeconfig contexts.',
  409: "CONFLICT: the change conflicts with the object's current state.",
  422: 'UNPROCESSABLE: the apiserver rejected the change as invalid.',
  429: "RATE_LIMITED: retry after the `Retry-After` header's seconds.",
  500: 'INTERNAL_ERROR: a bug; quote `requestId` when reporting it.',
  502: 'UPSTREAM_ERROR: GitHub or the LLM provider failed.',
  503: 'CLUSTER_UNREACHABLE: connection refused, DNS, TLS or timeout talking to the cluster.',
};

/** What every route that talks to a cluster can answer. */
export const CLUSTER_ERROR_STATUSES: readonly ErrorStatus[] = [400, 401, 403, 404, 429, 500, 503];

const requestIdHeader = {
  'X-Request-Id': { description: 'Same as `requestId` in the body.', schema: { type: 'string' } },
};

/** Documents one error status with the error envelope. */
export function ApiErrorResponse(status: ErrorStatus): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description: DESCRIPTIONS[status],
    type: ErrorEnvelopeDto,
    headers:
      status === 429
        ? { ...requestIdHeader, 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } }
        : requestIdHeader,
  });
}

/**
 * Documents the error envelope for the statuses a cluster route can answer, plus `extra` ones
 * (409 and 422 for mutations, 502 for GitHub/LLM routes). Use on controllers or single routes.
 */
export function ApiErrorResponses(...extra: ErrorStatus[]): MethodDecorator & ClassDecorator {
  const statuses = [...new Set([...CLUSTER_ERROR_STATUSES, ...extra])].sort((a, b) => a - b);
  return applyDecorators(ApiExtraModels(ErrorEnvelopeDto), ...statuses.map(ApiErrorResponse));
}
