import { isIP } from 'node:net';
import { SecretValue } from '../config/app-config';

/** GitHub OAuth as configured: github.com by default, GitHub Enterprise Server when `GITHUB_URL` says so. */
export interface GitHubOAuthSettings {
  clientId: string;
  clientSecret: SecretValue;
  /** `GITHUB_URL`: where users log in, e.g. https://github.com or https://github.example.com. */
  webUrl: string;
  /** The REST API: https://api.github.com, or `<GITHUB_URL>/api/v3` for Enterprise. */
  apiUrl: string;
  /** `GITHUB_SCOPES`: what the login asks for; by default what browsing repos and opening PRs needs. */
  scopes: readonly string[];
}

export interface AuthSettings {
  /** Null when `GITHUB_CLIENT_ID`/`GITHUB_CLIENT_SECRET` are unset: no GitHub login, no GitHub routes. */
  github: GitHubOAuthSettings | null;
  /** `PUBLIC_URL`: this console's origin as browsers reach it (OAuth callback, Secure cookies, origin checks). */
  publicUrl: string | null;
  /** `ORPHELIX_ADMINS`: GitHub logins that may create and revoke API tokens and read the audit log. */
  admins: readonly string[];
  /** `ORPHELIX_ADMIN_TOKEN`: a bearer token with admin rights, for integrators before anyone logs in. */
  adminToken: SecretValue | null;
  /**
   * Whether every route needs a session or a token: always when bound beyond loopback, or when
   * `ORPHELIX_AUTH=required` asks for it on loopback too.
   */
  required: boolean;
  /** `ORPHELIX_SESSION_HOURS` (default 12): how long a login lasts without use. */
  sessionHours: number;
  /**
   * Requests per minute per user (or per address for the local user): `ORPHELIX_RATE_LIMIT` (default
   * 1200; 0 turns rate limiting off) and, for state-changing requests, `ORPHELIX_RATE_LIMIT_MUTATIONS`
   * (default 60), and for the login routes (`/api/auth/github` and its callback), per address,
   * `ORPHELIX_RATE_LIMIT_LOGINS` (default 20): a login costs GitHub calls and writes a session.
   */
  rateLimits: { perMinute: number; mutationsPerMinute: number; loginsPerMinute: number };
}

/** Enough for reading private repositories and opening pull requests with an OAuth App. */
export const DEFAULT_GITHUB_SCOPES = ['read:user', 'repo'] as const;

/** 127.0.0.0/8, ::1 and `localhost`: addresses nothing outside this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare);
  return false;
}

type Read = (name: string) => string | undefined;
type Fail = (variable: string, message: string) => void;

/**
 * Reads the identity settings and applies the binding policy: an API reachable from other machines
 * starts only with a way to authenticate, since it acts with this machine's cluster credentials.
 */
export function parseAuthSettings(read: Read, host: string, fail: Fail): AuthSettings {
  const clientId = read('GITHUB_CLIENT_ID');
  const clientSecret = read('GITHUB_CLIENT_SECRET');
  if ((clientId === undefined) !== (clientSecret === undefined)) {
    fail(clientId ? 'GITHUB_CLIENT_SECRET' : 'GITHUB_CLIENT_ID', 'GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET must be set together');
  }
  const webUrl = parseHttpUrl(read('GITHUB_URL') ?? 'https://github.com', (m) => fail('GITHUB_URL', m));
  const scopes = (read('GITHUB_SCOPES') ?? DEFAULT_GITHUB_SCOPES.join(','))
    .split(/[\s,]+/)
    .filter(Boolean);
  if (scopes.some((s) => !/^[a-z:_]+$/.test(s))) fail('GITHUB_SCOPES', 'must be GitHub scope names separated by commas, e.g. read:user,repo');
  const github =
    clientId && clientSecret && webUrl
      ? {
          clientId,
          clientSecret: new SecretValue(clientSecret),
          webUrl,
          apiUrl: new URL(webUrl).host === 'github.com' ? 'https://api.github.com' : `${webUrl}/api/v3`,
          scopes,
        }
      : null;

  const rawPublic = read('PUBLIC_URL');
  const publicUrl = rawPublic === undefined ? null : parseHttpUrl(rawPublic, (m) => fail('PUBLIC_URL', m));
  const admins = (read('ORPHELIX_ADMINS') ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((l) => l.toLowerCase());
  const rawAdminToken = read('ORPHELIX_ADMIN_TOKEN');
  if (rawAdminToken !== undefined && rawAdminToken.length < 32) fail('ORPHELIX_ADMIN_TOKEN', 'must be at least 32 characters (e.g. openssl rand -base64 32)');
  const adminToken = rawAdminToken !== undefined && rawAdminToken.length >= 32 ? new SecretValue(rawAdminToken) : null;

  const mode = read('ORPHELIX_AUTH')?.toLowerCase() ?? 'auto';
  if (mode !== 'auto' && mode !== 'required') fail('ORPHELIX_AUTH', `must be auto or required, got "${mode}"`);
  const required = mode === 'required' || !isLoopbackHost(host);
  if (required && !github && !adminToken && clientId === undefined && rawAdminToken === undefined) {
    fail(
      'HOST',
      `${host} lets other machines reach an API that acts with this machine's cluster credentials: configure ` +
        'a login (GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET, or ORPHELIX_ADMIN_TOKEN for API tokens only), or bind to 127.0.0.1',
    );
  }
  if (github && !isLoopbackHost(host) && publicUrl === null && rawPublic === undefined) {
    fail('PUBLIC_URL', 'must be set when the API is reachable from other machines, so the GitHub callback and cookies use the address browsers see');
  }

  const rawHours = read('ORPHELIX_SESSION_HOURS');
  const sessionHours = rawHours === undefined ? 12 : Number(rawHours);
  if (!Number.isInteger(sessionHours) || sessionHours < 1 || sessionHours > 24 * 30) {
    fail('ORPHELIX_SESSION_HOURS', 'must be a whole number of hours between 1 and 720');
  }
  const perMinute = count(read('ORPHELIX_RATE_LIMIT'), 1200, (m) => fail('ORPHELIX_RATE_LIMIT', m));
  const mutationsPerMinute = count(read('ORPHELIX_RATE_LIMIT_MUTATIONS'), 60, (m) => fail('ORPHELIX_RATE_LIMIT_MUTATIONS', m));
  const loginsPerMinute = count(read('ORPHELIX_RATE_LIMIT_LOGINS'), 20, (m) => fail('ORPHELIX_RATE_LIMIT_LOGINS', m));
  return { github, publicUrl, admins, adminToken, required, sessionHours, rateLimits: { perMinute, mutationsPerMinute, loginsPerMinute } };
}

function count(raw: string | undefined, fallback: number, fail: (message: string) => void): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 1_000_000) {
    fail(`must be a whole number of requests per minute (0 turns it off), got "${raw}"`);
    return fallback;
  }
  return n;
}

function parseHttpUrl(raw: string, fail: (message: string) => void): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail(`must be a URL such as https://github.example.com, got "${raw}"`);
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail(`must be an http(s) URL, got "${raw}"`);
    return null;
  }
  if (url.search || url.hash || url.username || url.password) {
    fail('must be a plain origin and path, without credentials, query or fragment');
    return null;
  }
  return url.href.replace(/\/+$/, '');
}
