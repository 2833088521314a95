import { client } from '../api/generated/client.gen';
import { configureApiClient, readCookie } from './api';

describe('readCookie', () => {
  it('finds a cookie by name and decodes it', () => {
    expect(readCookie('orx_csrf', 'a=1; orx_csrf=abc%2Fdef; b=2')).toBe('abc/def');
    expect(readCookie('orx_csrf', 'orx_csrf_old=1')).toBeNull();
    expect(readCookie('orx_csrf', '')).toBeNull();
  });
});

describe('the API client', () => {
  it('echoes the CSRF cookie on state-changing requests only', async () => {
    document.cookie = 'orx_csrf=token-123; path=/';
    const seen: { method: string; csrf: string | null }[] = [];
    configureApiClient('http://api.test');
    const fetch = async (input: RequestInfo | URL): Promise<Response> => {
      const request = input as Request;
      seen.push({ method: request.method, csrf: request.headers.get('X-CSRF-Token') });
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    await client.get({ url: '/api/auth/me', fetch });
    await client.post({ url: '/api/deployments/web/restart', fetch });
    expect(seen).toEqual([
      { method: 'GET', csrf: null },
      { method: 'POST', csrf: 'token-123' },
    ]);
  });
});
