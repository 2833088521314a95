import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GitStore, type GitTreeEntry, type TreeChange, type WalkedEntry } from './git-store';

/** The OAuth (or GitHub App) registration the fake accepts. */
export interface FakeOAuthApp {
  clientId: string;
  clientSecret: string;
  /** The registered callback URL; a `redirect_uri` must share its origin and sit at or below its path. */
  callbackUrl?: string;
  /** Expiring user tokens with refresh tokens, as GitHub Apps (and opted-in OAuth apps) issue them. */
  expiringTokens?: boolean;
  /** Default 8 hours, as on GitHub. */
  accessTokenTtlSeconds?: number;
  /** Default 6 months, as on GitHub. */
  refreshTokenTtlSeconds?: number;
}

export interface FakeGitHubOptions {
  /**
   * `github.com` (default): the REST API is served at `/` of its own origin, apart from the web origin
   * (OAuth). `enterprise`: one origin, the API under `/api/v3`, as GitHub Enterprise Server does.
   */
  flavor?: 'github.com' | 'enterprise';
  oauthApp?: FakeOAuthApp;
  /** The trees API truncates longer listings (GitHub: 100,000 entries). */
  maxTreeEntries?: number;
  /** Requests per hour per user (GitHub: 5,000). */
  rateLimit?: number;
}

export interface FakeUserInput {
  login: string;
  name?: string | null;
  id?: number;
}

export interface FakeUser {
  id: number;
  login: string;
  name: string | null;
  /** A ready-made access token with scopes `repo` and `read:user`. */
  token: string;
}

export interface FakeRepoInput {
  owner: string;
  name: string;
  private?: boolean;
  /** Default `main`. */
  defaultBranch?: string;
  /** The default branch's files, path → content, committed as one initial commit. */
  files?: Record<string, string | Buffer>;
  /** Further branches, created at the initial commit. */
  branches?: string[];
  protectedBranches?: string[];
  /** Logins besides the owner with push access. */
  collaborators?: string[];
}

export interface FakeFault {
  /** Any method when omitted. */
  method?: string;
  /**
   * The API path without the API prefix or query, e.g. `/repos/acme/shop/git/blobs`. In a string, `*`
   * stands for one path segment and `**` for any rest; or a RegExp. OAuth paths (`/login/oauth/...`) too.
   */
  path: string | RegExp;
  status: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** For 403 and 429: a primary (`x-ratelimit-remaining: 0`) or secondary (`retry-after`) rate limit. */
  rateLimit?: 'primary' | 'secondary';
  /** Overrides GitHub's usual message for the status. */
  message?: string;
  /** For 422: GitHub's `errors` array. */
  errors?: unknown[];
  /** Carry the request out, then answer with the fault anyway: an answer lost on the way back. */
  afterEffect?: boolean;
}

export interface FakeRequest {
  /** `api` (REST) or `web` (OAuth). */
  origin: 'api' | 'web';
  method: string;
  /** Without the API prefix or the query. */
  path: string;
  query: string;
  status: number;
}

export interface FakePullRequest {
  number: number;
  title: string;
  body: string | null;
  head: string;
  headSha: string;
  base: string;
  state: 'open' | 'closed';
  merged: boolean;
  user: string;
  createdAt: number;
  updatedAt: number;
}

export interface RunningFakeGitHub {
  /** The web origin: OAuth lives here, and `html_url`s point here. */
  baseUrl: string;
  /** The REST API root: a separate origin (github.com flavor) or `<baseUrl>/api/v3` (enterprise). */
  apiUrl: string;
  close(): Promise<void>;
}

interface Repo {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  defaultBranch: string;
  refs: Map<string, string>;
  store: GitStore;
  protectedBranches: Set<string>;
  collaborators: Set<string>;
  pulls: FakePullRequest[];
  createdAt: number;
  updatedAt: number;
}

interface User {
  id: number;
  login: string;
  name: string | null;
}

interface Token {
  login: string;
  scopes: string[];
  /** ms; null: never. */
  expiresAt: number | null;
}

interface Grant {
  login: string;
  scopes: string[];
  redirectUri: string | null;
  expiresAt: number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const DOCS = 'https://docs.github.com/rest';

/** A 1×1 PNG: what the fake serves as every known user's avatar. */
const AVATAR_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({ status, body, headers });
const failure = (status: number, message: string, documentation = DOCS, extra: Record<string, unknown> = {}): Reply =>
  json(status, { message, documentation_url: documentation, status: String(status), ...extra });
const notFound = (): Reply => failure(404, 'Not Found');

class Rejection extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

/**
 * A fake GitHub over real HTTP on 127.0.0.1: users, OAuth, repositories with real git objects (SHAs as git
 * computes them), branches, the Git Data API and pull requests, answering with GitHub's REST shapes,
 * headers (`Link`, `x-ratelimit-*`) and status codes. Faults can be injected and every request is logged.
 */
export class FakeGitHub {
  /** Every request, oldest first. */
  readonly requests: FakeRequest[] = [];

  private readonly flavor: 'github.com' | 'enterprise';
  private readonly app: FakeOAuthApp;
  private readonly maxTreeEntries: number;
  private readonly rateLimitPerHour: number;
  private readonly users = new Map<string, User>();
  private readonly tokens = new Map<string, Token>();
  private readonly refreshTokens = new Map<string, Token>();
  private readonly grants = new Map<string, Grant>();
  private readonly repos = new Map<string, Repo>();
  private readonly usage = new Map<string, { used: number; resetAt: number; limit: number }>();
  private faults: (FakeFault & { left: number })[] = [];
  private authorizingUser: string | null = null;
  private clockOffsetMs = 0;
  private nextId = 1000;
  private servers: Server[] = [];
  private webOrigin = '';
  private apiOrigin = '';
  private apiPrefix = '';

  constructor(options: FakeGitHubOptions = {}) {
    this.flavor = options.flavor ?? 'github.com';
    this.app = options.oauthApp ?? { clientId: 'fake-client-id', clientSecret: 'fake-client-secret' };
    this.maxTreeEntries = options.maxTreeEntries ?? 100_000;
    this.rateLimitPerHour = options.rateLimit ?? 5000;
  }

