import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { type FakeGitHub, type RunningFakeGitHub } from '@orphelix/github/testing';
import request from 'supertest';
import { postgresTestDatabase, type TestDatabase } from '../persistence/testing/test-databases';
import { gitHubEnv, loginWithGitHub, fakeGitHubForLogin } from '../testing/github-login';
import { createTestApp } from '../testing/test-app';

/**
 * Two API replicas on one PostgreSQL, each with its own data folder and the same ORPHELIX_SECRET_KEY
 * (as the README says replicas must have): a login made through one is a session on the other, and
 * settings written through one are read through the other.
 */
describe('API replicas sharing one PostgreSQL', () => {
  let database: TestDatabase;
  let fake: FakeGitHub;
  let github: RunningFakeGitHub;
  const dirs: string[] = [];
  const apps: INestApplication[] = [];
  const secretKey = randomBytes(32).toString('base64');

  const replica = async (): Promise<INestApplication> => {
    const dataDir = mkdtempSync(join(tmpdir(), 'orx-replica-'));
    dirs.push(dataDir);
    const app = await createTestApp({ env: { ...gitHubEnv(github.baseUrl, dataDir), DATABASE_URL: database.env['DATABASE_URL'] ?? '', ORPHELIX_SECRET_KEY: secretKey } });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    database = await postgresTestDatabase();
    fake = fakeGitHubForLogin({ expiringTokens: true });
    github = await fake.start();
    fake.addUser({ login: 'octo-replica', name: 'Octo Replica' });
    fake.addRepo({ owner: 'octo-replica', name: 'deploy', files: { 'app.yaml': 'kind: ConfigMap\n' } });
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await github.close();
    await database.dispose();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('shares sessions, settings and GitHub tokens between replicas', async () => {
    const a = await replica();
    const b = await replica();
    const login = await loginWithGitHub(a);

    const me = await request(b.getHttpServer()).get('/api/auth/me').set('Cookie', `orx_session=${login.session}`).expect(200);
    expect(me.body).toMatchObject({ authenticated: true, user: { login: 'octo-replica' } });

    // A setting written through B, read through A.
    await login.as(request(b.getHttpServer()).post('/api/settings')).send({ theme: 'dark', github: { repo: { owner: 'octo-replica', name: 'deploy' } } }).expect(200);
    const read = await request(a.getHttpServer()).get('/api/settings').set('Cookie', `orx_session=${login.session}`).expect(200);
    expect(read.body).toMatchObject({ theme: 'dark', github: { repo: { owner: 'octo-replica', name: 'deploy' } } });

    // B decrypts the GitHub token A stored: the user's repositories through B.
    const repos = await request(b.getHttpServer()).get('/api/github/repos').set('Cookie', `orx_session=${login.session}`).expect(200);
    expect(repos.body.items.map((r: { fullName: string }) => r.fullName)).toContain('octo-replica/deploy');

    // Logging out through A ends the session on B too.
    await login.as(request(a.getHttpServer()).post('/api/auth/logout')).expect(200);
    const after = await request(b.getHttpServer()).get('/api/auth/me').set('Cookie', `orx_session=${login.session}`).expect(200);
    expect(after.body).toMatchObject({ authenticated: false });
  });
});
