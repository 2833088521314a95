import { createHash } from 'node:crypto';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import { GitHubError } from './errors';
import { scrub, toGitHubError, type ErrorContext } from './map-error';
import { authorizeUrl, requestTokens, type OAuthClientOptions } from './oauth';
import type {
  AuthorizeUrlInput,
  CreatePullRequestInput,
  CreatedPullRequest,
  GitHubBranch,
  GitHubFile,
  GitHubPort,
  GitHubPullRequest,
  GitHubRepo,
  GitHubTokens,
  GitHubTree,
  GitHubTreeEntry,
  GitHubUser,
  Page,
  PageRequest,
  TreeOptions,
} from './port';

export interface OctokitGitHubOptions {
  /** The web origin: `https://github.com` (default) or a GitHub Enterprise Server origin such as `https://ghe.example.com`. */
  webUrl?: string;
  /** The REST API root; default `https://api.github.com` for github.com, `<webUrl>/api/v3` otherwise. */
  apiUrl?: string;
  /** The OAuth (or GitHub App) client id and secret, for the code exchange and refreshes. */
  clientId: string;
  clientSecret: string;
  /**
   * Retries of a request that failed without an answer or with a 5xx (default 2). 4xx answers and rate
   * limits are never retried: the caller learns at once, with `retryAfterSeconds` for rate limits.
   */
  retries?: number;
  /** The n-th retry waits n² × this (default 1000 ms: 1 s, then 4 s). */
  retryBaseMs?: number;
  /** Minimum gap between one user's write requests, as GitHub asks of integrations (default 1000 ms). */
  writeIntervalMs?: number;
  /** Minimum gap between one user's requests that notify people, e.g. opening a PR (default 3000 ms). */
  notificationIntervalMs?: number;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** Larger files are refused by {@link GitHubPort.getFile} (default 1 MiB). */
  maxFileBytes?: number;
  userAgent?: string;
  /** Warnings from Octokit and failed rollbacks, tokens scrubbed; default: none. */
  log?: { warn(message: string): void };
  /** Clock, for token expiry and rate-limit reset times. */
  now?: () => number;
}

const GitHubOctokit = Octokit.plugin(throttling, retry);
type Client = InstanceType<typeof GitHubOctokit>;

/** 4xx answers are final; 429 and 403 rate limits are reported, not waited out. */
const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 429, 451];
/** For requests that must not run twice (a lost answer to a retried ref or PR creation turns into a 422). */
const ONCE = { retries: 0 } as const;

const REF_EXISTS = /reference already exists/i;

export function defaultApiUrl(webUrl: string): string {
  return new URL(webUrl).hostname === 'github.com' ? 'https://api.github.com' : `${webUrl}/api/v3`;
}

export class OctokitGitHub implements GitHubPort {
  private readonly webUrl: string;
  private readonly apiUrl: string;
  private readonly retries: number;
  private readonly retryBaseMs: number;
  private readonly timeoutMs: number;
  private readonly maxFileBytes: number;
  private readonly now: () => number;
  private readonly writes: Bottleneck.Group;
  private readonly notifications: Bottleneck.Group;

