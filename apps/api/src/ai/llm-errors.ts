import { LlmError } from '@orphelix/ai';
import { ApiError } from '../common/errors/api-error';

/**
 * The model provider's failures in our envelope: a rate limit stays a 429 (with its Retry-After); a
 * refused key, an unknown model, a timeout or a broken answer is the provider failing us — 502
 * UPSTREAM_ERROR, never a 401 that would read as the caller's own login failing. The provider's message
 * is kept (it says what to fix); the key never is.
 */
export function toApiError(error: unknown): unknown {
  if (!(error instanceof LlmError)) return error;
  const details: Record<string, unknown> = { provider: 'model', kind: error.kind, status: error.status };
  if (error.providerRequestId) details['providerRequestId'] = error.providerRequestId;
  switch (error.kind) {
    case 'rate-limited':
      return new ApiError('RATE_LIMITED', `The model provider is rate limiting requests: ${error.message}`, {
        ...details,
        retryAfterSeconds: error.retryAfterSeconds ?? 1,
      });
    case 'unauthorized':
      return new ApiError('UPSTREAM_ERROR', `The model provider refused the configured key (ORPHELIX_AI_API_KEY): ${error.message}`, details);
    case 'timeout':
      return new ApiError('UPSTREAM_ERROR', `The model provider did not answer in time: ${error.message}`, details);
    case 'bad-request':
      return new ApiError('UPSTREAM_ERROR', `The model provider refused the request (check ORPHELIX_AI_MODEL): ${error.message}`, details);
    case 'malformed':
      return new ApiError('UPSTREAM_ERROR', `The model provider's answer could not be read: ${error.message}`, details);
    case 'upstream':
      return new ApiError('UPSTREAM_ERROR', `The model provider failed: ${error.message}`, details);
  }
}
