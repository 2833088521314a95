import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { FakeGitHub, type RunningFakeGitHub } from '@orphelix/github/testing';
import request from 'supertest';
import { gitHubEnv, type GitHubSession, loginWithGitHub, TEST_CLIENT_ID, TEST_CLIENT_SECRET, TEST_PUBLIC_URL } from '../testing/github-login';
import { createTestApp } from '../testing/test-app';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789abcdef';
const TOKEN_LIKE = /gh[our]_[0-9a-f]{10,}/;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
`;

const FILES = {
  'README.md': '# deploy\n',
  'k8s/web/deployment.yaml': DEPLOYMENT,
  'k8s/web/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n',
  'k8s/api/deployment.yaml': DEPLOYMENT.replace('name: web', 'name: api'),
};

function oauthApp(extra: Record<string, unknown> = {}) {
  return { clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET, callbackUrl: `${TEST_PUBLIC_URL}/api/auth/github/callback`, expiringTokens: true, ...extra };
}

describe('/api/github against a fake GitHub Enterprise', () => {
  let fake: FakeGitHub;
  let github: RunningFakeGitHub;
  let dataDir: string;
  let app: INestApplication;
  let octo: GitHubSession;
  const logLines: Record<string, unknown>[] = [];
  /** Every answer of this suite, to check that no token ever leaves the server. */
  const answers: request.Response[] = [];
  const seen = (res: request.Response): request.Response => {
    answers.push(res);
    return res;
  };
  const get = (path: string, query: Record<string, string | number | boolean> = {}) =>
    octo.as(request(app.getHttpServer()).get(path).query(query)).then(seen);
  const post = (path: string, body: object) => octo.as(request(app.getHttpServer()).post(path).send(body)).then(seen);

  beforeAll(async () => {
    fake = new FakeGitHub({ flavor: 'enterprise', oauthApp: oauthApp() });
    github = await fake.start();
    fake.addUser({ login: 'octo', name: 'Octo' });
    fake.addRepo({ owner: 'octo', name: 'deploy', defaultBranch: 'trunk', files: FILES, branches: ['staging'] });
    fake.addRepo({ owner: 'octo', name: 'other', files: { 'a.txt': 'a\n' } });
    dataDir = mkdtempSync(join(tmpdir(), 'orx-github-'));
    app = await createTestApp({
      env: { ...gitHubEnv(github.baseUrl, dataDir), ORPHELIX_ADMINS: 'octo', ORPHELIX_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'info' },
      logLines,
    });
    octo = await loginWithGitHub(app);
    answers.push(octo.callback);
  });

  afterEach(() => fake.clearFaults());

  afterAll(async () => {
    await app?.close();
    await github?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses callers that did not log in with GitHub: nobody, an API token', async () => {
    const anonymous = seen(await request(app.getHttpServer()).get('/api/github/repos').expect(401));
    expect(anonymous.body).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'github-login-required' } });
    expect(anonymous.body.error).toMatch(/log in with GitHub/i);
    const token = seen(await request(app.getHttpServer()).get('/api/github/repos').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(401));
    expect(token.body).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'github-login-required' } });
    // A mutation too, before its body is even looked at.
    seen(await request(app.getHttpServer()).post('/api/github/create-pr').set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({}).expect(401));
  });

  it('lists repositories a page at a time', async () => {
    const first = await get('/api/github/repos', { perPage: 1 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, nextPage: 2 });
    expect(first.body.items).toHaveLength(1);
    const second = await get('/api/github/repos', { perPage: 1, page: 2 });
    expect(second.body).toMatchObject({ page: 2, nextPage: null });
    const names = [...first.body.items, ...second.body.items].map((repo: { fullName: string }) => repo.fullName).sort();
    expect(names).toEqual(['octo/deploy', 'octo/other']);
    expect(first.body.items.concat(second.body.items).find((r: { name: string }) => r.name === 'deploy')).toMatchObject({ defaultBranch: 'trunk' });
    expect((await get('/api/github/repos', { perPage: 101 })).status).toBe(400);
  });

  it('lists branches and creates one (a second time is a 409), audited by name', async () => {
    const branches = await get('/api/github/branches', { owner: 'octo', repo: 'deploy' });
    expect(branches.status).toBe(200);
    expect(branches.body.items.map((b: { name: string }) => b.name)).toEqual(['staging', 'trunk']);

    const created = await post('/api/github/branches', { owner: 'octo', repo: 'deploy', name: 'feature/x' });
    expect(`${created.status} ${JSON.stringify(created.body)}`).toMatch(/^201 /);
    expect(created.body).toMatchObject({ name: 'feature/x', sha: fake.branchSha('octo', 'deploy', 'trunk') });
    expect(fake.branches('octo', 'deploy')).toContain('feature/x');
    const again = await post('/api/github/branches', { owner: 'octo', repo: 'deploy', name: 'feature/x' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');
    expect((await post('/api/github/branches', { owner: 'octo', repo: 'deploy', name: 'bad..name' })).status).toBe(400);

    const audit = await get('/api/audit', { action: 'github.branch.create' });
    expect(audit.body.items.map((e: { result: string }) => e.result).sort()).toEqual(['failure', 'failure', 'success']); // the 409 and the 400
  });

  it('lists a folder at the default branch (not main), one level or recursively', async () => {
    const root = await get('/api/github/tree', { owner: 'octo', repo: 'deploy' });
    expect(root.status).toBe(200);
    expect(root.body).toMatchObject({ ref: 'trunk', path: '', truncated: false });
    expect(root.body.entries.map((e: { path: string }) => e.path).sort()).toEqual(['README.md', 'k8s']);
    const deep = await get('/api/github/tree', { owner: 'octo', repo: 'deploy', path: 'k8s', recursive: true });
    expect(deep.body.entries.filter((e: { type: string }) => e.type === 'file').map((e: { path: string }) => e.path).sort()).toEqual([
      'k8s/api/deployment.yaml',
      'k8s/web/deployment.yaml',
      'k8s/web/service.yaml',
    ]);
  });

  it('reads a file with its blob SHA and ref; refuses paths that climb out or start at /', async () => {
    const file = await get('/api/github/file', { owner: 'octo', repo: 'deploy', path: 'k8s/web/deployment.yaml' });
    expect(file.status).toBe(200);
    expect(file.body).toEqual({
      path: 'k8s/web/deployment.yaml',
      content: DEPLOYMENT,
      sha: fake.fileSha('octo', 'deploy', 'trunk', 'k8s/web/deployment.yaml'),
      size: Buffer.byteLength(DEPLOYMENT),
      ref: 'trunk',
    });
    const staging = await get('/api/github/file', { owner: 'octo', repo: 'deploy', path: 'README.md', ref: 'staging' });
    expect(staging.body.ref).toBe('staging');
    for (const path of ['../secrets', 'k8s/../../x', '/etc/passwd', 'a'.repeat(1025)]) {
      const bad = await get('/api/github/file', { owner: 'octo', repo: 'deploy', path });
      expect(bad.status).toBe(400);
      expect(bad.body.details.fields[0].field).toBe('path');
    }
    const badOwner = await get('/api/github/file', { owner: '-octo', repo: 'deploy', path: 'README.md' });
    expect(badOwner.body.details.fields[0].field).toBe('owner');
  });

  it("maps GitHub's failures: 404 stays 404, rate limits are 429 with Retry-After, a 500 is a 502", async () => {
    const missing = await get('/api/github/file', { owner: 'octo', repo: 'nope', path: 'a.yaml', ref: 'trunk' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');

    fake.setFault({ method: 'GET', path: '/user/repos', status: 403, rateLimit: 'primary' });
    const limited = await get('/api/github/repos');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.details.retryAfterSeconds).toBe(Number(limited.headers['retry-after']));

    // The adapter retries a 5xx twice before giving up.
    fake.setFault({ method: 'GET', path: '/repos/octo/deploy/branches', status: 500, times: 3 });
    const down = await get('/api/github/branches', { owner: 'octo', repo: 'deploy' });
    expect(down.status).toBe(502);
    expect(down.body).toMatchObject({ code: 'UPSTREAM_ERROR' });
  }, 30_000);

  it("finds a deployment's manifest in the repository", async () => {
    const found = await post('/api/github/match-file', {
      owner: 'octo',
      repo: 'deploy',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } } },
    });
    expect(`${found.status} ${JSON.stringify(found.body).slice(0, 300)}`).toMatch(/^200 /);
    expect(found.body).toMatchObject({ ref: 'trunk', treeTruncated: false, truncated: false });
    expect(found.body.candidates[0]).toMatchObject({ path: 'k8s/web/deployment.yaml', via: 'content' });
    expect(found.body.candidates[0].score).toBeGreaterThanOrEqual(0.85);
    expect(found.body.candidates[0].reasons.length).toBeGreaterThan(0);
    expect(found.body.candidates.map((c: { path: string }) => c.path)).not.toContain('k8s/api/deployment.yaml');

    const invalid = await post('/api/github/match-file', { owner: 'octo', repo: 'deploy', object: { apiVersion: 'v1', kind: 'Pod', metadata: {} } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.details.fields[0].field).toBe('body.object.metadata.name');
  });

  it('says when GitHub cut the file list short', async () => {
    const small = new FakeGitHub({ flavor: 'enterprise', oauthApp: oauthApp(), maxTreeEntries: 2 });
    const running = await small.start();
    const dir = mkdtempSync(join(tmpdir(), 'orx-github-'));
    try {
      small.addUser({ login: 'octo' });
      small.addRepo({ owner: 'octo', name: 'deploy', files: FILES });
      const other = await createTestApp({ env: gitHubEnv(running.baseUrl, dir) });
      try {
        const login = await loginWithGitHub(other);
        const res = await login.as(request(other.getHttpServer()).post('/api/github/match-file')).send({
          owner: 'octo',
          repo: 'deploy',
          object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } },
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ treeTruncated: true, truncated: true });
        expect(res.body.notes.join(' ')).toMatch(/only part of the repository/);
      } finally {
        await other.close();
      }
    } finally {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never lets the OAuth token out: not in an answer, a header or a log line', () => {
    expect(answers.length).toBeGreaterThan(20);
    for (const res of answers) {
      expect(JSON.stringify(res.headers)).not.toMatch(TOKEN_LIKE);
      expect(res.text ?? '').not.toMatch(TOKEN_LIKE);
    }
    expect(logLines.length).toBeGreaterThan(0);
    expect(JSON.stringify(logLines)).not.toMatch(TOKEN_LIKE);
    expect(JSON.stringify(logLines)).not.toContain(TEST_CLIENT_SECRET);
  });
});

describe('/api/github without GitHub configured', () => {
  it('answers 404 saying so on every route', async () => {
    const app = await createTestApp();
    try {
      for (const [method, path] of [
        ['get', '/api/github/repos'],
        ['get', '/api/github/tree?owner=a&repo=b'],
        ['get', '/api/github/pulls/1?owner=a&repo=b'],
        ['post', '/api/github/create-multi-file-pr'],
        ['post', '/api/github/match-file'],
      ] as const) {
        const res = await request(app.getHttpServer())[method](path).set('Cookie', 'orx_csrf=t').set('X-CSRF-Token', 't').send({});
        expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 404`);
        expect(res.body).toMatchObject({ code: 'NOT_FOUND', details: { reason: 'github-not-configured' } });
        expect(res.body.error).toMatch(/GitHub is not configured/);
      }
    } finally {
      await app.close();
    }
  });
});