  constructor(private readonly options: OctokitGitHubOptions) {
    this.webUrl = (options.webUrl ?? 'https://github.com').replace(/\/+$/, '');
    this.apiUrl = (options.apiUrl ?? defaultApiUrl(this.webUrl)).replace(/\/+$/, '');
    this.retries = options.retries ?? 2;
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxFileBytes = options.maxFileBytes ?? 1024 * 1024;
    this.now = options.now ?? Date.now;
    // The throttling plugin's own groups are shared by every Octokit in the process; these are this adapter's.
    this.writes = new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeIntervalMs ?? 1000 });
    this.notifications = new Bottleneck.Group({ maxConcurrent: 1, minTime: options.notificationIntervalMs ?? 3000 });
  }

  authorizeUrl(input: AuthorizeUrlInput): string {
    return authorizeUrl(this.webUrl, input);
  }

  exchangeCode(code: string, redirectUri: string): Promise<GitHubTokens> {
    return requestTokens(this.oauth(), { code, redirect_uri: redirectUri }, 'sign-in code');
  }

  refresh(refreshToken: string): Promise<GitHubTokens> {
    return requestTokens(this.oauth(), { grant_type: 'refresh_token', refresh_token: refreshToken }, 'token refresh');
  }

  async getUser(token: string): Promise<GitHubUser> {
    const { data } = await this.call(token, { what: 'the signed-in user' }, (gh) => gh.rest.users.getAuthenticated());
    return { id: data.id, login: data.login, name: data.name ?? null, avatarUrl: data.avatar_url };
  }

  async listRepos(token: string, page: PageRequest): Promise<Page<GitHubRepo>> {
    checkPage(page);
    const response = await this.call(token, { what: 'the repository list' }, (gh) =>
      gh.rest.repos.listForAuthenticatedUser({ page: page.page, per_page: page.perPage, sort: 'updated', direction: 'desc' }),
    );
    return {
      items: response.data.map((repo) => ({
        owner: repo.owner.login,
        name: repo.name,
        fullName: repo.full_name,
        defaultBranch: repo.default_branch,
        private: repo.private,
        updatedAt: repo.updated_at ?? repo.pushed_at ?? repo.created_at ?? '',
      })),
      page: page.page,
      nextPage: nextPage(response.headers.link),
    };
  }

  async listBranches(token: string, owner: string, repo: string, page: PageRequest): Promise<Page<GitHubBranch>> {
    checkPage(page);
    const response = await this.call(token, { what: `repository ${owner}/${repo}` }, (gh) =>
      gh.rest.repos.listBranches({ owner, repo, page: page.page, per_page: page.perPage }),
    );
    return {
      items: response.data.map((branch) => ({ name: branch.name, protected: branch.protected, sha: branch.commit.sha })),
      page: page.page,
      nextPage: nextPage(response.headers.link),
    };
  }

  async createBranch(token: string, owner: string, repo: string, name: string, from?: string): Promise<GitHubBranch> {
    checkBranchName(name);
    const source = from ?? (await this.defaultBranch(token, owner, repo));
    const sha = await this.branchHead(token, owner, repo, source);
    try {
      await this.call(token, { what: `branch "${name}" of ${owner}/${repo}` }, (gh) =>
        gh.rest.git.createRef({ owner, repo, ref: `refs/heads/${name}`, sha, request: ONCE }),
      );
    } catch (error) {
      throw refExists(error, name, owner, repo);
    }
    return { name, protected: false, sha };
  }

  async getTree(token: string, owner: string, repo: string, ref: string, options: TreeOptions): Promise<GitHubTree> {
    const path = normalizePath(options.path ?? '', true);
    const what = path === '' ? `the tree of ${owner}/${repo} at ${ref}` : `folder "${path}" of ${owner}/${repo} at ${ref}`;
    let treeSha = ref;
    if (path !== '') {
      // The folder's tree SHA comes from its parent's listing; the trees API then lists it.
      const slash = path.lastIndexOf('/');
      const parent = slash < 0 ? '' : path.slice(0, slash);
      const name = path.slice(slash + 1);
      const { data } = await this.call(token, { what, path }, (gh) =>
        gh.rest.repos.getContent({ owner, repo, path: parent, ref }),
      );
      const entry = Array.isArray(data) ? data.find((item) => item.name === name) : undefined;
      if (entry === undefined) {
        throw new GitHubError('NOT_FOUND', `Folder "${path}" not found in ${owner}/${repo} at ${ref}`, { path, status: 404 });
      }
      if (entry.type !== 'dir') {
        throw new GitHubError('UNPROCESSABLE', `"${path}" in ${owner}/${repo} is not a folder`, { path, reason: 'not_a_folder' });
      }
      treeSha = entry.sha;
    }
    const { data } = await this.call(token, { what, path }, (gh) =>
      gh.rest.git.getTree({ owner, repo, tree_sha: treeSha, ...(options.recursive ? { recursive: '1' } : {}) }),
    );
    const prefix = path === '' ? '' : `${path}/`;
    const entries: GitHubTreeEntry[] = [];
    for (const item of data.tree) {
      // Submodules (type "commit") point into other repositories: nothing to browse here.
      if ((item.type !== 'blob' && item.type !== 'tree') || item.path === undefined || item.sha === undefined) continue;
      entries.push({
        path: prefix + item.path,
        type: item.type === 'blob' ? 'file' : 'dir',
        size: item.type === 'blob' ? (item.size ?? null) : null,
        sha: item.sha,
      });
    }
    return { ref, path, sha: data.sha, entries, truncated: data.truncated };
  }

  async getFile(token: string, owner: string, repo: string, path: string, ref: string): Promise<GitHubFile> {
    const clean = normalizePath(path, false);
    const what = `file "${clean}" of ${owner}/${repo} at ${ref}`;
    const { data } = await this.call(token, { what, path: clean }, (gh) =>
      gh.rest.repos.getContent({ owner, repo, path: clean, ref }),
    );
    if (Array.isArray(data)) {
      throw new GitHubError('UNPROCESSABLE', `"${clean}" in ${owner}/${repo} is a folder, not a file`, { path: clean, reason: 'directory' });
    }
    if (data.type !== 'file') {
      throw new GitHubError('UNPROCESSABLE', `"${clean}" in ${owner}/${repo} is a ${data.type}, not a file`, {
        path: clean,
        reason: 'not_a_file',
      });
    }
    const file = data as { sha: string; size: number; content?: string; encoding?: string };
    if (file.size > this.maxFileBytes || file.encoding !== 'base64' || file.content === undefined) {
      throw new GitHubError(
        'UNPROCESSABLE',
        `"${clean}" in ${owner}/${repo} is too large to open here (${file.size} bytes; the limit is ${this.maxFileBytes})`,
        { path: clean, reason: 'too_large', size: file.size, limit: this.maxFileBytes },
      );
    }
    const bytes = Buffer.from(file.content, 'base64');
    const content = decodeText(bytes);
    if (content === null) {
      throw new GitHubError('UNPROCESSABLE', `"${clean}" in ${owner}/${repo} is a binary file`, { path: clean, reason: 'binary' });
    }
    return { path: clean, content, sha: file.sha, size: file.size };
  }

  async createPullRequest(token: string, input: CreatePullRequestInput): Promise<CreatedPullRequest> {
    const { owner, repo, branch } = input;
    const files = checkPullRequestInput(input);
    const where = `${owner}/${repo}`;
    const base = input.base ?? (await this.defaultBranch(token, owner, repo));
    const baseSha = await this.branchHead(token, owner, repo, base);

    // The branch must be new: find out before writing anything.
    const existing = await this.call(token, { what: `branch "${branch}" of ${where}` }, (gh) =>
      gh.rest.git.getRef({ owner, repo, ref: `heads/${branch}` }),
    ).then(
      () => true,
      (error: unknown) => {
        if (toGitHubError(error, { what: '' }).code === 'NOT_FOUND') return false;
        throw toGitHubError(error, { what: `branch "${branch}" of ${where}`, secrets: [token] });
      },
    );
    if (existing) throw branchExists(branch, owner, repo);

    const { data: baseCommit } = await this.call(token, { what: `commit ${baseSha} of ${where}` }, (gh) =>
      gh.rest.git.getCommit({ owner, repo, commit_sha: baseSha }),
    );
    const reader = new BaseTreeReader((sha) =>
      this.call(token, { what: `tree ${sha} of ${where}` }, (gh) => gh.rest.git.getTree({ owner, repo, tree_sha: sha })).then(
        ({ data }) => data.tree,
      ),
    );
    const modes = new Map<string, string>();
    const conflicts: { path: string; expectedSha: string | null; actualSha: string | null; reason: string }[] = [];
    for (const file of files) {
      const found = await reader.entry(baseCommit.tree.sha, file.path);
      if (found === 'blocked') {
        conflicts.push({ path: file.path, expectedSha: file.sha, actualSha: null, reason: 'a parent folder is a file' });
      } else if (file.sha === null && found !== null) {
        conflicts.push({ path: file.path, expectedSha: null, actualSha: found.sha, reason: 'already exists' });
      } else if (file.sha !== null && (found === null || found.type !== 'blob' || found.sha !== file.sha)) {
        conflicts.push({
          path: file.path,
          expectedSha: file.sha,
          actualSha: found?.sha ?? null,
          reason: found === null ? 'was deleted' : 'was changed',
        });
      } else if (found !== null && found.mode.startsWith('100')) {
        modes.set(file.path, found.mode);
      }
    }
    if (conflicts.length > 0) {
      const listed = conflicts.map((conflict) => `"${conflict.path}" ${conflict.reason}`).join(', ');
      throw new GitHubError('CONFLICT', `Changed on ${base} since it was read: ${listed}`, {
        path: conflicts[0].path,
        base,
        conflicts,
      });
    }

    const blobs: string[] = [];
    for (const file of files) {
      const { data } = await this.call(token, { what: `a blob for "${file.path}" in ${where}`, path: file.path }, (gh) =>
        gh.rest.git.createBlob({ owner, repo, content: Buffer.from(file.content, 'utf8').toString('base64'), encoding: 'base64' }),
      );
      blobs.push(data.sha);
    }
    const { data: tree } = await this.call(token, { what: `the new tree in ${where}` }, (gh) =>
      gh.rest.git.createTree({
        owner,
        repo,
        base_tree: baseCommit.tree.sha,
        tree: files.map((file, index) => ({
          path: file.path,
          mode: (modes.get(file.path) ?? '100644') as '100644',
          type: 'blob' as const,
          sha: blobs[index],
        })),
      }),
    );
    const { data: commit } = await this.call(token, { what: `the commit in ${where}` }, (gh) =>
      gh.rest.git.createCommit({ owner, repo, message: input.commitMessage, tree: tree.sha, parents: [baseSha] }),
    );

    try {
      await this.call(token, { what: `branch "${branch}" of ${where}` }, (gh) =>
        gh.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha, request: ONCE }),
      );
    } catch (error) {
      const mapped = refExists(error, branch, owner, repo);
      if (mapped.code === 'UPSTREAM_ERROR') {
        // The answer was lost, but GitHub may have created the branch: remove it if it holds our commit.
        throw await this.rollback(token, owner, repo, branch, mapped, commit.sha);
      }
      throw mapped;
    }

    try {
      const { data: pull } = await this.call(token, { what: `the pull request in ${where}` }, (gh) =>
        gh.rest.pulls.create({ owner, repo, title: input.title, body: input.body, head: branch, base, request: ONCE }),
      );
      return { number: pull.number, url: pull.html_url, branch, commitSha: commit.sha, base };
    } catch (error) {
      throw await this.rollback(token, owner, repo, branch, toGitHubError(error, { what: `the pull request in ${where}`, secrets: [token] }));
    }
  }

  async getPullRequest(token: string, owner: string, repo: string, number: number): Promise<GitHubPullRequest> {
    const { data } = await this.call(token, { what: `pull request #${number} of ${owner}/${repo}` }, (gh) =>
      gh.rest.pulls.get({ owner, repo, pull_number: number }),
    );
    return {
      number: data.number,
      url: data.html_url,
      state: data.merged_at ? 'merged' : data.state === 'open' ? 'open' : 'closed',
      title: data.title,
      updatedAt: data.updated_at,
    };
  }

  /**
   * Deletes `branch` after a failed step and returns `failure` (to be thrown), noting in its details
   * whether the branch is gone. With `onlyIfAt`, deletes only when the branch points at that commit.
   */
  private async rollback(
    token: string,
    owner: string,
    repo: string,
    branch: string,
    failure: GitHubError,
    onlyIfAt?: string,
  ): Promise<GitHubError> {
    const what = `branch "${branch}" of ${owner}/${repo}`;
    try {
      if (onlyIfAt !== undefined) {
        const head = await this.call(token, { what }, (gh) => gh.rest.git.getRef({ owner, repo, ref: `heads/${branch}` })).then(
          ({ data }) => data.object.sha,
          () => null,
        );
        if (head !== onlyIfAt) return failure;
      }
      await this.call(token, { what }, (gh) => gh.rest.git.deleteRef({ owner, repo, ref: `heads/${branch}` }));
      failure.details['branchDeleted'] = true;
    } catch (error) {
      failure.details['branchDeleted'] = false;
      this.options.log?.warn(
        `Could not delete ${what} after a failed pull request: ${toGitHubError(error, { what, secrets: [token] }).message}`,
      );
    }
    return failure;
  }

  private async defaultBranch(token: string, owner: string, repo: string): Promise<string> {
    const { data } = await this.call(token, { what: `repository ${owner}/${repo}` }, (gh) => gh.rest.repos.get({ owner, repo }));
    return data.default_branch;
  }

  private async branchHead(token: string, owner: string, repo: string, branch: string): Promise<string> {
    const { data } = await this.call(token, { what: `branch "${branch}" of ${owner}/${repo}` }, (gh) =>
      gh.rest.git.getRef({ owner, repo, ref: `heads/${branch}` }),
    );
    return data.object.sha;
  }

  /** Runs one Octokit call as the token's user; every failure comes out as a GitHubError. */
  private async call<T>(token: string, context: ErrorContext, run: (client: Client) => Promise<T>): Promise<T> {
    try {
      return await run(this.client(token));
    } catch (error) {
      throw toGitHubError(error, { ...context, secrets: [token, ...(context.secrets ?? [])], now: this.now });
    }
  }

  private client(token: string): Client {
    const warn = (message: string): void => this.options.log?.warn(scrub(String(message), [token]));
    const timeoutMs = this.timeoutMs;
    const timedFetch: typeof fetch = (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
    return new GitHubOctokit({
      auth: token,
      baseUrl: this.apiUrl,
      userAgent: this.options.userAgent ?? 'orphelix',
      log: { debug: () => undefined, info: () => undefined, warn, error: warn },
      request: { fetch: timedFetch },
      retry: { retries: this.retries, retryAfterBaseValue: this.retryBaseMs, doNotRetry: DO_NOT_RETRY },
      throttle: {
        // Writes are spaced per user; the key is a digest, so the token itself is never kept.
        id: createHash('sha256').update(token).digest('hex').slice(0, 16),
        write: this.writes,
        notifications: this.notifications,
        // Rate limits are not waited out: the caller gets RATE_LIMITED with retryAfterSeconds at once.
        onRateLimit: () => false,
        onSecondaryRateLimit: () => false,
      },
    });
  }

  private oauth(): OAuthClientOptions {
    return {
      webUrl: this.webUrl,
      clientId: this.options.clientId,
      clientSecret: this.options.clientSecret,
      timeoutMs: this.timeoutMs,
      now: this.now,
    };
  }
}

