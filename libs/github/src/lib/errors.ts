import type { ErrorCode } from '@orphelix/contract';

/** The contract's error codes a GitHub operation can fail with. */
export type GitHubErrorCode = Extract<
  ErrorCode,
  | 'VALIDATION_ERROR'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNPROCESSABLE'
  | 'RATE_LIMITED'
  | 'UPSTREAM_ERROR'
>;

/**
 * Every failure of a {@link GitHubPort} operation. The API's exception filter maps `code` to the HTTP
 * status and the error envelope. `details` holds safe facts only (GitHub's status, documentation URL, the
 * path concerned, `retryAfterSeconds` for `RATE_LIMITED`); never a token, never request headers, and no
 * `cause` chain (Octokit's errors carry the request).
 */
export class GitHubError extends Error {
  constructor(
    readonly code: GitHubErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'GitHubError';
  }
}

/** Duck-typed so that errors crossing module realms (Jest, bundlers) are still recognised. */
export function isGitHubError(error: unknown): error is GitHubError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'GitHubError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}