describe('/api/github token refresh', () => {
  it('refreshes an access token about to expire, saves the new one, and asks for a new login when the refresh fails', async () => {
    // Access tokens live 30 s (inside the 60 s margin), refresh tokens 100 s.
    const fake = new FakeGitHub({ flavor: 'enterprise', oauthApp: oauthApp({ accessTokenTtlSeconds: 30, refreshTokenTtlSeconds: 100 }) });
    const running = await fake.start();
    const dir = mkdtempSync(join(tmpdir(), 'orx-github-'));
    const logLines: Record<string, unknown>[] = [];
    const app = await createTestApp({ env: { ...gitHubEnv(running.baseUrl, dir), LOG_LEVEL: 'info' }, logLines });
    try {
      fake.addUser({ login: 'octo' });
      fake.addRepo({ owner: 'octo', name: 'deploy', files: { 'a.yaml': 'a: 1\n' } });
      const login = await loginWithGitHub(app);
      const exchanges = () => fake.requests.filter((r) => r.origin === 'web' && r.path === '/login/oauth/access_token').length;
      expect(exchanges()).toBe(1);

      // GitHub's clock passes the login token's expiry: only a refreshed token still works.
      fake.advanceClock(31);
      const repos = await login.as(request(app.getHttpServer()).get('/api/github/repos'));
      expect(`${repos.status} ${JSON.stringify(repos.body)}`).toMatch(/^200 /);
      expect(exchanges()).toBe(2);
      // Two requests at once share one refresh (GitHub accepts a refresh token once).
      fake.advanceClock(31);
      const both = await Promise.all([0, 1].map(() => login.as(request(app.getHttpServer()).get('/api/github/repos'))));
      expect(both.map((r) => r.status)).toEqual([200, 200]);
      expect(exchanges()).toBe(3);

      // The refresh token expires too: the user must log in again.
      fake.advanceClock(101);
      const expired = await login.as(request(app.getHttpServer()).get('/api/github/repos'));
      expect(expired.status).toBe(401);
      expect(expired.body).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'github-refresh-failed' } });
      expect(expired.body.error).toMatch(/log in with GitHub again/);
      for (const res of [repos, ...both, expired]) expect(JSON.stringify([res.headers, res.body])).not.toMatch(TOKEN_LIKE);
      expect(JSON.stringify(logLines)).not.toMatch(TOKEN_LIKE);
    } finally {
      await app.close();
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