  /** Listens on 127.0.0.1 (random ports). */
  async start(): Promise<RunningFakeGitHub> {
    const listen = async (handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> => {
      const server = createServer(handler);
      this.servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    if (this.flavor === 'enterprise') {
      this.webOrigin = await listen((req, res) => void this.serve(req, res, 'both'));
      this.apiOrigin = this.webOrigin;
      this.apiPrefix = '/api/v3';
    } else {
      this.webOrigin = await listen((req, res) => void this.serve(req, res, 'web'));
      this.apiOrigin = await listen((req, res) => void this.serve(req, res, 'api'));
    }
    return { baseUrl: this.webOrigin, apiUrl: this.apiOrigin + this.apiPrefix, close: () => this.close() };
  }

  async close(): Promise<void> {
    const servers = this.servers;
    this.servers = [];
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  }

  // ---- Test set-up -------------------------------------------------------------------------------------

  /** A user, with a ready access token; the first user added also becomes the one who consents to OAuth. */
  addUser(input: FakeUserInput): FakeUser {
    const user: User = { id: input.id ?? this.nextId++, login: input.login, name: input.name === undefined ? input.login : input.name };
    this.users.set(user.login, user);
    this.authorizingUser ??= user.login;
    return { ...user, token: this.issueToken(user.login) };
  }

  /** An access token for `login`, e.g. with other scopes, or one that expires. */
  issueToken(login: string, options: { scopes?: string[]; expiresInSeconds?: number } = {}): string {
    this.user(login);
    const token = `gho_${randomBytes(18).toString('hex')}`;
    this.tokens.set(token, {
      login,
      scopes: options.scopes ?? ['read:user', 'repo'],
      expiresAt: options.expiresInSeconds === undefined ? null : this.now() + options.expiresInSeconds * 1000,
    });
    return token;
  }

  revokeToken(token: string): void {
    this.tokens.delete(token);
  }

  /** The user who "consents" on `GET /login/oauth/authorize`. */
  setAuthorizingUser(login: string | null): void {
    if (login !== null) this.user(login);
    this.authorizingUser = login;
  }

  addRepo(input: FakeRepoInput): { fullName: string; headSha: string } {
    const owner = this.user(input.owner);
    const store = new GitStore();
    const defaultBranch = input.defaultBranch ?? 'main';
    const changes: TreeChange[] = Object.entries(input.files ?? {}).map(([path, content]) => ({
      path,
      mode: '100644',
      sha: store.putBlob(content),
    }));
    const time = Math.floor(this.now() / 1000);
    const person = { name: owner.name ?? owner.login, email: noreply(owner), time };
    const head = store.putCommit({
      tree: store.applyChanges(null, changes),
      parents: [],
      message: 'Initial commit',
      author: person,
      committer: person,
    });
    const repo: Repo = {
      id: this.nextId++,
      owner: owner.login,
      name: input.name,
      private: input.private ?? false,
      defaultBranch,
      refs: new Map([defaultBranch, ...(input.branches ?? [])].map((branch) => [branch, head])),
      store,
      protectedBranches: new Set(input.protectedBranches ?? []),
      collaborators: new Set(input.collaborators ?? []),
      pulls: [],
      createdAt: this.now(),
      updatedAt: this.now(),
    };
    this.repos.set(`${repo.owner}/${repo.name}`, repo);
    return { fullName: `${repo.owner}/${repo.name}`, headSha: head };
  }

  /** Pushes one commit to `branch` as someone else would: path → new content, or `null` to delete. */
  push(owner: string, name: string, branch: string, files: Record<string, string | null>, message = 'Update'): string {
    const repo = this.repo(owner, name);
    const parent = repo.refs.get(branch);
    if (parent === undefined) throw new Error(`No branch ${branch} in ${owner}/${name}`);
    const changes = Object.entries(files).map(([path, content]) => ({
      path,
      mode: '100644' as const,
      sha: content === null ? null : repo.store.putBlob(content),
    }));
    const author = this.user(repo.owner);
    const person = { name: author.name ?? author.login, email: noreply(author), time: Math.floor(this.now() / 1000) };
    const tree = repo.store.applyChanges(repo.store.commit(parent)?.tree ?? null, changes);
    const sha = repo.store.putCommit({ tree, parents: [parent], message, author: person, committer: person });
    repo.refs.set(branch, sha);
    repo.updatedAt = this.now();
    return sha;
  }

  /** Ends the next `times` requests matching `fault` with its status instead of the real answer. */
  setFault(fault: FakeFault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Sets a user's remaining quota for the current hour; at 0 every API call answers 403 rate limit. */
  setRateLimitRemaining(login: string, remaining: number): void {
    const usage = this.quota(login);
    usage.used = usage.limit - remaining;
  }

  /** Moves the fake's clock (token and code expiry, rate-limit resets, timestamps). */
  advanceClock(seconds: number): void {
    this.clockOffsetMs += seconds * 1000;
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  // ---- Test inspection ---------------------------------------------------------------------------------

  /** The head commit of `branch`, or `null` when there is no such branch. */
  branchSha(owner: string, name: string, branch: string): string | null {
    return this.repo(owner, name).refs.get(branch) ?? null;
  }

  branches(owner: string, name: string): string[] {
    return [...this.repo(owner, name).refs.keys()].sort();
  }

  /** A file's content at a branch or commit, or `null`. */
  readFile(owner: string, name: string, ref: string, path: string): string | null {
    const repo = this.repo(owner, name);
    const commit = this.resolveCommit(repo, ref);
    const entry = commit === undefined ? undefined : repo.store.lookup(repo.store.commit(commit)?.tree ?? '', path);
    return entry?.type === 'blob' ? (repo.store.blob(entry.sha)?.toString('utf8') ?? null) : null;
  }

  /** The blob SHA of a file at a branch or commit, or `null`. */
  fileSha(owner: string, name: string, ref: string, path: string): string | null {
    const repo = this.repo(owner, name);
    const commit = this.resolveCommit(repo, ref);
    const entry = commit === undefined ? undefined : repo.store.lookup(repo.store.commit(commit)?.tree ?? '', path);
    return entry?.type === 'blob' ? entry.sha : null;
  }

  commit(owner: string, name: string, sha: string): { tree: string; parents: string[]; message: string } | null {
    const commit = this.repo(owner, name).store.commit(sha);
    return commit === undefined ? null : { tree: commit.tree, parents: [...commit.parents], message: commit.message };
  }

  /** Paths whose blob differs between a commit and its first parent. */
  changedPaths(owner: string, name: string, sha: string): string[] {
    const repo = this.repo(owner, name);
    const commit = repo.store.commit(sha);
    if (commit === undefined) return [];
    const files = (tree: string | undefined): Map<string, string> =>
      new Map(
        tree === undefined
          ? []
          : repo.store
              .walk(tree, true)
              .filter((entry) => entry.type === 'blob')
              .map((entry) => [entry.path, entry.sha]),
      );
    const after = files(commit.tree);
    const before = files(commit.parents[0] === undefined ? undefined : repo.store.commit(commit.parents[0])?.tree);
    const paths = new Set([...after.keys(), ...before.keys()]);
    return [...paths].filter((path) => after.get(path) !== before.get(path)).sort();
  }

  pulls(owner: string, name: string): FakePullRequest[] {
    return this.repo(owner, name).pulls.map((pull) => ({ ...pull }));
  }

  /** Closes a pull request, merged or not (merging only marks it; the base branch does not move). */
  closePull(owner: string, name: string, number: number, merged: boolean): void {
    const pull = this.repo(owner, name).pulls.find((candidate) => candidate.number === number);
    if (pull === undefined) throw new Error(`No pull request #${number} in ${owner}/${name}`);
    pull.state = 'closed';
    pull.merged = merged;
    pull.updatedAt = this.now();
  }

  // ---- HTTP --------------------------------------------------------------------------------------------

  private async serve(req: IncomingMessage, res: ServerResponse, side: 'web' | 'api' | 'both'): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    let origin: 'web' | 'api';
    // Octokit escapes slashes inside parameters (a branch `a/b` as `a%2Fb`); GitHub reads both alike.
    let path = decodePath(url.pathname);
    if (side === 'web' || (side === 'both' && !path.startsWith(`${this.apiPrefix}/`) && path !== this.apiPrefix)) {
      origin = 'web';
    } else {
      origin = 'api';
      path = side === 'both' ? path.slice(this.apiPrefix.length) || '/' : path;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    let reply: Reply;
    try {
      const fault = this.takeFault(method, path);
      if (fault !== undefined && !fault.afterEffect) {
        reply = this.faultReply(fault, req);
      } else {
        reply = origin === 'web' ? this.web(method, url, raw, req) : this.api(method, path, url.searchParams, raw, req);
        if (fault !== undefined) reply = this.faultReply(fault, req);
      }
    } catch (error) {
      reply = error instanceof Rejection ? error.reply : failure(500, error instanceof Error ? error.message : 'Server Error');
    }
    this.requests.push({ origin, method, path, query: url.search, status: reply.status });
    const headers: Record<string, string> = { 'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(), ...reply.headers };
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
    } else if (Buffer.isBuffer(reply.body)) {
      res.writeHead(reply.status, { 'content-type': 'application/octet-stream', ...headers }).end(reply.body);
    } else if (typeof reply.body === 'string') {
      res.writeHead(reply.status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(reply.body);
    } else {
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(reply.body));
    }
  }

  private takeFault(method: string, path: string): (FakeFault & { left: number }) | undefined {
    const fault = this.faults.find(
      (candidate) => candidate.left > 0 && (candidate.method === undefined || candidate.method.toUpperCase() === method) && matches(candidate.path, path),
    );
    if (fault !== undefined) fault.left -= 1;
    return fault;
  }

  private faultReply(fault: FakeFault, req: IncomingMessage): Reply {
    const token = this.bearer(req);
    const login = token === null ? null : (this.tokens.get(token)?.login ?? null);
    const quota = login === null ? null : this.quota(login);
    if (fault.rateLimit === 'primary') {
      const limit = quota?.limit ?? this.rateLimitPerHour;
      const userId = login === null ? 0 : this.user(login).id;
      return {
        ...failure(
          fault.status,
          fault.message ?? `API rate limit exceeded for user ID ${userId}.`,
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        ),
        headers: {
          'x-ratelimit-limit': String(limit),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(quota?.resetAt ?? Math.floor(this.now() / 1000) + 3600),
          'x-ratelimit-used': String(limit),
          'x-ratelimit-resource': 'core',
        },
      };
    }
    if (fault.rateLimit === 'secondary') {
      return {
        ...failure(
          fault.status,
          fault.message ?? 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        ),
        headers: { 'retry-after': '30' },
      };
    }
    const defaults: Record<number, string> = {
      400: 'Problems parsing JSON',
      401: 'Bad credentials',
      403: 'Resource not accessible by integration',
      404: 'Not Found',
      409: 'Conflict',
      422: 'Validation Failed',
      500: 'Server Error',
      502: 'Server Error',
      503: 'Service Unavailable',
    };
    const message = fault.message ?? defaults[fault.status] ?? 'Error';
    if (fault.status >= 500) return { status: fault.status, body: { message } };
    return failure(fault.status, message, DOCS, fault.status === 422 ? { errors: fault.errors ?? [] } : {});
  }

  // ---- OAuth (web origin) ------------------------------------------------------------------------------

  private web(method: string, url: URL, raw: string, req: IncomingMessage): Reply {
    if (method === 'GET' && url.pathname === '/login/oauth/authorize') return this.authorize(url.searchParams);
    if (method === 'POST' && url.pathname === '/login/oauth/access_token') {
      const params = new URLSearchParams(url.searchParams);
      const type = req.headers['content-type'] ?? '';
      if (type.includes('application/json') && raw !== '') {
        for (const [key, value] of Object.entries(parseJson(raw) as Record<string, unknown>)) params.set(key, String(value));
      } else {
        for (const [key, value] of new URLSearchParams(raw)) params.set(key, value);
      }
      const answer = this.accessToken(params);
      if ((req.headers.accept ?? '').includes('application/json')) return json(200, answer);
      return {
        status: 200,
        body: new URLSearchParams(Object.entries(answer).map(([key, value]): [string, string] => [key, String(value)])).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      };
    }
    // A user's avatar, as GitHub Enterprise serves it from its own origin (github.com from
    // avatars.githubusercontent.com): an image for a known user.
    const avatar = /^\/avatars\/u\/(\d+)$/.exec(url.pathname);
    if (method === 'GET' && avatar && [...this.users.values()].some((u) => String(u.id) === avatar[1])) {
      return { status: 200, body: AVATAR_PNG, headers: { 'content-type': 'image/png', 'cache-control': 'max-age=300' } };
    }
    return { status: 404, body: 'Not Found' };
  }

  private authorize(query: URLSearchParams): Reply {
    if (query.get('client_id') !== this.app.clientId) return { status: 404, body: 'Not Found' };
    const state = query.get('state');
    const requested = query.get('redirect_uri');
    const redirect = requested ?? this.app.callbackUrl;
    if (redirect === undefined) return { status: 400, body: 'No redirect_uri and no callback URL registered' };
    if (requested !== null && this.app.callbackUrl !== undefined && !redirectAllowed(this.app.callbackUrl, requested)) {
      const target = new URL(this.app.callbackUrl);
      target.searchParams.set('error', 'redirect_uri_mismatch');
      target.searchParams.set('error_description', 'The redirect_uri MUST match the registered callback URL for this application.');
      target.searchParams.set('error_uri', 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#redirect-uri-mismatch');
      if (state !== null) target.searchParams.set('state', state);
      return { status: 302, headers: { location: target.toString() } };
    }
    const target = new URL(redirect);
    if (this.authorizingUser === null) {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user has denied your application access.');
    } else {
      const code = randomBytes(10).toString('hex');
      const scopes = (query.get('scope') ?? '').split(/[\s,]+/).filter((scope) => scope !== '');
      this.grants.set(code, { login: this.authorizingUser, scopes, redirectUri: requested, expiresAt: this.now() + 600_000 });
      target.searchParams.set('code', code);
    }
    if (state !== null) target.searchParams.set('state', state);
    return { status: 302, headers: { location: target.toString() } };
  }

  private accessToken(params: URLSearchParams): Record<string, string | number> {
    const error = (code: string, description: string, anchor: string): Record<string, string> => ({
      error: code,
      error_description: description,
      error_uri: `https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#${anchor}`,
    });
    if (params.get('client_id') !== this.app.clientId || params.get('client_secret') !== this.app.clientSecret) {
      return error('incorrect_client_credentials', 'The client_id and/or client_secret passed are incorrect.', 'incorrect-client-credentials');
    }
    if (params.get('grant_type') === 'refresh_token') {
      const presented = params.get('refresh_token') ?? '';
      const stored = this.refreshTokens.get(presented);
      if (stored === undefined || (stored.expiresAt !== null && stored.expiresAt <= this.now())) {
        return error('bad_refresh_token', 'The refresh token passed is incorrect or expired.', 'bad-refresh-token');
      }
      this.refreshTokens.delete(presented);
      return this.grantTokens(stored.login, stored.scopes);
    }
    const code = params.get('code') ?? '';
    const grant = this.grants.get(code);
    if (grant === undefined || grant.expiresAt <= this.now()) {
      return error('bad_verification_code', 'The code passed is incorrect or expired.', 'bad-verification-code');
    }
    const redirectUri = params.get('redirect_uri');
    if (redirectUri !== null && grant.redirectUri !== null && redirectUri !== grant.redirectUri) {
      return error('redirect_uri_mismatch', 'The redirect_uri MUST match the registered callback URL for this application.', 'redirect-uri-mismatch');
    }
    this.grants.delete(code);
    return this.grantTokens(grant.login, grant.scopes);
  }

  private grantTokens(login: string, scopes: string[]): Record<string, string | number> {
    const accessToken = `${this.app.expiringTokens ? 'ghu' : 'gho'}_${randomBytes(18).toString('hex')}`;
    const accessTtl = this.app.accessTokenTtlSeconds ?? 28_800;
    const refreshTtl = this.app.refreshTokenTtlSeconds ?? 15_897_600;
    this.tokens.set(accessToken, { login, scopes, expiresAt: this.app.expiringTokens ? this.now() + accessTtl * 1000 : null });
    const answer: Record<string, string | number> = { access_token: accessToken, token_type: 'bearer', scope: [...scopes].sort().join(',') };
    if (this.app.expiringTokens) {
      const refreshToken = `ghr_${randomBytes(30).toString('hex')}`;
      this.refreshTokens.set(refreshToken, { login, scopes, expiresAt: this.now() + refreshTtl * 1000 });
      Object.assign(answer, { expires_in: accessTtl, refresh_token: refreshToken, refresh_token_expires_in: refreshTtl });
    }
    return answer;
  }

  // ---- REST API ----------------------------------------------------------------------------------------

  private api(method: string, path: string, query: URLSearchParams, raw: string, req: IncomingMessage): Reply {
    const token = this.bearer(req);
    const session = token === null ? null : (this.tokens.get(token) ?? null);
    if (token !== null && (session === null || (session.expiresAt !== null && session.expiresAt <= this.now()))) {
      return failure(401, 'Bad credentials');
    }
    const login = session?.login ?? null;
    const rate = this.spend(login);
    if (rate.exhausted) {
      return {
        ...failure(
          403,
          `API rate limit exceeded for user ID ${login === null ? 0 : this.user(login).id}.`,
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        ),
        headers: rate.headers,
      };
    }
    const headers = { ...rate.headers, ...(session ? { 'x-oauth-scopes': session.scopes.join(', ') } : {}) };
    const reply = this.route(method, path, query, raw, session);
    return { ...reply, headers: { ...headers, ...reply.headers } };
  }

  private route(method: string, path: string, query: URLSearchParams, raw: string, session: Token | null): Reply {
    const segments = path.split('/').slice(1);
    const body = (): Record<string, unknown> => {
      const parsed = raw === '' ? {} : parseJson(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Rejection(failure(400, 'Problems parsing JSON'));
      return parsed as Record<string, unknown>;
    };
    if (segments[0] === 'user') {
      if (session === null) return failure(401, 'Requires authentication');
      const user = this.user(session.login);
      if (segments.length === 1 && method === 'GET') return json(200, this.userJson(user, true));
      if (segments.length === 2 && segments[1] === 'repos' && method === 'GET') return this.listUserRepos(user, session, query);
      return notFound();
    }
    if (segments[0] !== 'repos' || segments.length < 3) return notFound();
    const repo = this.repos.get(`${segments[1]}/${segments[2]}`);
    if (repo === undefined || !this.canRead(repo, session)) return notFound();
    const rest = segments.slice(3);
    const write = method !== 'GET' && method !== 'HEAD';
    if (write && !this.canWrite(repo, session)) {
      return session === null ? failure(401, 'Requires authentication') : failure(403, 'Resource not accessible by integration');
    }
    const [first, second, ...more] = rest;
    if (rest.length === 0 && method === 'GET') return json(200, this.repoJson(repo, session));
    if (first === 'branches' && rest.length === 1 && method === 'GET') return this.listBranches(repo, path, query);
    if (first === 'contents' && method === 'GET') return this.contents(repo, rest.slice(1).join('/'), query.get('ref'));
    if (first === 'pulls' && rest.length === 1 && method === 'POST') return this.createPull(repo, body(), session);
    if (first === 'pulls' && rest.length === 2 && method === 'GET') {
      const pull = repo.pulls.find((candidate) => String(candidate.number) === second);
      return pull === undefined ? notFound() : json(200, this.pullJson(repo, pull));
    }
    if (first !== 'git') return notFound();
    if (second === 'ref' && method === 'GET') {
      const ref = more.join('/');
      const sha = ref.startsWith('heads/') ? repo.refs.get(ref.slice('heads/'.length)) : undefined;
      return sha === undefined ? notFound() : json(200, this.refJson(repo, `refs/${ref}`, sha));
    }
    if (second === 'refs' && more.length === 0 && method === 'POST') return this.createRef(repo, body());
    if (second === 'refs' && method === 'DELETE') {
      const ref = more.join('/');
      if (!ref.startsWith('heads/') || !repo.refs.has(ref.slice('heads/'.length))) return failure(422, 'Reference does not exist');
      repo.refs.delete(ref.slice('heads/'.length));
      return { status: 204 };
    }
    if (second === 'blobs' && more.length === 0 && method === 'POST') return this.createBlob(repo, body());
    if (second === 'blobs' && more.length === 1 && method === 'GET') {
      const data = repo.store.blob(more[0]);
      return data === undefined
        ? notFound()
        : json(200, { sha: more[0], node_id: nodeId('B', more[0]), size: data.length, url: this.apiUrlOf(repo, `git/blobs/${more[0]}`), content: wrap64(data), encoding: 'base64' });
    }
    if (second === 'trees' && more.length === 0 && method === 'POST') return this.createTree(repo, body());
    if (second === 'trees' && more.length >= 1 && method === 'GET') return this.getTree(repo, more.join('/'), query.has('recursive'));
    if (second === 'commits' && more.length === 0 && method === 'POST') return this.createCommit(repo, body(), session);
    if (second === 'commits' && more.length === 1 && method === 'GET') {
      return repo.store.has(more[0], 'commit') ? json(200, this.commitJson(repo, more[0])) : notFound();
    }
    return notFound();
  }

  private listUserRepos(user: User, session: Token, query: URLSearchParams): Reply {
    const sort = query.get('sort') ?? 'full_name';
    const direction = query.get('direction') ?? (sort === 'full_name' ? 'asc' : 'desc');
    const visible = [...this.repos.values()].filter(
      (repo) => (repo.owner === user.login || repo.collaborators.has(user.login)) && this.canRead(repo, session),
    );
    const key = (repo: Repo): string | number => (sort === 'full_name' ? `${repo.owner}/${repo.name}`.toLowerCase() : sort === 'created' ? repo.createdAt : repo.updatedAt);
    visible.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const order = x < y ? -1 : x > y ? 1 : a.id - b.id;
      return direction === 'asc' ? order : -order;
    });
    return this.paged(visible, '/user/repos', query, (repo) => this.repoJson(repo, session));
  }

  private listBranches(repo: Repo, path: string, query: URLSearchParams): Reply {
    const names = [...repo.refs.keys()].sort();
    return this.paged(names, path, query, (name) => ({
      name,
      commit: { sha: repo.refs.get(name), url: this.apiUrlOf(repo, `commits/${repo.refs.get(name)}`) },
      protected: repo.protectedBranches.has(name),
    }));
  }

  private paged<T>(items: T[], path: string, query: URLSearchParams, render: (item: T) => unknown): Reply {
    const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string): string => {
      const params = new URLSearchParams(query);
      params.set('page', String(n));
      params.set('per_page', String(perPage));
      return `<${this.apiOrigin}${this.apiPrefix}${path}?${params.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    const slice = items.slice((page - 1) * perPage, page * perPage).map(render);
    return json(200, slice, links.length > 0 ? { link: links.join(', ') } : {});
  }

  private contents(repo: Repo, path: string, ref: string | null): Reply {
    const name = ref ?? repo.defaultBranch;
    const commit = this.resolveCommit(repo, name);
    if (commit === undefined) return failure(404, `No commit found for the ref ${name}`, 'https://docs.github.com/rest/repos/contents#get-repository-content');
    const clean = path.replace(/^\/+|\/+$/g, '');
    const entry = repo.store.lookup(repo.store.commit(commit)?.tree ?? '', clean);
    if (entry === undefined) return failure(404, 'Not Found', 'https://docs.github.com/rest/repos/contents#get-repository-content');
    if (entry.type === 'tree') return json(200, repo.store.walk(entry.sha, false, clean === '' ? '' : `${clean}/`).map((item) => this.contentJson(repo, item, name)));
    const data = repo.store.blob(entry.sha) ?? Buffer.alloc(0);
    if (data.length > 100 * 1024 * 1024) return failure(403, 'This API returns blobs up to 100 MB in size. The requested blob is too large to fetch via the API', DOCS, { errors: [{ resource: 'Blob', field: 'data', code: 'too_large' }] });
    // Above 1 MB GitHub still describes the file but leaves the content out.
    const large = data.length > 1024 * 1024;
    return json(200, { ...this.contentJson(repo, entry, name), content: large ? '' : wrap64(data), encoding: large ? 'none' : 'base64' });
  }

  private getTree(repo: Repo, ref: string, recursive: boolean): Reply {
    let sha: string | undefined = repo.store.has(ref, 'tree') ? ref : undefined;
    if (sha === undefined) {
      const commit = this.resolveCommit(repo, ref);
      sha = commit === undefined ? undefined : repo.store.commit(commit)?.tree;
    }
    if (sha === undefined) return failure(404, 'Not Found', 'https://docs.github.com/rest/git/trees#get-a-tree');
    const all = repo.store.walk(sha, recursive);
    const truncated = all.length > this.maxTreeEntries;
    return json(200, { sha, url: this.apiUrlOf(repo, `git/trees/${sha}`), tree: all.slice(0, this.maxTreeEntries).map((entry) => this.treeEntryJson(repo, entry)), truncated });
  }

  private createRef(repo: Repo, body: Record<string, unknown>): Reply {
    const ref = body['ref'];
    const sha = body['sha'];
    const docs = 'https://docs.github.com/rest/git/refs#create-a-reference';
    if (typeof ref !== 'string' || typeof sha !== 'string') return failure(422, 'Invalid request.\n\n"ref", "sha" weren\'t supplied.', docs);
    if (!/^refs\/[^/]+\/.+/.test(ref)) return failure(422, `${ref} is not a valid ref name.`, docs);
    if (!ref.startsWith('refs/heads/')) return failure(422, 'Only branches (refs/heads/...) are supported by this fake', docs);
    if (!repo.store.has(sha, 'commit')) return failure(422, 'Object does not exist', docs);
    const branch = ref.slice('refs/heads/'.length);
    if (repo.refs.has(branch)) return failure(422, 'Reference already exists', docs);
    repo.refs.set(branch, sha);
    repo.updatedAt = this.now();
    return json(201, this.refJson(repo, ref, sha), { location: this.apiUrlOf(repo, `git/${ref}`) });
  }

  private createBlob(repo: Repo, body: Record<string, unknown>): Reply {
    const content = body['content'];
    const encoding = body['encoding'] ?? 'utf-8';
    const docs = 'https://docs.github.com/rest/git/blobs#create-a-blob';
    if (typeof content !== 'string') return failure(422, 'Invalid request.\n\n"content" wasn\'t supplied.', docs);
    if (encoding !== 'utf-8' && encoding !== 'base64') return failure(422, `encoding must be one of: utf-8, base64`, docs);
    const sha = repo.store.putBlob(Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'));
    return json(201, { url: this.apiUrlOf(repo, `git/blobs/${sha}`), sha }, { location: this.apiUrlOf(repo, `git/blobs/${sha}`) });
  }

  private createTree(repo: Repo, body: Record<string, unknown>): Reply {
    const docs = 'https://docs.github.com/rest/git/trees#create-a-tree';
    const base = body['base_tree'];
    if (base !== undefined && (typeof base !== 'string' || !repo.store.has(base, 'tree'))) return failure(422, 'Invalid tree info', docs);
    if (!Array.isArray(body['tree'])) return failure(422, 'Invalid request.\n\n"tree" wasn\'t supplied.', docs);
    const changes: TreeChange[] = [];
    for (const item of body['tree'] as Record<string, unknown>[]) {
      const mode = item['mode'];
      const path = item['path'];
      if (typeof path !== 'string' || !['100644', '100755', '040000', '120000'].includes(String(mode))) return failure(422, 'Invalid tree info', docs);
      let sha: string | null;
      if (typeof item['content'] === 'string') sha = repo.store.putBlob(item['content']);
      else if (item['sha'] === null) sha = null;
      else if (typeof item['sha'] === 'string' && repo.store.has(item['sha'], mode === '040000' ? 'tree' : 'blob')) sha = item['sha'];
      else return failure(422, 'GitRPC::BadObjectState', docs);
      changes.push({ path, mode: mode as GitTreeEntry['mode'], sha });
    }
    const sha = repo.store.applyChanges(typeof base === 'string' ? base : null, changes);
    return json(201, { sha, url: this.apiUrlOf(repo, `git/trees/${sha}`), tree: repo.store.walk(sha, false).map((entry) => this.treeEntryJson(repo, entry)), truncated: false }, { location: this.apiUrlOf(repo, `git/trees/${sha}`) });
  }

  private createCommit(repo: Repo, body: Record<string, unknown>, session: Token | null): Reply {
    const docs = 'https://docs.github.com/rest/git/commits#create-a-commit';
    const { message, tree, parents = [] } = body as { message?: unknown; tree?: unknown; parents?: unknown };
    if (typeof message !== 'string' || typeof tree !== 'string') return failure(422, 'Invalid request.\n\n"message", "tree" weren\'t supplied.', docs);
    if (!repo.store.has(tree, 'tree')) return failure(422, 'Tree SHA does not exist', docs);
    if (!Array.isArray(parents) || parents.some((parent) => typeof parent !== 'string' || !repo.store.has(parent, 'commit'))) {
      return failure(422, 'Parent SHA does not exist or is not a commit object', docs);
    }
    const user = this.user(session?.login ?? repo.owner);
    const person = { name: user.name ?? user.login, email: noreply(user), time: Math.floor(this.now() / 1000) };
    const sha = repo.store.putCommit({ tree, parents: parents as string[], message, author: person, committer: person });
    return json(201, this.commitJson(repo, sha), { location: this.apiUrlOf(repo, `git/commits/${sha}`) });
  }

  private createPull(repo: Repo, body: Record<string, unknown>, session: Token | null): Reply {
    const docs = 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request';
    const invalid = (errors: unknown[]): Reply => failure(422, 'Validation Failed', docs, { errors });
    const title = body['title'];
    const rawHead = typeof body['head'] === 'string' ? body['head'] : '';
    const head = rawHead.includes(':') ? rawHead.slice(rawHead.indexOf(':') + 1) : rawHead;
    const base = typeof body['base'] === 'string' ? body['base'] : '';
    if (typeof title !== 'string' || title === '') return invalid([{ resource: 'PullRequest', code: 'missing_field', field: 'title' }]);
    const errors: unknown[] = [];
    if (!repo.refs.has(base)) errors.push({ resource: 'PullRequest', code: 'invalid', field: 'base' });
    if (!repo.refs.has(head)) errors.push({ resource: 'PullRequest', code: 'invalid', field: 'head' });
    if (errors.length > 0) return invalid(errors);
    const headSha = repo.refs.get(head) as string;
    if (headSha === repo.refs.get(base) || this.isAncestor(repo, headSha, repo.refs.get(base) as string)) {
      return invalid([{ resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` }]);
    }
    if (repo.pulls.some((pull) => pull.state === 'open' && pull.head === head && pull.base === base)) {
      return invalid([{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${head}.` }]);
    }
    const pull: FakePullRequest = {
      number: repo.pulls.length + 1,
      title,
      body: typeof body['body'] === 'string' ? body['body'] : null,
      head,
      headSha,
      base,
      state: 'open',
      merged: false,
      user: session?.login ?? repo.owner,
      createdAt: this.now(),
      updatedAt: this.now(),
    };
    repo.pulls.push(pull);
    return json(201, this.pullJson(repo, pull), { location: this.apiUrlOf(repo, `pulls/${pull.number}`) });
  }

  // ---- Access, quota, resolution ----------------------------------------------------------------------

  private canRead(repo: Repo, session: Token | null): boolean {
    if (!repo.private) return true;
    return session !== null && session.scopes.includes('repo') && (repo.owner === session.login || repo.collaborators.has(session.login));
  }

  private canWrite(repo: Repo, session: Token | null): boolean {
    if (session === null || !(repo.owner === session.login || repo.collaborators.has(session.login))) return false;
    return session.scopes.includes('repo') || (!repo.private && session.scopes.includes('public_repo'));
  }

  private quota(login: string): { used: number; resetAt: number; limit: number } {
    const nowSeconds = Math.floor(this.now() / 1000);
    let usage = this.usage.get(login);
    if (usage === undefined || usage.resetAt <= nowSeconds) {
      usage = { used: 0, resetAt: nowSeconds + 3600, limit: this.rateLimitPerHour };
      this.usage.set(login, usage);
    }
    return usage;
  }

  private spend(login: string | null): { exhausted: boolean; headers: Record<string, string> } {
    const usage = this.quota(login ?? '(anonymous)');
    const exhausted = usage.used >= usage.limit;
    if (!exhausted) usage.used += 1;
    return {
      exhausted,
      headers: {
        'x-ratelimit-limit': String(usage.limit),
        'x-ratelimit-remaining': String(Math.max(0, usage.limit - usage.used)),
        'x-ratelimit-reset': String(usage.resetAt),
        'x-ratelimit-used': String(usage.used),
        'x-ratelimit-resource': 'core',
        'x-github-media-type': 'github.v3; format=json',
        'x-github-api-version-selected': '2022-11-28',
      },
    };
  }

  private bearer(req: IncomingMessage): string | null {
    const match = /^(?:bearer|token)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    return match === null ? null : match[1];
  }

  private resolveCommit(repo: Repo, ref: string): string | undefined {
    const name = ref.replace(/^refs\/heads\//, '').replace(/^heads\//, '');
    return repo.refs.get(name) ?? (repo.store.has(ref, 'commit') ? ref : undefined);
  }

  private isAncestor(repo: Repo, candidate: string, of: string): boolean {
    const seen = new Set<string>();
    const queue = [of];
    while (queue.length > 0) {
      const sha = queue.pop() as string;
      if (sha === candidate) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...(repo.store.commit(sha)?.parents ?? []));
    }
    return false;
  }

  private user(login: string): User {
    const user = this.users.get(login);
    if (user === undefined) throw new Error(`No user ${login} in the fake GitHub`);
    return user;
  }

  private repo(owner: string, name: string): Repo {
    const repo = this.repos.get(`${owner}/${name}`);
    if (repo === undefined) throw new Error(`No repository ${owner}/${name} in the fake GitHub`);
    return repo;
  }

  // ---- GitHub's JSON shapes ----------------------------------------------------------------------------

  private apiUrlOf(repo: Repo, rest: string): string {
    return `${this.apiOrigin}${this.apiPrefix}/repos/${repo.owner}/${repo.name}/${rest}`;
  }

  private userJson(user: User, full: boolean): Record<string, unknown> {
    const simple = {
      login: user.login,
      id: user.id,
      node_id: nodeId('U', String(user.id)),
      avatar_url: `${this.webOrigin}/avatars/u/${user.id}?v=4`,
      gravatar_id: '',
      url: `${this.apiOrigin}${this.apiPrefix}/users/${user.login}`,
      html_url: `${this.webOrigin}/${user.login}`,
      type: 'User',
      site_admin: false,
    };
    return full ? { ...simple, name: user.name, email: null, bio: null, created_at: iso(0), updated_at: iso(0) } : simple;
  }

  private repoJson(repo: Repo, session: Token | null): Record<string, unknown> {
    const push = this.canWrite(repo, session);
    return {
      id: repo.id,
      node_id: nodeId('R', String(repo.id)),
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      private: repo.private,
      owner: this.userJson(this.user(repo.owner), false),
      html_url: `${this.webOrigin}/${repo.owner}/${repo.name}`,
      description: null,
      fork: false,
      url: `${this.apiOrigin}${this.apiPrefix}/repos/${repo.owner}/${repo.name}`,
      created_at: iso(repo.createdAt),
      updated_at: iso(repo.updatedAt),
      pushed_at: iso(repo.updatedAt),
      default_branch: repo.defaultBranch,
      visibility: repo.private ? 'private' : 'public',
      permissions: { admin: session?.login === repo.owner, maintain: push, push, triage: push, pull: true },
    };
  }

  private refJson(repo: Repo, ref: string, sha: string): Record<string, unknown> {
    return {
      ref,
      node_id: nodeId('REF', ref),
      url: this.apiUrlOf(repo, `git/${ref}`),
      object: { sha, type: 'commit', url: this.apiUrlOf(repo, `git/commits/${sha}`) },
    };
  }

  private treeEntryJson(repo: Repo, entry: WalkedEntry): Record<string, unknown> {
    return {
      path: entry.path,
      mode: entry.mode,
      type: entry.type,
      sha: entry.sha,
      ...(entry.type === 'blob' ? { size: entry.size } : {}),
      url: this.apiUrlOf(repo, `git/${entry.type === 'blob' ? 'blobs' : 'trees'}/${entry.sha}`),
    };
  }

  private contentJson(repo: Repo, entry: WalkedEntry, ref: string): Record<string, unknown> {
    const self = `${this.apiUrlOf(repo, `contents/${entry.path}`)}?ref=${encodeURIComponent(ref)}`;
    const kind = entry.type === 'tree' ? 'tree' : 'blob';
    const html = `${this.webOrigin}/${repo.owner}/${repo.name}/${kind}/${ref}/${entry.path}`;
    const git = this.apiUrlOf(repo, `git/${kind}s/${entry.sha}`);
    return {
      name: entry.path.slice(entry.path.lastIndexOf('/') + 1),
      path: entry.path,
      sha: entry.sha,
      size: entry.size ?? 0,
      url: self,
      html_url: html,
      git_url: git,
      download_url: entry.type === 'blob' ? `${this.webOrigin}/${repo.owner}/${repo.name}/raw/${ref}/${entry.path}` : null,
      type: entry.type === 'tree' ? 'dir' : 'file',
      _links: { self, git, html },
    };
  }

  private commitJson(repo: Repo, sha: string): Record<string, unknown> {
    const commit = repo.store.commit(sha);
    if (commit === undefined) throw new Error(`No commit ${sha}`);
    const person = (p: { name: string; email: string; time: number }): Record<string, string> => ({ name: p.name, email: p.email, date: iso(p.time * 1000) });
    return {
      sha,
      node_id: nodeId('C', sha),
      url: this.apiUrlOf(repo, `git/commits/${sha}`),
      html_url: `${this.webOrigin}/${repo.owner}/${repo.name}/commit/${sha}`,
      author: person(commit.author),
      committer: person(commit.committer),
      tree: { sha: commit.tree, url: this.apiUrlOf(repo, `git/trees/${commit.tree}`) },
      message: commit.message,
      parents: commit.parents.map((parent) => ({
        sha: parent,
        url: this.apiUrlOf(repo, `git/commits/${parent}`),
        html_url: `${this.webOrigin}/${repo.owner}/${repo.name}/commit/${parent}`,
      })),
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    };
  }

  private pullJson(repo: Repo, pull: FakePullRequest): Record<string, unknown> {
    const user = this.userJson(this.user(pull.user), false);
    const branch = (ref: string, sha: string): Record<string, unknown> => ({
      label: `${repo.owner}:${ref}`,
      ref,
      sha,
      user: this.userJson(this.user(repo.owner), false),
      repo: this.repoJson(repo, null),
    });
    return {
      url: this.apiUrlOf(repo, `pulls/${pull.number}`),
      id: repo.id * 10_000 + pull.number,
      node_id: nodeId('PR', `${repo.id}-${pull.number}`),
      html_url: `${this.webOrigin}/${repo.owner}/${repo.name}/pull/${pull.number}`,
      diff_url: `${this.webOrigin}/${repo.owner}/${repo.name}/pull/${pull.number}.diff`,
      patch_url: `${this.webOrigin}/${repo.owner}/${repo.name}/pull/${pull.number}.patch`,
      issue_url: this.apiUrlOf(repo, `issues/${pull.number}`),
      number: pull.number,
      state: pull.state,
      locked: false,
      title: pull.title,
      user,
      body: pull.body,
      created_at: iso(pull.createdAt),
      updated_at: iso(pull.updatedAt),
      closed_at: pull.state === 'closed' ? iso(pull.updatedAt) : null,
      merged_at: pull.merged ? iso(pull.updatedAt) : null,
      merge_commit_sha: null,
      draft: false,
      head: branch(pull.head, pull.headSha),
      base: branch(pull.base, repo.refs.get(pull.base) ?? ''),
      merged: pull.merged,
      mergeable: null,
      comments: 0,
      commits: 1,
    };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new Rejection(failure(400, 'Problems parsing JSON', 'https://docs.github.com/rest'));
  }
}

function matches(pattern: string | RegExp, path: string): boolean {
  if (pattern instanceof RegExp) return pattern.test(path);
  const regex = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`).test(path);
}

/** GitHub's rule: same scheme, host and port; the path at or below the registered one. */
function redirectAllowed(registered: string, requested: string): boolean {
  try {
    const a = new URL(registered);
    const b = new URL(requested);
    const base = a.pathname.endsWith('/') ? a.pathname : `${a.pathname}/`;
    return a.origin === b.origin && (b.pathname === a.pathname || b.pathname.startsWith(base));
  } catch {
    return false;
  }
}

function noreply(user: User): string {
  return `${user.id}+${user.login}@users.noreply.github.com`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function nodeId(kind: string, id: string): string {
  return Buffer.from(`${kind}_${id}`).toString('base64').replace(/=+$/, '');
}

/** Base64 in lines of 60 characters, as the contents and blobs APIs send it. */
function wrap64(data: Buffer): string {
  const text = data.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 60) lines.push(text.slice(i, i + 60));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
