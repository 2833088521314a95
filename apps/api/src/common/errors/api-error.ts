import type { ErrorCode } from './error-codes';

/**
 * An error the API answers with as it is: its code picks the status (the contract's pairing), its
 * message is shown to the user, its details go into the envelope. For our own refusals (not logged
 * in, CSRF, rate limits, admin-only routes); adapters have their own (ClusterError, GitHubError).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
