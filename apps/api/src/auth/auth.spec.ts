import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { FakeGitHub, type RunningFakeGitHub } from '@orphelix/github/testing';
import request from 'supertest';
import { createTestApp } from '../testing/test-app';

const PUBLIC_URL = 'http://127.0.0.1:9';
const ADMIN_TOKEN = 'admin-token-for-tests-0123456789abcdef';

/** The value of `name` among a response's Set-Cookie headers. */
function cookieOf(res: request.Response, name: string): string | undefined {
  const headers = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const found = headers.find((h) => h.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1).split(';')[0] ?? '') : undefined;
}

describe('identity: GitHub login, sessions, CSRF, tokens, audit, rate limits', () => {
  let dataDir: string;
  let fake: FakeGitHub;
  let github: RunningFakeGitHub;
  const logLines: Record<string, unknown>[] = [];
  const apps: INestApplication[] = [];

  const boot = async (env: Record<string, string> = {}): Promise<INestApplication> => {
    const app = await createTestApp({
      env: {
        ORPHELIX_DATA_DIR: dataDir,
        GITHUB_CLIENT_ID: 'orphelix-test',
        GITHUB_CLIENT_SECRET: 'client-secret-value',
        GITHUB_URL: github.baseUrl,
        PUBLIC_URL,
        ORPHELIX_ADMINS: 'octo-admin',
        LOG_LEVEL: 'info',
        ...env,
      },
      logLines,
    });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    fake = new FakeGitHub({
      flavor: 'enterprise',
      oauthApp: { clientId: 'orphelix-test', clientSecret: 'client-secret-value', callbackUrl: `${PUBLIC_URL}/api/auth/github/callback`, expiringTokens: true },
    });
    github = await fake.start();
    fake.addUser({ login: 'octo-admin', name: 'Octo Admin' });
  });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'orx-auth-'));
  });

  afterEach(async () => {
    while (apps.length > 0) await apps.pop()?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  afterAll(async () => {
    await github.close();
  });

  /** The whole OAuth dance through passport and the fake GitHub; answers the callback's response. */
  async function login(app: INestApplication, returnTo = '/deployments?namespace=shop'): Promise<request.Response> {
    const start = await request(app.getHttpServer()).get('/api/auth/github').query({ returnTo }).expect(302);
    const authorize = new URL(start.headers['location'] as string);
    expect(authorize.origin + authorize.pathname).toBe(`${github.baseUrl}/login/oauth/authorize`);
    expect(authorize.searchParams.get('scope')).toBe('read:user,repo');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/api/auth/github/callback`);
    const stateCookie = cookieOf(start, 'orx_oauth');
    expect(stateCookie).toBeDefined();
    const consent = await fetch(authorize, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location') ?? '');
    expect(back.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    return request(app.getHttpServer())
      .get(`${back.pathname}${back.search}`)
      .set('Cookie', `orx_oauth=${encodeURIComponent(stateCookie ?? '')}`);
  }

  it('logs in through GitHub: a session, the CSRF cookie, the way back, and /me says who', async () => {
    const app = await boot();
    const callback = await login(app);
    expect(callback.status).toBe(302);
    expect(callback.headers['location']).toBe('/deployments?namespace=shop');
    const session = cookieOf(callback, 'orx_session');
    const csrf = cookieOf(callback, 'orx_csrf');
    expect(session).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(csrf).toBeDefined();
    const sessionHeader = ([] as string[]).concat(callback.headers['set-cookie'] ?? []).find((h) => h.startsWith('orx_session='));
    expect(sessionHeader).toMatch(/HttpOnly/);
    expect(sessionHeader).toMatch(/SameSite=Lax/);

    const me = await request(app.getHttpServer()).get('/api/auth/me').set('Cookie', `orx_session=${session}`).expect(200);
    expect(me.body).toMatchObject({
      authenticated: true,
      user: { login: 'octo-admin', name: 'Octo Admin', kind: 'github', admin: true },
      authRequired: false,
      github: { configured: true, url: github.baseUrl },
    });

    // The OAuth tokens stay on the server: not in any answer, not in the log.
    const tokenLike = /gh[our]_[0-9a-f]{10,}/;
    for (const res of [callback, me]) {
      expect(JSON.stringify(res.headers)).not.toMatch(tokenLike);
      expect(JSON.stringify(res.body ?? {})).not.toMatch(tokenLike);
    }
    expect(JSON.stringify(logLines)).not.toMatch(tokenLike);
    expect(JSON.stringify(logLines)).not.toContain('client-secret-value');

    // Logout needs the CSRF proof, then the session is gone.
    await request(app.getHttpServer()).post('/api/auth/logout').set('Cookie', `orx_session=${session}`).expect(403);
    const out = await request(app.getHttpServer())
      .post('/api/auth/logout')
      .set('Cookie', `orx_session=${session}; orx_csrf=${csrf}`)
      .set('X-CSRF-Token', csrf ?? '');
    expect(`${out.status} ${JSON.stringify(out.body)}`).toMatch(/^200 /);
    const after = await request(app.getHttpServer()).get('/api/auth/me').set('Cookie', `orx_session=${session}`).expect(200);
    expect(after.body).toMatchObject({ authenticated: false, user: { kind: 'local' } });
  });

  it('refuses a callback whose state this browser did not start, and a reused code', async () => {
    const app = await boot();
    const start = await request(app.getHttpServer()).get('/api/auth/github').expect(302);
    const consent = await fetch(start.headers['location'] as string, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location') ?? '');
    // Another browser (no state cookie, or another login's cookie) brings this code back.
    const other = await request(app.getHttpServer()).get('/api/auth/github').expect(302);
    const forged = await request(app.getHttpServer())
      .get(`${back.pathname}${back.search}`)
      .set('Cookie', `orx_oauth=${encodeURIComponent(cookieOf(other, 'orx_oauth') ?? '')}`)
      .expect(302);
    expect(forged.headers['location']).toMatch(/^\/\?loginError=/);
    expect(cookieOf(forged, 'orx_session')).toBeUndefined();
    const none = await request(app.getHttpServer()).get(`${back.pathname}${back.search}`).expect(302);
    expect(new URL(none.headers['location'] as string, 'http://x').searchParams.get('loginError')).toContain('did not start a login');
  });

  it('keeps the return path on this origin', async () => {
    const app = await boot();
    const callback = await login(app, 'https://evil.example/steal');
    expect(callback.headers['location']).toBe('/');
  });

  it('requires a login on every protected route when auth is required; bearer tokens work without CSRF', async () => {
    const app = await boot({ ORPHELIX_AUTH: 'required', ORPHELIX_ADMIN_TOKEN: ADMIN_TOKEN });
    // Probes answer without a login, or Kubernetes would restart a healthy API.
    await request(app.getHttpServer()).get('/healthz').expect(200);
    await request(app.getHttpServer()).get('/readyz').expect(200);
    const anonymous = await request(app.getHttpServer()).get('/api/settings').expect(401);
    expect(anonymous.body).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'login-required' } });
    await request(app.getHttpServer()).get('/api/auth/me').expect(200);
    const wrong = await request(app.getHttpServer()).get('/api/settings').set('Authorization', 'Bearer orx_not-a-real-token').expect(401);
    expect(wrong.body.details).toMatchObject({ reason: 'invalid-token' });

    // The admin token creates an API token; it is shown once, then works as a bearer token.
    const created = await request(app.getHttpServer())
      .post('/api/auth/tokens')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ name: 'ci-bot' });
    expect(`${created.status} ${JSON.stringify(created.body)}`).toMatch(/^201 /);
    expect(created.body.token).toMatch(/^orx_/);
    const token = created.body.token as string;
    const listed = await request(app.getHttpServer()).get('/api/auth/tokens').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    const me = await request(app.getHttpServer()).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body.user).toMatchObject({ login: 'ci-bot', kind: 'token', admin: false });
    await request(app.getHttpServer()).get('/api/settings').set('Authorization', `Bearer ${token}`).expect(200);
    // Not an admin: may not read the audit log or mint tokens.
    await request(app.getHttpServer()).get('/api/audit').set('Authorization', `Bearer ${token}`).expect(403);

    await request(app.getHttpServer()).delete(`/api/auth/tokens/${created.body.id as string}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
    await request(app.getHttpServer()).get('/api/settings').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('refuses a cross-site or token-less state-changing request, and audits what it refuses and what it does', async () => {
    const app = await boot();
    const first = await request(app.getHttpServer()).get('/api/auth/me').expect(200);
    const csrf = cookieOf(first, 'orx_csrf');
    expect(csrf).toBeDefined();
    const body = { theme: 'dark' };
    const missing = await request(app.getHttpServer()).post('/api/settings').set('Cookie', `orx_csrf=${csrf}`).send(body).expect(403);
    expect(missing.body).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'csrf' } });
    await request(app.getHttpServer())
      .post('/api/settings')
      .set('Cookie', `orx_csrf=${csrf}`)
      .set('X-CSRF-Token', csrf ?? '')
      .set('Origin', 'https://evil.example')
      .send(body)
      .expect(403);
    await request(app.getHttpServer())
      .post('/api/settings')
      .set('Cookie', `orx_csrf=${csrf}`)
      .set('X-CSRF-Token', csrf ?? '')
      .set('Origin', 'http://127.0.0.1:9')
      .send(body)
      .expect(200);

    const audit = await request(app.getHttpServer()).get('/api/audit').expect(200);
    const entries = audit.body.items as { actor: string; action: string; result: string; details: Record<string, unknown> }[];
    expect(entries.filter((e) => e.action === 'request.refused' && e.result === 'denied')).toHaveLength(2);
    expect(entries.find((e) => e.result === 'success' && e.action.includes('settings'))).toMatchObject({ actor: 'local' });
  });

  it('answers 429 RATE_LIMITED with Retry-After past the mutation budget', async () => {
    const app = await boot({ ORPHELIX_RATE_LIMIT_MUTATIONS: '2' });
    const first = await request(app.getHttpServer()).get('/api/auth/me').expect(200);
    const csrf = cookieOf(first, 'orx_csrf') ?? '';
    const post = () => request(app.getHttpServer()).post('/api/settings').set('Cookie', `orx_csrf=${csrf}`).set('X-CSRF-Token', csrf).send({ liveUpdates: true });
    await post().expect(200);
    await post().expect(200);
    const limited = await post().expect(429);
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits the login routes per address more tightly than the rest', async () => {
    const app = await boot({ ORPHELIX_RATE_LIMIT_LOGINS: '2' });
    await request(app.getHttpServer()).get('/api/auth/github').expect(302);
    await request(app.getHttpServer()).get('/api/auth/github/callback').query({ code: 'x', state: 'y' });
    const limited = await request(app.getHttpServer()).get('/api/auth/github').expect(429);
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Other routes keep their own, larger budget.
    for (let i = 0; i < 5; i++) await request(app.getHttpServer()).get('/api/auth/me').expect(200);
  });

  it('counts one budget per caller across all routes', async () => {
    const app = await boot({ ORPHELIX_RATE_LIMIT: '3' });
    await request(app.getHttpServer()).get('/api/auth/me').expect(200);
    await request(app.getHttpServer()).get('/api/settings').expect(200);
    await request(app.getHttpServer()).get('/api/auth/me').expect(200);
    const limited = await request(app.getHttpServer()).get('/api/settings').expect(429);
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED' });
  });
});
