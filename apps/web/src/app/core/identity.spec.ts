import { identityView, loginHref, takeLoginError, type Me } from './identity';

const me = (over: Partial<Me> = {}): Me => ({
  authenticated: false,
  user: { id: 'local', login: 'local', name: null, avatarUrl: null, kind: 'local', admin: true },
  authRequired: false,
  github: { configured: false, url: null },
  ...over,
});

describe('loginHref', () => {
  it('comes back to the path and query, encoded', () => {
    expect(loginHref('/pods?namespace=shop&q=a b')).toBe('/api/auth/github?returnTo=%2Fpods%3Fnamespace%3Dshop%26q%3Da%20b');
  });
  it('refuses anything but a path of this console', () => {
    expect(loginHref('//evil.example/x')).toBe('/api/auth/github?returnTo=%2F');
    expect(loginHref('https://evil.example/')).toBe('/api/auth/github?returnTo=%2F');
  });
});

describe('takeLoginError', () => {
  it('returns the reason and the URL without it', () => {
    expect(takeLoginError('/pods?loginError=GitHub%20said%20no&namespace=shop#top')).toEqual({
      error: 'GitHub said no',
      url: '/pods?namespace=shop#top',
    });
    expect(takeLoginError('/?loginError=')).toEqual({ error: 'The login failed', url: '/' });
  });
  it('is null without one', () => {
    expect(takeLoginError('/pods?namespace=shop')).toBeNull();
  });
});

describe('identityView', () => {
  it('waits for /api/auth/me, and carries on as the local user when it failed', () => {
    expect(identityView(null, false)).toEqual({ state: 'loading' });
    expect(identityView(null, true)).toEqual({ state: 'anonymous', githubLogin: false });
  });
  it('offers a GitHub login to the local user only when GitHub is configured', () => {
    expect(identityView(me(), false)).toEqual({ state: 'anonymous', githubLogin: false });
    expect(identityView(me({ github: { configured: true, url: 'https://github.com' } }), false)).toEqual({ state: 'anonymous', githubLogin: true });
  });
  it('is a login page when a login is required and nobody is logged in', () => {
    expect(identityView(me({ authRequired: true, user: null }), false)).toEqual({ state: 'login-required', githubLogin: false });
  });
  it('shows a GitHub user', () => {
    const user = { id: 'u1', login: 'octo', name: 'Octo Cat', avatarUrl: 'https://avatars/x', kind: 'github' as const, admin: false };
    expect(identityView(me({ authenticated: true, authRequired: true, user }), false)).toEqual({
      state: 'user',
      login: 'octo',
      name: 'Octo Cat',
      avatarUrl: 'https://avatars/x',
      kind: 'github',
    });
  });
});
