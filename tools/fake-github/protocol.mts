/**
 * What a test process may ask of a fake GitHub running in a child process (see launch.mts): the set-up
 * and inspection methods of libs/github/src/testing/fake-github.ts, answered over the child's IPC
 * channel. The shapes are restated here because the browser suites type-check under `nodenext`, which
 * cannot follow the fake's own imports; serve.mts type-checks each one against the real fake.
 */
import { fileURLToPath } from 'node:url';
import { type ForkedFake, forkFake } from '../fake-process/ipc.mts';

export interface FakeOAuthAppInput {
  clientId: string;
  clientSecret: string;
  /** The registered callback URL; a `redirect_uri` must share its origin and sit at or below its path. */
  callbackUrl?: string;
}

export interface FakeGitHubStartOptions {
  /** `enterprise` (default here): one origin, the API under `/api/v3`, as the API's GITHUB_URL expects for any host but github.com. */
  flavor?: 'github.com' | 'enterprise';
  oauthApp: FakeOAuthAppInput;
}

export interface FakeUserInput {
  login: string;
  name?: string | null;
}

export interface FakeUser {
  id: number;
  login: string;
  name: string | null;
  token: string;
}

export interface FakeRepoInput {
  owner: string;
  name: string;
  private?: boolean;
  defaultBranch?: string;
  /** The default branch's files, path → content, committed as one initial commit. */
  files?: Record<string, string>;
  branches?: string[];
  collaborators?: string[];
}

export interface FakeCommit {
  tree: string;
  parents: string[];
  message: string;
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
}

export interface FakeRequest {
  origin: 'api' | 'web';
  method: string;
  path: string;
  query: string;
  status: number;
}

/** The calls, by name; each answers what the fake's method of that name returns. */
export interface FakeGitHubControl {
  addUser(input: FakeUserInput): FakeUser;
  /** The user who consents on the authorize page (the first user added, until changed). */
  setAuthorizingUser(login: string | null): void;
  addRepo(input: FakeRepoInput): { fullName: string; headSha: string };
  branches(owner: string, name: string): string[];
  branchSha(owner: string, name: string, branch: string): string | null;
  readFile(owner: string, name: string, ref: string, path: string): string | null;
  commit(owner: string, name: string, sha: string): FakeCommit | null;
  changedPaths(owner: string, name: string, sha: string): string[];
  pulls(owner: string, name: string): FakePullRequest[];
  closePull(owner: string, name: string, number: number, merged: boolean): void;
  /** Every request so far, oldest first. */
  requests(): FakeRequest[];
  clearRequests(): void;
}

export type FakeGitHubCall = keyof FakeGitHubControl;

/** What the child says once it listens. */
export interface FakeGitHubReady {
  /** The web origin (OAuth; `html_url`s point here): the API's `GITHUB_URL`. */
  baseUrl: string;
  /** `<baseUrl>/api/v3`, as for GitHub Enterprise. */
  apiUrl: string;
}

/** Every call's name, for the client that forwards them (checked complete against FakeGitHubControl). */
export const FAKE_GITHUB_CALLS = Object.keys({
  addUser: true,
  setAuthorizingUser: true,
  addRepo: true,
  branches: true,
  branchSha: true,
  readFile: true,
  commit: true,
  changedPaths: true,
  pulls: true,
  closePull: true,
  requests: true,
  clearRequests: true,
} satisfies Record<FakeGitHubCall, true>) as FakeGitHubCall[];

/** The fake GitHub's calls, answered by its process. */
export type RemoteFakeGitHub = {
  [K in FakeGitHubCall]: (...args: Parameters<FakeGitHubControl[K]>) => Promise<ReturnType<FakeGitHubControl[K]>>;
};

export type FakeGitHubServer = FakeGitHubReady & ForkedFake<RemoteFakeGitHub>;

const LAUNCHER = fileURLToPath(new URL('./launch.mts', import.meta.url));

/**
 * Starts the fake GitHub of libs/github/src/testing (the one the API's specs use) on 127.0.0.1 in a
 * child process, and returns its addresses and its set-up and inspection calls. It stops with `stop()`,
 * or when this process exits.
 */
export function startFakeGitHub(options: FakeGitHubStartOptions): Promise<FakeGitHubServer> {
  return forkFake<FakeGitHubReady, RemoteFakeGitHub>('the fake GitHub', LAUNCHER, options, FAKE_GITHUB_CALLS);
}
