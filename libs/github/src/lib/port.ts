/**
 * What Orphelix needs from GitHub (or GitHub Enterprise Server): OAuth sign-in, browsing repositories and
 * opening pull requests. Every repository operation acts as the signed-in user, with that user's access
 * token as the first argument; the adapter keeps no token between calls.
 */

/** Tokens from an OAuth code exchange or a refresh. */
export interface GitHubTokens {
  accessToken: string;
  /** Only for expiring user tokens (GitHub Apps, or OAuth apps with token expiration enabled). */
  refreshToken: string | null;
  /** ISO 8601; `null` when the access token does not expire. */
  expiresAt: string | null;
  /** ISO 8601; `null` when there is no refresh token or it does not expire. */
  refreshTokenExpiresAt: string | null;
  /** Granted OAuth scopes, e.g. `['read:user', 'repo']`; empty for GitHub App user tokens. */
  scopes: string[];
}

export interface AuthorizeUrlInput {
  clientId: string;
  redirectUri: string;
  /** The CSRF nonce GitHub hands back unchanged on the redirect. */
  state: string;
  scopes: string[];
}

export interface GitHubUser {
  id: number;
  login: string;
  name: string | null;
  avatarUrl: string;
}

export interface PageRequest {
  /** 1-based. */
  page: number;
  /** 1 to 100 (GitHub's maximum). */
  perPage: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  /** The next page's number, from GitHub's `Link` header; `null` on the last page. */
  nextPage: number | null;
}

export interface GitHubRepo {
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  private: boolean;
  /** ISO 8601. */
  updatedAt: string;
}

export interface GitHubBranch {
  name: string;
  protected: boolean;
  /** The head commit. */
  sha: string;
}

export interface TreeOptions {
  /** A folder of the repository, e.g. `k8s/base`; omitted or empty: the root. */
  path?: string;
  /** Every descendant instead of one level. */
  recursive: boolean;
}

export interface GitHubTreeEntry {
  /** From the repository's root, e.g. `k8s/base/deployment.yaml`. */
  path: string;
  type: 'file' | 'dir';
  /** Bytes, for files; `null` for folders. */
  size: number | null;
  /** Blob SHA for files, tree SHA for folders. */
  sha: string;
}

export interface GitHubTree {
  ref: string;
  /** The folder listed; `''` for the root. */
  path: string;
  /** The folder's tree SHA. */
  sha: string;
  entries: GitHubTreeEntry[];
  /** GitHub stopped listing (very large trees): `entries` is incomplete; list sub-folders one by one. */
  truncated: boolean;
}

export interface GitHubFile {
  path: string;
  /** UTF-8 text. */
  content: string;
  /** Blob SHA: give it back as `sha` when proposing a change, to detect concurrent edits. */
  sha: string;
  size: number;
}

export interface FileChange {
  path: string;
  /** New UTF-8 content. */
  content: string;
  /** The blob SHA the change was made against; `null` for a file that must not exist yet. */
  sha: string | null;
}

export interface CreatePullRequestInput {
  owner: string;
  repo: string;
  /** Branch the pull request targets; omitted: the repository's default branch. */
  base?: string;
  /** The new branch to create; it must not exist. */
  branch: string;
  /** At least one; paths must be distinct. */
  files: FileChange[];
  commitMessage: string;
  title: string;
  body: string;
}

export interface CreatedPullRequest {
  number: number;
  /** The pull request's web page. */
  url: string;
  branch: string;
  /** The one commit holding every file. */
  commitSha: string;
  /** The branch the pull request targets (resolved when it was omitted). */
  base: string;
}

export interface GitHubPullRequest {
  number: number;
  url: string;
  state: 'open' | 'closed' | 'merged';
  title: string;
  /** ISO 8601. */
  updatedAt: string;
}

export interface GitHubPort {
  /** The URL to send the browser to for consent; GitHub redirects to `redirectUri?code=…&state=…`. */
  authorizeUrl(input: AuthorizeUrlInput): string;
  /** Trades the code of the OAuth redirect for tokens. A bad or used code: `UNAUTHENTICATED`. */
  exchangeCode(code: string, redirectUri: string): Promise<GitHubTokens>;
  /** A new access token from a refresh token (which GitHub then invalidates). Bad: `UNAUTHENTICATED`. */
  refresh(refreshToken: string): Promise<GitHubTokens>;
  getUser(token: string): Promise<GitHubUser>;
  /** Repositories the user can reach, most recently updated first. */
  listRepos(token: string, page: PageRequest): Promise<Page<GitHubRepo>>;
  listBranches(token: string, owner: string, repo: string, page: PageRequest): Promise<Page<GitHubBranch>>;
  /** Creates `name` at the head of `from` (default: the repository's default branch). Exists: `CONFLICT`. */
  createBranch(token: string, owner: string, repo: string, name: string, from?: string): Promise<GitHubBranch>;
  getTree(token: string, owner: string, repo: string, ref: string, options: TreeOptions): Promise<GitHubTree>;
  /** A folder, a binary file or one too large to edit: `UNPROCESSABLE` with `details.reason`. */
  getFile(token: string, owner: string, repo: string, path: string, ref: string): Promise<GitHubFile>;
  /**
   * One commit holding every file, on a new branch, and a pull request from it — all or nothing. A file
   * changed on the base since it was read (its blob SHA differs from `sha`): `CONFLICT` naming the path,
   * before anything is written. A failure after the branch exists deletes the branch again.
   */
  createPullRequest(token: string, input: CreatePullRequestInput): Promise<CreatedPullRequest>;
  getPullRequest(token: string, owner: string, repo: string, number: number): Promise<GitHubPullRequest>;
}

/** Nest injection token of the {@link GitHubPort}. */
export const GITHUB_PORT = Symbol('GitHubPort');
