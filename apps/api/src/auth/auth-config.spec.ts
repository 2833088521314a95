import { type AuthSettings, isLoopbackHost, parseAuthSettings } from './auth-config';

function parse(env: Record<string, string>, host = '127.0.0.1'): { settings: AuthSettings; issues: string[] } {
  const issues: string[] = [];
  const settings = parseAuthSettings((n) => env[n], host, (variable, message) => issues.push(`${variable}: ${message}`));
  return { settings, issues };
}

describe('auth settings', () => {
  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.8.9.1', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'].map(isLoopbackHost)).toEqual([true, true, true, true, true, true]);
    expect(['0.0.0.0', '::', '10.0.0.5', 'example.com', '128.0.0.1'].map(isLoopbackHost)).toEqual([false, false, false, false, false]);
  });

  it('leaves a loopback API open without any login, as the seed documents', () => {
    const { settings, issues } = parse({});
    expect(issues).toEqual([]);
    expect(settings).toMatchObject({ github: null, required: false, adminToken: null, admins: [], sessionHours: 12, rateLimits: { perMinute: 1200, mutationsPerMinute: 60 } });
  });

  it('refuses to bind beyond loopback without a way to log in, naming what to set', () => {
    const { issues } = parse({}, '0.0.0.0');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^HOST: 0\.0\.0\.0 lets other machines reach .*\(GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET, or ORPHELIX_ADMIN_TOKEN .*bind to 127\.0\.0\.1$/);
  });

  it('requires auth beyond loopback, or when ORPHELIX_AUTH=required', () => {
    const token = 'x'.repeat(40);
    expect(parse({ ORPHELIX_ADMIN_TOKEN: token }, '0.0.0.0').settings.required).toBe(true);
    expect(parse({ ORPHELIX_AUTH: 'required', ORPHELIX_ADMIN_TOKEN: token }).settings.required).toBe(true);
    expect(parse({ ORPHELIX_AUTH: 'sometimes' }).issues).toEqual(['ORPHELIX_AUTH: must be auto or required, got "sometimes"']);
  });

  it('derives the API URL for github.com and for Enterprise, and the default scopes', () => {
    const com = parse({ GITHUB_CLIENT_ID: 'id', GITHUB_CLIENT_SECRET: 'secret' }).settings.github;
    expect(com).toMatchObject({ webUrl: 'https://github.com', apiUrl: 'https://api.github.com', scopes: ['read:user', 'repo'] });
    expect(String(com?.clientSecret)).toBe('[redacted]');
    const ghe = parse({ GITHUB_CLIENT_ID: 'id', GITHUB_CLIENT_SECRET: 's', GITHUB_URL: 'https://git.example.com/', GITHUB_SCOPES: 'read:user public_repo' }).settings.github;
    expect(ghe).toMatchObject({ webUrl: 'https://git.example.com', apiUrl: 'https://git.example.com/api/v3', scopes: ['read:user', 'public_repo'] });
  });

  it('names each malformed variable', () => {
    const { issues } = parse({
      GITHUB_CLIENT_ID: 'id',
      GITHUB_URL: 'ftp://x',
      PUBLIC_URL: 'https://me:pw@console.example',
      ORPHELIX_ADMIN_TOKEN: 'short',
      ORPHELIX_SESSION_HOURS: '0',
      GITHUB_SCOPES: 'repo;drop',
    });
    expect(issues.map((i) => i.split(':')[0])).toEqual(['GITHUB_CLIENT_SECRET', 'GITHUB_URL', 'GITHUB_SCOPES', 'PUBLIC_URL', 'ORPHELIX_ADMIN_TOKEN', 'ORPHELIX_SESSION_HOURS']);
  });

  it('asks for PUBLIC_URL when GitHub login is served beyond loopback', () => {
    const { issues } = parse({ GITHUB_CLIENT_ID: 'id', GITHUB_CLIENT_SECRET: 's' }, '0.0.0.0');
    expect(issues).toEqual([expect.stringMatching(/^PUBLIC_URL: must be set/)]);
    expect(parse({ GITHUB_CLIENT_ID: 'id', GITHUB_CLIENT_SECRET: 's', PUBLIC_URL: 'https://console.example' }, '0.0.0.0').issues).toEqual([]);
  });

  it('reads the rate limits, 0 turning them off', () => {
    expect(parse({ ORPHELIX_RATE_LIMIT: '0', ORPHELIX_RATE_LIMIT_MUTATIONS: '5' }).settings.rateLimits).toEqual({ perMinute: 0, mutationsPerMinute: 5, loginsPerMinute: 20 });
    expect(parse({ ORPHELIX_RATE_LIMIT: 'lots' }).issues).toEqual([expect.stringMatching(/^ORPHELIX_RATE_LIMIT: must be a whole number/)]);
  });

  it('keeps admin logins case-insensitively', () => {
    expect(parse({ ORPHELIX_ADMINS: 'Alice, bob' }).settings.admins).toEqual(['alice', 'bob']);
  });
});