interface BaseEntry {
  type: string;
  sha: string;
  mode: string;
}

/** Reads the base commit's tree folder by folder, once per folder, to find what is at a path. */
class BaseTreeReader {
  private readonly folders = new Map<string, Promise<Map<string, BaseEntry> | null | 'blocked'>>();

  constructor(private readonly readTree: (sha: string) => Promise<{ path?: string; type?: string; sha?: string; mode?: string }[]>) {}

  /** The entry at `path`; `null` when absent; `'blocked'` when a parent folder is a file. */
  async entry(rootSha: string, path: string): Promise<BaseEntry | null | 'blocked'> {
    const slash = path.lastIndexOf('/');
    const folder = await this.folder(rootSha, slash < 0 ? '' : path.slice(0, slash));
    if (folder === null || folder === 'blocked') return folder;
    return folder.get(path.slice(slash + 1)) ?? null;
  }

  private folder(rootSha: string, path: string): Promise<Map<string, BaseEntry> | null | 'blocked'> {
    let listing = this.folders.get(path);
    if (listing === undefined) {
      listing = this.load(rootSha, path);
      this.folders.set(path, listing);
    }
    return listing;
  }

  private async load(rootSha: string, path: string): Promise<Map<string, BaseEntry> | null | 'blocked'> {
    let sha = rootSha;
    if (path !== '') {
      const parent = await this.entry(rootSha, path);
      if (parent === null || parent === 'blocked') return parent;
      if (parent.type !== 'tree') return 'blocked';
      sha = parent.sha;
    }
    const entries = await this.readTree(sha);
    const map = new Map<string, BaseEntry>();
    for (const item of entries) {
      if (item.path !== undefined && item.type !== undefined && item.sha !== undefined) {
        map.set(item.path, { type: item.type, sha: item.sha, mode: item.mode ?? '' });
      }
    }
    return map;
  }
}

