import { GitHubError } from './errors';
import { scrub, toGitHubError } from './map-error';
import type { AuthorizeUrlInput, GitHubTokens } from './port';

/** GitHub's OAuth web flow (plain HTTP: these endpoints live on the web origin, not the REST API). */
export interface OAuthClientOptions {
  /** `https://github.com`, or a GitHub Enterprise Server origin. */
  webUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  now: () => number;
}

export function authorizeUrl(webUrl: string, input: AuthorizeUrlInput): string {
  const query = new URLSearchParams({
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    scope: input.scopes.join(' '),
    state: input.state,
  });
  return `${webUrl}/login/oauth/authorize?${query.toString()}`;
}

/** POSTs to `/login/oauth/access_token`; GitHub answers 200 with `{error}` when it refuses. */
export async function requestTokens(
  options: OAuthClientOptions,
  grant: Record<string, string>,
  what: string,
): Promise<GitHubTokens> {
  const secrets = [options.clientSecret, ...Object.values(grant)];
  const form = new URLSearchParams({ client_id: options.clientId, client_secret: options.clientSecret, ...grant });
  let response: Response;
  let data: unknown;
  try {
    response = await fetch(`${options.webUrl}/login/oauth/access_token`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = await response.text();
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  } catch (error) {
    throw toGitHubError(error, { what, secrets });
  }
  if (!response.ok) {
    throw toGitHubError(
      { status: response.status, message: response.statusText, response: { headers: Object.fromEntries(response.headers), data } },
      { what, secrets },
    );
  }
  if (typeof data !== 'object' || data === null) {
    throw new GitHubError('UPSTREAM_ERROR', `GitHub answered the ${what} with something other than JSON`, {
      status: response.status,
    });
  }
  const body = data as Record<string, unknown>;
  if (typeof body['error'] === 'string') {
    const description = typeof body['error_description'] === 'string' ? scrub(body['error_description'], secrets) : body['error'];
    throw new GitHubError('UNAUTHENTICATED', `GitHub refused the ${what}: ${description}`, {
      error: body['error'],
      ...(typeof body['error_uri'] === 'string' ? { documentationUrl: body['error_uri'] } : {}),
    });
  }
  if (typeof body['access_token'] !== 'string' || body['access_token'] === '') {
    throw new GitHubError('UPSTREAM_ERROR', `GitHub's answer to the ${what} holds no access token`, { status: response.status });
  }
  const now = options.now();
  const at = (seconds: unknown): string | null =>
    typeof seconds === 'number' || (typeof seconds === 'string' && seconds !== '')
      ? new Date(now + Number(seconds) * 1000).toISOString()
      : null;
  const refreshToken = typeof body['refresh_token'] === 'string' && body['refresh_token'] !== '' ? body['refresh_token'] : null;
  return {
    accessToken: body['access_token'],
    refreshToken,
    expiresAt: at(body['expires_in']),
    refreshTokenExpiresAt: refreshToken === null ? null : at(body['refresh_token_expires_in']),
    scopes:
      typeof body['scope'] === 'string'
        ? body['scope']
            .split(/[,\s]+/)
            .filter((scope) => scope !== '')
            .sort()
        : [],
  };
}
