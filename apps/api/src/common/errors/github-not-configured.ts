import { ApiError } from './api-error';

/** GitHub login and the /api/github routes without a GitHub OAuth app configured on this server. */
export function gitHubNotConfigured(): ApiError {
  return new ApiError(
    'NOT_FOUND',
    'GitHub is not configured on this server: set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET (and GITHUB_URL for GitHub Enterprise)',
    { reason: 'github-not-configured' },
  );
}