function refExists(error: unknown, branch: string, owner: string, repo: string): GitHubError {
  const mapped = toGitHubError(error, { what: `branch "${branch}" of ${owner}/${repo}` });
  if (mapped.code === 'UNPROCESSABLE' && REF_EXISTS.test(String(mapped.details['githubMessage'] ?? ''))) {
    return branchExists(branch, owner, repo);
  }
  return mapped;
}

function branchExists(branch: string, owner: string, repo: string): GitHubError {
  return new GitHubError('CONFLICT', `Branch "${branch}" already exists in ${owner}/${repo}`, { branch });
}

/** The page number of `rel="next"` in a `Link` header. */
export function nextPage(link: string | undefined): number | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="([^"]+)"/.exec(part);
    if (match && match[2].split(/\s+/).includes('next')) {
      const page = Number(new URL(match[1]).searchParams.get('page'));
      return Number.isInteger(page) && page > 0 ? page : null;
    }
  }
  return null;
}

function checkPage(page: PageRequest): void {
  if (!Number.isInteger(page.page) || page.page < 1) invalid('page', 'must be a whole number from 1');
  if (!Number.isInteger(page.perPage) || page.perPage < 1 || page.perPage > 100) invalid('perPage', 'must be a whole number from 1 to 100');
}

function invalid(field: string, message: string): never {
  throw new GitHubError('VALIDATION_ERROR', `${field} ${message}`, { fields: [{ field, message }] });
}

