import type { INestApplication } from '@nestjs/common';
import { FakeGitHub } from '@orphelix/github/testing';
import request from 'supertest';

/** The value of `name` among a response's Set-Cookie headers. */
export function cookieOf(res: request.Response, name: string): string | undefined {
  const headers = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const found = headers.find((h) => h.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1).split(';')[0] ?? '') : undefined;
}

/** A browser session after a GitHub login: its cookies, and how to send them. */
export interface GitHubSession {
  session: string;
  csrf: string;
  /** The callback's response (302 with the cookies). */
  callback: request.Response;
  /** Sets the session cookie, the CSRF cookie and its `X-CSRF-Token` echo (what the console sends). */
  as(test: request.Test): request.Test;
}

/**
 * The whole OAuth dance through passport and a fake GitHub, as a browser does it: start, consent (the
 * fake's authorizing user), callback with the state cookie. The app must be configured with the fake's
 * `GITHUB_URL` and a `PUBLIC_URL` matching the fake's registered callback. `callbackOn`: another replica
 * that GitHub's redirect lands on.
 */
export async function loginWithGitHub(app: INestApplication, options: { callbackOn?: INestApplication } = {}): Promise<GitHubSession> {
  const start = await request(app.getHttpServer()).get('/api/auth/github').expect(302);
  const authorize = new URL(start.headers['location'] as string);
  const stateCookie = cookieOf(start, 'orx_oauth') ?? '';
  const consent = await fetch(authorize, { redirect: 'manual' });
  if (consent.status !== 302) throw new Error(`The fake GitHub answered the consent with ${consent.status}`);
  const back = new URL(consent.headers.get('location') ?? '');
  const callback = await request((options.callbackOn ?? app).getHttpServer())
    .get(`${back.pathname}${back.search}`)
    .set('Cookie', `orx_oauth=${encodeURIComponent(stateCookie)}`);
  const session = cookieOf(callback, 'orx_session');
  const csrf = cookieOf(callback, 'orx_csrf');
  if (callback.status !== 302 || !session || !csrf) {
    throw new Error(`The GitHub login failed: ${callback.status} ${String(callback.headers['location'])}`);
  }
  return {
    session,
    csrf,
    callback,
    as: (test) => test.set('Cookie', `orx_session=${session}; orx_csrf=${csrf}`).set('X-CSRF-Token', csrf),
  };
}

/** Where the fake GitHub's OAuth app sends the browser back to (the API itself is never listened on). */
export const TEST_PUBLIC_URL = 'http://127.0.0.1:9';
export const TEST_CLIENT_ID = 'orphelix-test';
export const TEST_CLIENT_SECRET = 'client-secret-value';

/** The environment of an API logging in against a fake GitHub Enterprise at `baseUrl`. */
export function gitHubEnv(baseUrl: string, dataDir: string): Record<string, string> {
  return {
    ORPHELIX_DATA_DIR: dataDir,
    GITHUB_CLIENT_ID: TEST_CLIENT_ID,
    GITHUB_CLIENT_SECRET: TEST_CLIENT_SECRET,
    GITHUB_URL: baseUrl,
    PUBLIC_URL: TEST_PUBLIC_URL,
  };
}

/** A fake GitHub Enterprise whose OAuth app is the one {@link gitHubEnv} configures. */
export function fakeGitHubForLogin(options: { expiringTokens?: boolean } = {}): FakeGitHub {
  return new FakeGitHub({
    flavor: 'enterprise',
    oauthApp: {
      clientId: TEST_CLIENT_ID,
      clientSecret: TEST_CLIENT_SECRET,
      callbackUrl: `${TEST_PUBLIC_URL}/api/auth/github/callback`,
      ...(options.expiringTokens ? { expiringTokens: true } : {}),
    },
  });
}
