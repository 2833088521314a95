import { createHash } from 'node:crypto';
import { FakeGitHub, type FakeFault, type RunningFakeGitHub } from '../testing';
import { GitHubError, isGitHubError } from './errors';
import { OctokitGitHub, nextPage } from './octokit-github';

// Retries: one, after 5 ms (production: two, after 1 s and 4 s), and no gap between writes (production:
// 1 s, and 3 s before opening a PR), so that
// failure tests stay fast; the retry tests below count the requests to show the retry does happen.
const FAST = { retries: 1, retryBaseMs: 5, writeIntervalMs: 0, notificationIntervalMs: 0, timeoutMs: 5000 };

async function caught(promise: Promise<unknown>): Promise<GitHubError> {
  try {
    await promise;
  } catch (error) {
    if (isGitHubError(error)) return error;
    throw error;
  }
  throw new Error('expected a GitHubError, but the call succeeded');
}

/** The token must not appear anywhere in what a caller could log or send on. */
function expectNoSecret(error: GitHubError, secret: string): void {
  const everything = `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error)}\n${JSON.stringify(error.details)}`;
  expect(everything).not.toContain(secret);
  expect(Object.keys(error)).not.toContain('cause');
}

const blobSha = (content: string): string =>
  createHash('sha1').update(`blob ${Buffer.byteLength(content)}\0${content}`).digest('hex');