/** `a/b/c`: no leading or trailing slash, no empty, `.` or `..` segment. */
function normalizePath(path: string, allowRoot: boolean): string {
  const clean = path.replace(/^\/+|\/+$/g, '');
  if (clean === '' && allowRoot) return '';
  if (clean === '' || clean.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    invalid('path', `"${path}" is not a file path in a repository`);
  }
  return clean;
}

/** The rules of `git check-ref-format` that matter for a branch typed by a user. */
function checkBranchName(name: string): void {
  if (
    name === '' ||
    name.startsWith('/') ||
    name.endsWith('/') ||
    name.endsWith('.') ||
    name.endsWith('.lock') ||
    name.startsWith('-') ||
    name.includes('..') ||
    name.includes('//') ||
    name.includes('@{') ||
    /[\s~^:?*[\\]/.test(name) ||
    [...name].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)
  ) {
    invalid('branch', `"${name}" is not a valid branch name`);
  }
}

function checkPullRequestInput(input: CreatePullRequestInput): CreatePullRequestInput['files'] {
  checkBranchName(input.branch);
  if (input.files.length === 0) invalid('files', 'must hold at least one file');
  if (input.commitMessage.trim() === '') invalid('commitMessage', 'must not be empty');
  if (input.title.trim() === '') invalid('title', 'must not be empty');
  const seen = new Set<string>();
  return input.files.map((file, index) => {
    const path = normalizePath(file.path, false);
    if (seen.has(path)) invalid(`files[${index}].path`, `"${path}" appears twice`);
    seen.add(path);
    return { ...file, path };
  });
}

/** UTF-8 text, or `null` for binary content (a NUL byte or invalid UTF-8). A BOM is kept. */
function decodeText(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}
