import { GitHubError, isGitHubError } from './errors';

/** What failed, for messages: e.g. `repository acme/shop`, `file "k8s/app.yaml" at trunk`. */
export interface ErrorContext {
  what: string;
  /** A repository path the operation concerned; copied into `details.path`. */
  path?: string;
  /** Scrubbed from every message and detail, in case GitHub or the network stack echoes it. */
  secrets?: readonly string[];
  now?: () => number;
}

interface HttpFailure {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

function isHttpFailure(error: unknown): error is HttpFailure {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { status?: unknown }).status === 'number' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** Replaces each secret in `text`; short strings are left alone so that nothing ordinary is mangled. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 8) out = out.split(secret).join('[REDACTED]');
  }
  return out;
}

function header(failure: HttpFailure, name: string): string | undefined {
  const value = failure.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** GitHub's error body: `{message, documentation_url, errors?, status?}`. */
function body(failure: HttpFailure): { message?: string; documentationUrl?: string; errors?: unknown[] } {
  const data = failure.response?.data;
  if (typeof data !== 'object' || data === null) return {};
  const record = data as Record<string, unknown>;
  return {
    message: typeof record['message'] === 'string' ? record['message'] : undefined,
    documentationUrl: typeof record['documentation_url'] === 'string' ? record['documentation_url'] : undefined,
    errors: Array.isArray(record['errors']) ? record['errors'] : undefined,
  };
}

/**
 * Seconds until GitHub accepts requests again, when `failure` is a rate-limit answer (primary: 403/429 with
 * `x-ratelimit-remaining: 0`; secondary: `retry-after`, or GitHub's "secondary rate limit" message); else
 * `null`.
 */
function rateLimitRetryAfter(failure: HttpFailure, now: number): number | null {
  if (failure.status !== 403 && failure.status !== 429) return null;
  const retryAfter = header(failure, 'retry-after');
  if (retryAfter !== undefined && Number.isFinite(Number(retryAfter))) return Math.max(0, Math.ceil(Number(retryAfter)));
  const remaining = header(failure, 'x-ratelimit-remaining');
  const message = body(failure).message ?? failure.message;
  if (remaining === '0') {
    const reset = Number(header(failure, 'x-ratelimit-reset'));
    return Number.isFinite(reset) && reset > 0 ? Math.max(0, Math.ceil(reset - now / 1000)) : 60;
  }
  if (failure.status === 429 || /rate limit/i.test(message)) return 60;
  return null;
}

/** Maps whatever a GitHub call threw to a {@link GitHubError}; a `GitHubError` passes through unchanged. */
export function toGitHubError(error: unknown, context: ErrorContext): GitHubError {
  if (isGitHubError(error)) return error;
  const secrets = context.secrets ?? [];
  const pathDetail = context.path === undefined ? {} : { path: context.path };

  if (!isHttpFailure(error) || error.response === undefined) {
    // No answer at all: refused connection, DNS, TLS, timeout (Octokit reports these as status 500 without a
    // response).
    const reason = error instanceof Error ? error.message : String(error);
    return new GitHubError('UPSTREAM_ERROR', `GitHub could not be reached (${scrub(reason, secrets)})`, {
      ...pathDetail,
      status: null,
    });
  }

  const { status } = error;
  const { message: githubMessage, documentationUrl, errors } = body(error);
  const said = githubMessage === undefined ? '' : `: ${scrub(githubMessage, secrets)}`;
  const details: Record<string, unknown> = { ...pathDetail, status };
  if (documentationUrl !== undefined) details['documentationUrl'] = documentationUrl;
  if (githubMessage !== undefined) details['githubMessage'] = scrub(githubMessage, secrets);

  const retryAfterSeconds = rateLimitRetryAfter(error, (context.now ?? Date.now)());
  if (retryAfterSeconds !== null) {
    return new GitHubError('RATE_LIMITED', `GitHub's rate limit is exhausted; retry in ${retryAfterSeconds} s`, {
      ...details,
      retryAfterSeconds,
    });
  }
  switch (status) {
    case 401:
      return new GitHubError(
        'UNAUTHENTICATED',
        'GitHub rejected the access token (expired or revoked); sign in with GitHub again',
        details,
      );
    case 403:
      return new GitHubError('FORBIDDEN', `GitHub refused access to ${context.what}${said}`, details);
    case 404:
    case 410:
      return new GitHubError('NOT_FOUND', `${capitalize(context.what)} not found on GitHub (or not visible to this user)`, details);
    case 409:
      return new GitHubError('CONFLICT', `GitHub reported a conflict on ${context.what}${said}`, details);
    case 422:
      return new GitHubError('UNPROCESSABLE', `GitHub could not process the request on ${context.what}${said}`, {
        ...details,
        errors: scrubDeep(errors ?? [], secrets),
      });
    default:
      return new GitHubError('UPSTREAM_ERROR', `GitHub failed on ${context.what} (HTTP ${status})${said}`, details);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function scrubDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrub(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, secrets));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubDeep(item, secrets)]));
  }
  return value;
}