describe('OctokitGitHub against the fake GitHub', () => {
  let fake: FakeGitHub;
  let running: RunningFakeGitHub;
  let github: OctokitGitHub;
  let token: string;
  const warnings: string[] = [];

  beforeEach(async () => {
    fake = new FakeGitHub({ oauthApp: { clientId: 'cid', clientSecret: 'client-secret-value' }, maxTreeEntries: 50 });
    running = await fake.start();
    github = new OctokitGitHub({
      webUrl: running.baseUrl,
      apiUrl: running.apiUrl,
      clientId: 'cid',
      clientSecret: 'client-secret-value',
      log: { warn: (message) => warnings.push(message) },
      ...FAST,
    });
    token = fake.addUser({ login: 'ada', name: 'Ada Lovelace', id: 42 }).token;
    fake.addRepo({
      owner: 'ada',
      name: 'shop',
      defaultBranch: 'trunk',
      branches: ['release'],
      protectedBranches: ['trunk'],
      files: {
        'README.md': '# shop\n',
        'k8s/base/deployment.yaml': 'kind: Deployment\n',
        'k8s/base/service.yaml': 'kind: Service\n',
        'k8s/overlays/prod/kustomization.yaml': 'resources: [../../base]\n',
      },
    });
    fake.clearRequests();
    warnings.length = 0;
  });

  afterEach(() => running.close());

  const calls = (method: string, path?: string): number =>
    fake.requests.filter((request) => request.method === method && (path === undefined || request.path === path)).length;

  describe('OAuth', () => {
    async function consent(redirectUri: string, state: string, scopes: string[]): Promise<URL> {
      const url = github.authorizeUrl({ clientId: 'cid', redirectUri, state, scopes });
      const response = await fetch(url, { redirect: 'manual' });
      expect(response.status).toBe(302);
      return new URL(response.headers.get('location') ?? '');
    }

    it('builds the authorize URL on the web origin and trades the code for a token', async () => {
      const url = new URL(github.authorizeUrl({ clientId: 'cid', redirectUri: 'http://app.test/cb', state: 'n1', scopes: ['read:user', 'repo'] }));
      expect(url.origin + url.pathname).toBe(`${running.baseUrl}/login/oauth/authorize`);
      expect(url.searchParams.get('scope')).toBe('read:user repo');

      const back = await consent('http://app.test/cb', 'n1', ['read:user', 'repo']);
      expect(back.searchParams.get('state')).toBe('n1');
      const tokens = await github.exchangeCode(back.searchParams.get('code') ?? '', 'http://app.test/cb');
      expect(tokens).toEqual({ accessToken: expect.stringMatching(/^gho_/), refreshToken: null, expiresAt: null, refreshTokenExpiresAt: null, scopes: ['read:user', 'repo'] });
      expect(await github.getUser(tokens.accessToken)).toEqual({
        id: 42,
        login: 'ada',
        name: 'Ada Lovelace',
        avatarUrl: expect.stringContaining('/avatars/u/42'),
      });
    });

    it('refuses a used code as UNAUTHENTICATED, without echoing the code or the client secret', async () => {
      const back = await consent('http://app.test/cb', 's', ['repo']);
      const code = back.searchParams.get('code') ?? '';
      await github.exchangeCode(code, 'http://app.test/cb');
      const error = await caught(github.exchangeCode(code, 'http://app.test/cb'));
      expect(error.code).toBe('UNAUTHENTICATED');
      expect(error.details['error']).toBe('bad_verification_code');
      expectNoSecret(error, code);
      expectNoSecret(error, 'client-secret-value');
    });

    it('refreshes expiring tokens, and a refresh token works once', async () => {
      const app = new FakeGitHub({ oauthApp: { clientId: 'app', clientSecret: 'app-secret-value', expiringTokens: true } });
      const started = await app.start();
      try {
        app.addUser({ login: 'grace' });
        const client = new OctokitGitHub({ webUrl: started.baseUrl, apiUrl: started.apiUrl, clientId: 'app', clientSecret: 'app-secret-value', ...FAST });
        const url = client.authorizeUrl({ clientId: 'app', redirectUri: 'http://app.test/cb', state: 's', scopes: [] });
        const code = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '').searchParams.get('code') ?? '';
        const before = Date.now();
        const first = await client.exchangeCode(code, 'http://app.test/cb');
        expect(first.refreshToken).toMatch(/^ghr_/);
        expect(Date.parse(first.expiresAt ?? '') - before).toBeGreaterThanOrEqual(28_800_000 - 1000);
        expect(Date.parse(first.refreshTokenExpiresAt ?? '')).toBeGreaterThan(Date.parse(first.expiresAt ?? ''));

        app.advanceClock(28_801);
        expect((await caught(client.getUser(first.accessToken))).code).toBe('UNAUTHENTICATED');

        const second = await client.refresh(first.refreshToken ?? '');
        expect(second.accessToken).not.toBe(first.accessToken);
        expect((await client.getUser(second.accessToken)).login).toBe('grace');

        const reused = await caught(client.refresh(first.refreshToken ?? ''));
        expect(reused.code).toBe('UNAUTHENTICATED');
        expect(reused.details['error']).toBe('bad_refresh_token');
        expectNoSecret(reused, first.refreshToken ?? '');
      } finally {
        await started.close();
      }
    });

    it('derives GitHub Enterprise URLs from the web origin alone (/api/v3, /login/oauth)', async () => {
      const ghes = new FakeGitHub({ flavor: 'enterprise', oauthApp: { clientId: 'e', clientSecret: 'enterprise-secret' } });
      const started = await ghes.start();
      try {
        ghes.addUser({ login: 'linus' });
        const client = new OctokitGitHub({ webUrl: started.baseUrl, clientId: 'e', clientSecret: 'enterprise-secret', ...FAST });
        const url = client.authorizeUrl({ clientId: 'e', redirectUri: 'http://app.test/cb', state: 's', scopes: ['repo'] });
        const code = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '').searchParams.get('code') ?? '';
        const tokens = await client.exchangeCode(code, 'http://app.test/cb');
        expect((await client.getUser(tokens.accessToken)).login).toBe('linus');
        expect(ghes.requests.map((request) => `${request.origin} ${request.method} ${request.path}`)).toEqual([
          'web GET /login/oauth/authorize',
          'web POST /login/oauth/access_token',
          'api GET /user',
        ]);
      } finally {
        await started.close();
      }
    });
  });

  describe('browsing', () => {
    it('reaches every repository, page by page through the Link header, newest first', async () => {
      for (let i = 0; i < 230; i++) fake.addRepo({ owner: 'ada', name: `repo-${String(i).padStart(3, '0')}` });
      // A push a second later: in the same millisecond as the last repository's creation, the two tie.
      fake.advanceClock(1);
      fake.push('ada', 'repo-007', 'main', { 'x.txt': 'new' });
      const pages = [];
      let page: number | null = 1;
      while (page !== null) {
        const result = await github.listRepos(token, { page, perPage: 100 });
        pages.push(result);
        page = result.nextPage;
      }
      expect(pages.map((result) => result.items.length)).toEqual([100, 100, 31]);
      expect(pages.map((result) => result.nextPage)).toEqual([2, 3, null]);
      const names = pages.flatMap((result) => result.items.map((repo) => repo.fullName));
      expect(new Set(names).size).toBe(231);
      expect(pages[0].items[0]).toMatchObject({ owner: 'ada', name: 'repo-007', fullName: 'ada/repo-007', defaultBranch: 'main', private: false });
      expect(names).toContain('ada/shop');
      expect(pages.flatMap((result) => result.items).find((repo) => repo.name === 'shop')?.defaultBranch).toBe('trunk');
    });

    it('lists branches with their head and protection', async () => {
      const head = fake.branchSha('ada', 'shop', 'trunk');
      const result = await github.listBranches(token, 'ada', 'shop', { page: 1, perPage: 1 });
      expect(result).toEqual({ items: [{ name: 'release', protected: false, sha: head }], page: 1, nextPage: 2 });
      const second = await github.listBranches(token, 'ada', 'shop', { page: 2, perPage: 1 });
      expect(second).toEqual({ items: [{ name: 'trunk', protected: true, sha: head }], page: 2, nextPage: null });
    });

    it('creates a branch from the default branch, or from a named one', async () => {
      const release = fake.push('ada', 'shop', 'release', { 'CHANGELOG.md': '1.0\n' });
      expect(await github.createBranch(token, 'ada', 'shop', 'feature/a')).toEqual({ name: 'feature/a', protected: false, sha: fake.branchSha('ada', 'shop', 'trunk') });
      expect(fake.branchSha('ada', 'shop', 'feature/a')).toBe(fake.branchSha('ada', 'shop', 'trunk'));
      await github.createBranch(token, 'ada', 'shop', 'hotfix', 'release');
      expect(fake.branchSha('ada', 'shop', 'hotfix')).toBe(release);
      const again = await caught(github.createBranch(token, 'ada', 'shop', 'hotfix'));
      expect(again.code).toBe('CONFLICT');
      expect((await caught(github.createBranch(token, 'ada', 'shop', 'bad..name'))).code).toBe('VALIDATION_ERROR');
    });

    it('lists one folder, or every descendant', async () => {
      const folder = await github.getTree(token, 'ada', 'shop', 'trunk', { path: 'k8s/base', recursive: false });
      expect(folder.truncated).toBe(false);
      expect(folder.entries).toEqual([
        { path: 'k8s/base/deployment.yaml', type: 'file', size: 17, sha: blobSha('kind: Deployment\n') },
        { path: 'k8s/base/service.yaml', type: 'file', size: 14, sha: blobSha('kind: Service\n') },
      ]);
      const root = await github.getTree(token, 'ada', 'shop', 'trunk', { recursive: false });
      expect(root.entries.map((entry) => `${entry.type} ${entry.path}`)).toEqual(['file README.md', 'dir k8s']);
      const all = await github.getTree(token, 'ada', 'shop', 'trunk', { recursive: true });
      expect(all.entries.filter((entry) => entry.type === 'file').map((entry) => entry.path)).toEqual([
        'README.md',
        'k8s/base/deployment.yaml',
        'k8s/base/service.yaml',
        'k8s/overlays/prod/kustomization.yaml',
      ]);
      const k8s = await github.getTree(token, 'ada', 'shop', 'trunk', { path: 'k8s', recursive: true });
      expect(k8s.entries.map((entry) => entry.path)).toContain('k8s/overlays/prod/kustomization.yaml');
      expect((await caught(github.getTree(token, 'ada', 'shop', 'trunk', { path: 'nope', recursive: false }))).code).toBe('NOT_FOUND');
      expect((await caught(github.getTree(token, 'ada', 'shop', 'trunk', { path: 'README.md', recursive: false }))).code).toBe('UNPROCESSABLE');
    });

    it('says when GitHub truncated a tree', async () => {
      const files = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}.txt`, String(i)]));
      fake.addRepo({ owner: 'ada', name: 'big', files });
      const tree = await github.getTree(token, 'ada', 'big', 'main', { recursive: true });
      expect(tree.truncated).toBe(true);
      expect(tree.entries).toHaveLength(50);
    });

    it('reads a file as UTF-8 with its blob SHA', async () => {
      fake.push('ada', 'shop', 'trunk', { 'k8s/base/configmap.yaml': 'data:\n  greeting: héllo ☃\n' });
      const file = await github.getFile(token, 'ada', 'shop', 'k8s/base/configmap.yaml', 'trunk');
      expect(file).toEqual({
        path: 'k8s/base/configmap.yaml',
        content: 'data:\n  greeting: héllo ☃\n',
        sha: blobSha('data:\n  greeting: héllo ☃\n'),
        size: Buffer.byteLength('data:\n  greeting: héllo ☃\n'),
      });
      expect(file.sha).toBe(fake.fileSha('ada', 'shop', 'trunk', 'k8s/base/configmap.yaml'));
    });

    it('refuses folders, binary files and files too large to edit, clearly', async () => {
      fake.addRepo({ owner: 'ada', name: 'assets', files: { 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), 'big.yaml': 'x'.repeat(1024 * 1024 + 10) } });
      const folder = await caught(github.getFile(token, 'ada', 'shop', 'k8s', 'trunk'));
      expect([folder.code, folder.details['reason']]).toEqual(['UNPROCESSABLE', 'directory']);
      const binary = await caught(github.getFile(token, 'ada', 'assets', 'logo.png', 'main'));
      expect([binary.code, binary.details['reason']]).toEqual(['UNPROCESSABLE', 'binary']);
      const large = await caught(github.getFile(token, 'ada', 'assets', 'big.yaml', 'main'));
      expect([large.code, large.details['reason']]).toEqual(['UNPROCESSABLE', 'too_large']);
      const missing = await caught(github.getFile(token, 'ada', 'shop', 'k8s/nope.yaml', 'trunk'));
      expect([missing.code, missing.details['path']]).toEqual(['NOT_FOUND', 'k8s/nope.yaml']);
    });
  });

  describe('createPullRequest', () => {
    const input = () => ({
      owner: 'ada',
      repo: 'shop',
      branch: 'orphelix/update-1',
      commitMessage: 'Update the shop manifests',
      title: 'Update the shop',
      body: 'Two files',
      files: [
        { path: 'k8s/base/deployment.yaml', content: 'kind: Deployment\nspec: {replicas: 3}\n', sha: blobSha('kind: Deployment\n') },
        { path: 'k8s/base/hpa.yaml', content: 'kind: HorizontalPodAutoscaler\n', sha: null },
        { path: 'docs/new/notes.md', content: 'notes\n', sha: null },
      ],
    });

    it('makes exactly one commit holding every file, on a new branch off the default branch, and opens the PR', async () => {
      const trunk = fake.branchSha('ada', 'shop', 'trunk') ?? '';
      const created = await github.createPullRequest(token, input());
      expect(created).toEqual({ number: 1, url: `${running.baseUrl}/ada/shop/pull/1`, branch: 'orphelix/update-1', commitSha: expect.stringMatching(/^[0-9a-f]{40}$/), base: 'trunk' });
      expect(calls('POST', '/repos/ada/shop/git/commits')).toBe(1);
      expect(calls('POST', '/repos/ada/shop/git/trees')).toBe(1);
      expect(calls('POST', '/repos/ada/shop/git/blobs')).toBe(3);
      expect(fake.branchSha('ada', 'shop', 'orphelix/update-1')).toBe(created.commitSha);
      expect(fake.commit('ada', 'shop', created.commitSha)).toMatchObject({ parents: [trunk], message: 'Update the shop manifests' });
      expect(fake.changedPaths('ada', 'shop', created.commitSha)).toEqual(['docs/new/notes.md', 'k8s/base/deployment.yaml', 'k8s/base/hpa.yaml']);
      expect(fake.readFile('ada', 'shop', 'orphelix/update-1', 'k8s/base/deployment.yaml')).toBe('kind: Deployment\nspec: {replicas: 3}\n');
      expect(fake.readFile('ada', 'shop', 'orphelix/update-1', 'k8s/base/service.yaml')).toBe('kind: Service\n');
      expect(fake.branchSha('ada', 'shop', 'trunk')).toBe(trunk);
      expect(fake.pulls('ada', 'shop')).toMatchObject([{ number: 1, head: 'orphelix/update-1', base: 'trunk', title: 'Update the shop', body: 'Two files' }]);
      expect(calls('POST', '/repos/ada/shop/git/refs')).toBe(1);
    });

    it('targets the given base branch', async () => {
      const created = await github.createPullRequest(token, { ...input(), base: 'release' });
      expect(created.base).toBe('release');
      expect(fake.commit('ada', 'shop', created.commitSha)?.parents).toEqual([fake.branchSha('ada', 'shop', 'release')]);
    });

    it('fails with CONFLICT naming the path when a file changed on the base since it was read, writing nothing', async () => {
      fake.push('ada', 'shop', 'trunk', { 'k8s/base/deployment.yaml': 'kind: Deployment\nspec: {replicas: 5}\n' });
      fake.clearRequests();
      const error = await caught(github.createPullRequest(token, input()));
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toContain('k8s/base/deployment.yaml');
      expect(error.details['path']).toBe('k8s/base/deployment.yaml');
      expect(fake.requests.filter((request) => request.method !== 'GET')).toEqual([]);
      expect(fake.branchSha('ada', 'shop', 'orphelix/update-1')).toBeNull();
    });

    it('fails with CONFLICT when a file meant to be new already exists, or the branch already exists', async () => {
      const exists = await caught(github.createPullRequest(token, { ...input(), files: [{ path: 'README.md', content: 'x', sha: null }] }));
      expect([exists.code, exists.details['path']]).toEqual(['CONFLICT', 'README.md']);
      const branch = await caught(github.createPullRequest(token, { ...input(), branch: 'release' }));
      expect([branch.code, branch.details['branch']]).toEqual(['CONFLICT', 'release']);
      expect(fake.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    });

    // [step, fault, code, branch deletions expected]
    const steps: [string, FakeFault, string, number][] = [
      ['blob', { method: 'POST', path: '/repos/ada/shop/git/blobs', status: 500, times: 10 }, 'UPSTREAM_ERROR', 0],
      ['tree', { method: 'POST', path: '/repos/ada/shop/git/trees', status: 422, message: 'GitRPC::BadObjectState' }, 'UNPROCESSABLE', 0],
      ['commit', { method: 'POST', path: '/repos/ada/shop/git/commits', status: 500, times: 10 }, 'UPSTREAM_ERROR', 0],
      ['ref', { method: 'POST', path: '/repos/ada/shop/git/refs', status: 403 }, 'FORBIDDEN', 0],
      ['ref (answer lost after GitHub created it)', { method: 'POST', path: '/repos/ada/shop/git/refs', status: 502, afterEffect: true }, 'UPSTREAM_ERROR', 1],
      ['pull request', { method: 'POST', path: '/repos/ada/shop/pulls', status: 422, errors: [{ resource: 'PullRequest', code: 'custom', message: 'nope' }] }, 'UNPROCESSABLE', 1],
    ];
    it.each(steps)('leaves no branch behind when the %s step fails', async (_step, fault, code, deletions) => {
      fake.setFault(fault);
      const error = await caught(github.createPullRequest(token, input()));
      expect(error.code).toBe(code);
      expect(calls('DELETE')).toBe(deletions);
      expect(calls('POST', '/repos/ada/shop/git/refs')).toBeLessThanOrEqual(1);
      expect(fake.branches('ada', 'shop')).toEqual(['release', 'trunk']);
      expect(fake.pulls('ada', 'shop')).toEqual([]);
      expectNoSecret(error, token);
    });

    it('deletes the branch it created when opening the PR fails, and rethrows the PR’s error', async () => {
      fake.setFault({ method: 'POST', path: '/repos/ada/shop/pulls', status: 422, errors: [{ resource: 'PullRequest', code: 'custom', message: 'No commits between trunk and x' }] });
      const error = await caught(github.createPullRequest(token, input()));
      expect(error.code).toBe('UNPROCESSABLE');
      expect(error.details['errors']).toEqual([{ resource: 'PullRequest', code: 'custom', message: 'No commits between trunk and x' }]);
      expect(error.details['branchDeleted']).toBe(true);
      expect(calls('DELETE', '/repos/ada/shop/git/refs/heads/orphelix/update-1')).toBe(1);
      expect(calls('POST', '/repos/ada/shop/pulls')).toBe(1);
    });

    it('reports a branch it could not delete, and warns without the token', async () => {
      fake.setFault({ method: 'POST', path: '/repos/ada/shop/pulls', status: 500, times: 1 });
      fake.setFault({ method: 'DELETE', path: '/repos/ada/shop/git/refs/**', status: 500, times: 10 });
      const error = await caught(github.createPullRequest(token, input()));
      expect(error.code).toBe('UPSTREAM_ERROR');
      expect(error.details['branchDeleted']).toBe(false);
      expect(calls('POST', '/repos/ada/shop/pulls')).toBe(1); // opening a PR is never retried
      expect(warnings.join('\n')).toContain('orphelix/update-1');
      expect(warnings.join('\n')).not.toContain(token);
    });

    it('refuses empty or duplicate file lists before calling GitHub', async () => {
      expect((await caught(github.createPullRequest(token, { ...input(), files: [] }))).code).toBe('VALIDATION_ERROR');
      const twice = input().files[0];
      expect((await caught(github.createPullRequest(token, { ...input(), files: [twice, { ...twice, path: '/k8s/base/deployment.yaml' }] }))).code).toBe('VALIDATION_ERROR');
      expect(fake.requests).toEqual([]);
    });

    it('reads the PR state for badges: open, closed, merged', async () => {
      const created = await github.createPullRequest(token, input());
      expect(await github.getPullRequest(token, 'ada', 'shop', created.number)).toMatchObject({ number: 1, state: 'open', title: 'Update the shop', url: created.url });
      fake.closePull('ada', 'shop', 1, true);
      expect((await github.getPullRequest(token, 'ada', 'shop', 1)).state).toBe('merged');
      const second = await github.createPullRequest(token, { ...input(), branch: 'b2' });
      fake.closePull('ada', 'shop', second.number, false);
      expect((await github.getPullRequest(token, 'ada', 'shop', second.number)).state).toBe('closed');
      expect((await caught(github.getPullRequest(token, 'ada', 'shop', 99))).code).toBe('NOT_FOUND');
    });
  });

  describe('errors', () => {
    const repoCall = () => github.listBranches(token, 'ada', 'shop', { page: 1, perPage: 10 });
    const path = '/repos/ada/shop/branches';

    it('maps a revoked token to UNAUTHENTICATED', async () => {
      fake.revokeToken(token);
      const error = await caught(github.getUser(token));
      expect([error.code, error.details['status']]).toEqual(['UNAUTHENTICATED', 401]);
      expectNoSecret(error, token);
    });

    it('maps 403 to FORBIDDEN with GitHub’s message and documentation URL', async () => {
      fake.setFault({ path, status: 403 });
      const error = await caught(repoCall());
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toContain('Resource not accessible by integration');
      expect(error.details).toMatchObject({ status: 403, documentationUrl: 'https://docs.github.com/rest' });
    });

    it('maps a primary rate limit (403, x-ratelimit-remaining 0) to RATE_LIMITED with the wait, without retrying', async () => {
      fake.setRateLimitRemaining('ada', 0);
      const error = await caught(repoCall());
      expect(error.code).toBe('RATE_LIMITED');
      expect(error.details['retryAfterSeconds']).toBeGreaterThan(3500);
      expect(error.details['retryAfterSeconds']).toBeLessThanOrEqual(3601);
      expect(fake.requests).toHaveLength(1);
    });

    it('maps a secondary rate limit (429, retry-after) to RATE_LIMITED', async () => {
      fake.setFault({ path, status: 429, rateLimit: 'secondary' });
      const error = await caught(repoCall());
      expect([error.code, error.details['retryAfterSeconds']]).toEqual(['RATE_LIMITED', 30]);
      expect(fake.requests).toHaveLength(1);
    });

    it('maps 404, 409 and 422', async () => {
      expect((await caught(github.listBranches(token, 'ada', 'nope', { page: 1, perPage: 10 }))).code).toBe('NOT_FOUND');
      fake.setFault({ path, status: 409, message: 'Git Repository is empty.' });
      const conflict = await caught(repoCall());
      expect([conflict.code, conflict.details['githubMessage']]).toEqual(['CONFLICT', 'Git Repository is empty.']);
      fake.setFault({ path, status: 422, errors: [{ resource: 'Branch', code: 'invalid', field: 'page' }] });
      const invalid = await caught(repoCall());
      expect([invalid.code, invalid.details['errors']]).toEqual(['UNPROCESSABLE', [{ resource: 'Branch', code: 'invalid', field: 'page' }]]);
      expect(fake.requests).toHaveLength(3); // 4xx are not retried
    });

    it('retries a 5xx once, then maps it to UPSTREAM_ERROR', async () => {
      fake.setFault({ path, status: 500, times: 1 });
      expect((await repoCall()).items).toHaveLength(2);
      expect(fake.requests.map((request) => request.status)).toEqual([500, 200]);
      fake.clearRequests();
      fake.setFault({ path, status: 502, times: 5 });
      const error = await caught(repoCall());
      expect([error.code, error.details['status']]).toEqual(['UPSTREAM_ERROR', 502]);
      expect(fake.requests).toHaveLength(2);
    });

    it('maps an unreachable GitHub to UPSTREAM_ERROR', async () => {
      await running.close();
      const error = await caught(repoCall());
      expect([error.code, error.details['status']]).toEqual(['UPSTREAM_ERROR', null]);
      expectNoSecret(error, token);
    });

    it('never lets the token out, even when GitHub echoes it', async () => {
      fake.setFault({ path, status: 422, message: `token ${token} is odd`, errors: [{ message: `about ${token}` }] });
      const error = await caught(repoCall());
      expect(error.code).toBe('UNPROCESSABLE');
      expect(error.message).toContain('[REDACTED]');
      expectNoSecret(error, token);
      for (const status of [401, 403, 404, 409, 500]) {
        fake.setFault({ path, status, times: 2 });
        expectNoSecret(await caught(repoCall()), token);
      }
    });
  });

  it('reads the next page from a Link header', () => {
    expect(nextPage('<https://api.github.com/user/repos?page=3&per_page=100>; rel="next", <https://api.github.com/user/repos?page=9>; rel="last"')).toBe(3);
    expect(nextPage('<https://api.github.com/user/repos?page=1>; rel="prev"')).toBeNull();
    expect(nextPage(undefined)).toBeNull();
  });
});
