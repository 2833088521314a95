import { GitHubError } from '@orphelix/github';

/** How long a repository's default branch is remembered, per user. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 1000;

/**
 * A repository's default branch, for reads that name no ref (the default is not always `main`). The
 * GitHub port answers it only inside the operations that need it, so this asks `GET /repos/{owner}/{repo}`
 * itself, as the user, and remembers the answer for a minute per user. Failures come out as the port's
 * {@link GitHubError}s; the token is never part of one.
 */
export class DefaultBranches {
  private readonly cache = new Map<string, { branch: string; until: number }>();

  constructor(
    private readonly apiUrl: string,
    private readonly options: { timeoutMs?: number; now?: () => number } = {},
  ) {}

  async of(userId: string, token: string, owner: string, repo: string): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    const key = `${userId}\n${owner.toLowerCase()}/${repo.toLowerCase()}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.branch;
    const branch = await this.fetch(token, owner, repo, now);
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(key, { branch, until: now + TTL_MS });
    return branch;
  }

  private async fetch(token: string, owner: string, repo: string, now: number): Promise<string> {
    const what = `repository ${owner}/${repo}`;
    let response: Response;
    let data: unknown;
    try {
      response = await fetch(`${this.apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'user-agent': 'orphelix' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      data = await response.json().catch(() => undefined);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new GitHubError('UPSTREAM_ERROR', `GitHub could not be reached (${reason.split(token).join('[REDACTED]')})`, { status: null });
    }
    const body = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    if (response.ok) {
      if (typeof body['default_branch'] === 'string' && body['default_branch'] !== '') return body['default_branch'];
      throw new GitHubError('UPSTREAM_ERROR', `GitHub's answer about ${what} names no default branch`, { status: response.status });
    }
    throw failure(response, body, what, now);
  }
}

function failure(response: Response, body: Record<string, unknown>, what: string, now: number): GitHubError {
  const status = response.status;
  const githubMessage = typeof body['message'] === 'string' ? body['message'] : undefined;
  const details: Record<string, unknown> = { status };
  if (typeof body['documentation_url'] === 'string') details['documentationUrl'] = body['documentation_url'];
  if (githubMessage !== undefined) details['githubMessage'] = githubMessage;
  if (status === 403 || status === 429) {
    const retryAfter = Number(response.headers.get('retry-after') ?? NaN);
    const remaining = response.headers.get('x-ratelimit-remaining');
    const reset = Number(response.headers.get('x-ratelimit-reset') ?? NaN);
    let seconds: number | null = null;
    if (Number.isFinite(retryAfter)) seconds = Math.max(0, Math.ceil(retryAfter));
    else if (remaining === '0') seconds = Number.isFinite(reset) && reset > 0 ? Math.max(0, Math.ceil(reset - now / 1000)) : 60;
    else if (status === 429 || /rate limit/i.test(githubMessage ?? '')) seconds = 60;
    if (seconds !== null) {
      return new GitHubError('RATE_LIMITED', `GitHub's rate limit is exhausted; retry in ${seconds} s`, { ...details, retryAfterSeconds: seconds });
    }
  }
  const said = githubMessage === undefined ? '' : `: ${githubMessage}`;
  switch (status) {
    case 401:
      return new GitHubError('UNAUTHENTICATED', 'GitHub rejected the access token (expired or revoked); sign in with GitHub again', details);
    case 403:
      return new GitHubError('FORBIDDEN', `GitHub refused access to ${what}${said}`, details);
    case 404:
    case 410:
      return new GitHubError('NOT_FOUND', `Repository ${what.slice('repository '.length)} not found on GitHub (or not visible to this user)`, details);
    default:
      return new GitHubError('UPSTREAM_ERROR', `GitHub failed on ${what} (HTTP ${status})${said}`, details);
  }
}
