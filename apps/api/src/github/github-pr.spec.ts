import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { type FakeGitHub, type RunningFakeGitHub } from '@orphelix/github/testing';
import request from 'supertest';
import { gitHubEnv, type GitHubSession, loginWithGitHub, fakeGitHubForLogin } from '../testing/github-login';
import { createTestApp } from '../testing/test-app';

const TOKEN_LIKE = /gh[our]_[0-9a-f]{10,}/;
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 2\n';
const RESOURCE = { context: 'prod', kind: 'Deployment', namespace: 'shop', name: 'web' };
// Opening a pull request spaces its writes a second apart, as GitHub asks of integrations.
const PR_TIMEOUT_MS = 60_000;

describe('/api/github pull requests against a fake GitHub Enterprise', () => {
  let fake: FakeGitHub;
  let github: RunningFakeGitHub;
  let dataDir: string;
  let app: INestApplication;
  let octo: GitHubSession;
  const logLines: Record<string, unknown>[] = [];
  const answers: request.Response[] = [];
  const post = async (path: string, body: object) => {
    const res = await octo.as(request(app.getHttpServer()).post(path).send(body));
    answers.push(res);
    return res;
  };
  const get = async (path: string, query: Record<string, string | number> = {}) => {
    const res = await octo.as(request(app.getHttpServer()).get(path).query(query));
    answers.push(res);
    return res;
  };
  const sha = (path: string) => fake.fileSha('octo', 'deploy', 'trunk', path);
  const writes = () => fake.requests.filter((r) => r.origin === 'api' && r.method !== 'GET');

  beforeAll(async () => {
    fake = fakeGitHubForLogin();
    github = await fake.start();
    fake.addUser({ login: 'octo' });
    fake.addRepo({
      owner: 'octo',
      name: 'deploy',
      defaultBranch: 'trunk',
      files: { 'k8s/web/deployment.yaml': DEPLOYMENT, 'k8s/web/config.yaml': 'a: 1\n', 'charts/web/templates/d.yaml': '{{- if .Values.on }}\nx: 1\n{{- end }}\n' },
    });
    dataDir = mkdtempSync(join(tmpdir(), 'orx-github-pr-'));
    app = await createTestApp({ env: { ...gitHubEnv(github.baseUrl, dataDir), LOG_LEVEL: 'info' }, logLines });
    octo = await loginWithGitHub(app);
  });

  beforeEach(() => {
    fake.clearFaults();
    fake.clearRequests();
  });

  afterAll(async () => {
    await app?.close();
    await github?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'opens a multi-file pull request as exactly one commit on a new branch, remembers it on the resource, and reads its state',
    async () => {
      const base = fake.branchSha('octo', 'deploy', 'trunk');
      const res = await post('/api/github/create-multi-file-pr', {
        owner: 'octo',
        repo: 'deploy',
        title: 'Scale web',
        files: [
          { path: 'k8s/web/deployment.yaml', content: DEPLOYMENT.replace('replicas: 2', 'replicas: 3'), sha: sha('k8s/web/deployment.yaml') },
          { path: 'k8s/web/hpa.yaml', content: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n', sha: null },
        ],
        resource: RESOURCE,
      });
      expect(`${res.status} ${JSON.stringify(res.body)}`).toMatch(/^201 /);
      expect(res.body).toMatchObject({ number: 1, base: 'trunk', tracked: true });
      expect(res.body.branch).toMatch(/^orphelix\/deployment-web-[0-9a-f]{8}$/);
      expect(res.body.url).toBe(`${github.baseUrl}/octo/deploy/pull/1`);

      // One commit, on top of the default branch, holding both files, on the new branch; one pull request.
      expect(writes().filter((r) => r.path === '/repos/octo/deploy/git/commits')).toHaveLength(1);
      expect(fake.branchSha('octo', 'deploy', res.body.branch)).toBe(res.body.commitSha);
      expect(fake.commit('octo', 'deploy', res.body.commitSha)).toMatchObject({ parents: [base], message: 'Scale web' });
      expect(fake.changedPaths('octo', 'deploy', res.body.commitSha)).toEqual(['k8s/web/deployment.yaml', 'k8s/web/hpa.yaml']);
      expect(fake.branchSha('octo', 'deploy', 'trunk')).toBe(base);
      const [pull] = fake.pulls('octo', 'deploy');
      expect(pull).toMatchObject({ head: res.body.branch, base: 'trunk', title: 'Scale web', state: 'open' });
      expect(pull?.body).toContain('k8s/web/hpa.yaml');

      const settings = await get('/api/settings');
      expect(settings.body.pullRequests).toEqual([
        { resource: RESOURCE, owner: 'octo', repo: 'deploy', number: 1, url: res.body.url, openedAt: expect.any(String) },
      ]);

      const open = await get('/api/github/pulls/1', { owner: 'octo', repo: 'deploy' });
      expect(open.body).toMatchObject({ number: 1, state: 'open', title: 'Scale web' });
      fake.closePull('octo', 'deploy', 1, true);
      expect((await get('/api/github/pulls/1', { owner: 'octo', repo: 'deploy' })).body.state).toBe('merged');
      expect((await get('/api/github/pulls/99', { owner: 'octo', repo: 'deploy' })).status).toBe(404);
      expect((await get('/api/github/pulls/0', { owner: 'octo', repo: 'deploy' })).status).toBe(400);
    },
    PR_TIMEOUT_MS,
  );

  it(
    'opens a one-file pull request on the branch asked for, with a title naming the path; templated YAML is not parsed',
    async () => {
      const res = await post('/api/github/create-pr', {
        owner: 'octo',
        repo: 'deploy',
        branch: 'edit/chart',
        path: 'charts/web/templates/d.yaml',
        content: '{{- if .Values.on }}\nx: 2\n{{- end }}\n',
        sha: sha('charts/web/templates/d.yaml'),
      });
      expect(`${res.status} ${JSON.stringify(res.body)}`).toMatch(/^201 /);
      expect(res.body).toMatchObject({ branch: 'edit/chart', base: 'trunk', tracked: false });
      expect(fake.pulls('octo', 'deploy').find((p) => p.number === res.body.number)).toMatchObject({ title: 'Update charts/web/templates/d.yaml' });
      expect(fake.readFile('octo', 'deploy', 'edit/chart', 'charts/web/templates/d.yaml')).toContain('x: 2');
    },
    PR_TIMEOUT_MS,
  );

  it(
    'takes a manifest larger than the default 100 kB body limit',
    async () => {
      const big = `${DEPLOYMENT}${Array.from({ length: 6000 }, (_, i) => `# padding line ${i} ${'x'.repeat(40)}`).join('\n')}\n`;
      expect(big.length).toBeGreaterThan(300_000);
      const res = await post('/api/github/create-pr', {
        owner: 'octo',
        repo: 'deploy',
        path: 'k8s/web/deployment.yaml',
        content: big,
        sha: sha('k8s/web/deployment.yaml'),
      });
      expect(`${res.status} ${JSON.stringify(res.body).slice(0, 300)}`).toMatch(/^201 /);
      expect(fake.readFile('octo', 'deploy', res.body.branch as string, 'k8s/web/deployment.yaml')).toBe(big);
    },
    PR_TIMEOUT_MS,
  );

  it('refuses YAML that does not parse, naming the file, before GitHub is asked anything', async () => {
    const res = await post('/api/github/create-multi-file-pr', {
      owner: 'octo',
      repo: 'deploy',
      title: 'Broken',
      files: [
        { path: 'k8s/web/config.yaml', content: 'a: 2\n', sha: sha('k8s/web/config.yaml') },
        { path: 'k8s/web/deployment.yaml', content: 'a: [1, 2\nb: }', sha: sha('k8s/web/deployment.yaml') },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.details.fields).toEqual([{ field: 'body.files[1].content', message: expect.stringMatching(/^k8s\/web\/deployment\.yaml is not valid YAML: /) }]);
    expect(fake.requests.filter((r) => r.origin === 'api')).toEqual([]);
  });

  it('validates the body: branch names, path, file count, duplicate paths', async () => {
    const file = { path: 'k8s/x.yaml', content: 'a: 1\n', sha: null };
    const cases: [object, string][] = [
      [{ branch: 'bad name' }, 'body.branch'],
      [{ files: [{ ...file, path: '../x.yaml' }] }, 'body.files[0].path'],
      [{ files: [] }, 'body.files'],
      [{ files: Array.from({ length: 51 }, (_, i) => ({ ...file, path: `f${i}.yaml` })) }, 'body.files'],
      [{ files: [file, file] }, 'body.files[1].path'],
      [{ files: [{ ...file, sha: 'abc' }] }, 'body.files[0].sha'],
    ];
    for (const [change, field] of cases) {
      const res = await post('/api/github/create-multi-file-pr', { owner: 'octo', repo: 'deploy', title: 't', files: [file], ...change });
      expect(`${res.status} ${JSON.stringify(res.body.details?.fields)}`).toContain(`400 [{"field":"${field}"`);
    }
    expect(writes()).toEqual([]);
  });

  it(
    'answers 409 naming the path when a file changed since it was read, and creates no branch',
    async () => {
      const before = fake.branches('octo', 'deploy');
      const stale = sha('k8s/web/config.yaml');
      fake.push('octo', 'deploy', 'trunk', { 'k8s/web/config.yaml': 'a: 5\n' }, 'Someone else');
      const res = await post('/api/github/create-pr', { owner: 'octo', repo: 'deploy', path: 'k8s/web/config.yaml', content: 'a: 6\n', sha: stale, resource: RESOURCE });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'CONFLICT', details: { path: 'k8s/web/config.yaml' } });
      expect(res.body.error).toContain('k8s/web/config.yaml');
      expect(fake.branches('octo', 'deploy')).toEqual(before);
      expect(writes()).toEqual([]);
      // Not remembered: only the first test's pull request is in the settings.
      expect((await get('/api/settings')).body.pullRequests).toHaveLength(1);
    },
    PR_TIMEOUT_MS,
  );

  it(
    'answers in our envelope when a later step fails (GitHub refuses the pull request) and leaves no branch behind',
    async () => {
      const before = fake.branches('octo', 'deploy');
      fake.setFault({ method: 'POST', path: '/repos/octo/deploy/pulls', status: 422, message: 'Validation Failed', errors: [{ message: 'No commits between trunk and x' }] });
      const res = await post('/api/github/create-pr', {
        owner: 'octo',
        repo: 'deploy',
        path: 'k8s/web/config.yaml',
        content: 'a: 7\n',
        sha: sha('k8s/web/config.yaml'),
      });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'UNPROCESSABLE', details: { branchDeleted: true }, requestId: expect.any(String) });
      expect(writes().some((r) => r.method === 'POST' && r.path === '/repos/octo/deploy/git/refs')).toBe(true);
      expect(fake.branches('octo', 'deploy')).toEqual(before);
    },
    PR_TIMEOUT_MS,
  );

  it('never lets the OAuth token out', () => {
    expect(answers.length).toBeGreaterThan(5);
    for (const res of [octo.callback, ...answers]) {
      expect(JSON.stringify(res.headers)).not.toMatch(TOKEN_LIKE);
      expect(res.text ?? '').not.toMatch(TOKEN_LIKE);
    }
    expect(JSON.stringify(logLines)).not.toMatch(TOKEN_LIKE);
  });
});
