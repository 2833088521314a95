import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError, loadConfig } from './app-config';

const KEY = Buffer.alloc(32, 7).toString('base64');

function issuesOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/orphelix');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((i) => i.variable);
  }
  throw new Error('loadConfig accepted an invalid environment');
}

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    expect(loadConfig({}, '/srv/orphelix')).toEqual({
      port: 3000,
      host: '127.0.0.1',
      mode: 'auto',
      kubeconfigPaths: [],
      serviceAccountDir: '/var/run/secrets/kubernetes.io/serviceaccount',
      logLevel: 'info',
      corsOrigins: [],
      webDist: resolve('/srv/orphelix', 'dist/apps/web/browser'),
      watchCache: true,
      dataDir: join(homedir(), '.orphelix'),
      databaseUrl: null,
      secretKey: null,
      auth: {
        github: null,
        publicUrl: null,
        admins: [],
        adminToken: null,
        required: false,
        sessionHours: 12,
        rateLimits: { perMinute: 1200, mutationsPerMinute: 60, loginsPerMinute: 20 },
      },
      ai: { provider: null, maxPromptChars: 48_000, hideNames: [] },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        ORPHELIX_MODE: 'demo',
        KUBECONFIG: '/a/config:/b/config',
        ORPHELIX_SERVICE_ACCOUNT_DIR: 'sa',
        LOG_LEVEL: 'debug',
        CORS_ORIGINS: 'http://localhost:4200, https://console.example.com',
        WEB_DIST: 'public',
        ORPHELIX_WATCH_CACHE: 'OFF',
        ORPHELIX_DATA_DIR: '/var/lib/orphelix',
        DATABASE_URL: 'postgres://orphelix:s3cret@db.example.com:5432/orphelix',
        ORPHELIX_SECRET_KEY: KEY,
        // Bound beyond loopback: only with a way to log in.
        ORPHELIX_ADMIN_TOKEN: 'an-admin-token-of-at-least-32-characters',
      },
      '/srv/orphelix',
    );
    expect(config.databaseUrl?.reveal()).toBe('postgres://orphelix:s3cret@db.example.com:5432/orphelix');
    expect(config.secretKey?.reveal()).toBe(KEY);
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      mode: 'demo',
      kubeconfigPaths: ['/a/config', '/b/config'],
      serviceAccountDir: '/srv/orphelix/sa',
      logLevel: 'debug',
      corsOrigins: ['http://localhost:4200', 'https://console.example.com'],
      webDist: '/srv/orphelix/public',
      watchCache: false,
      dataDir: '/var/lib/orphelix',
      databaseUrl: expect.anything(),
      secretKey: expect.anything(),
      auth: expect.objectContaining({ required: true, adminToken: expect.anything() }),
      ai: { provider: null, maxPromptChars: 48_000, hideNames: [] },
    });
  });

  it('resolves ORPHELIX_DATA_DIR against the home folder or the working directory', () => {
    expect(loadConfig({ ORPHELIX_DATA_DIR: '~/data' }, '/srv').dataDir).toBe(join(homedir(), 'data'));
    expect(loadConfig({ ORPHELIX_DATA_DIR: 'data' }, '/srv').dataDir).toBe('/srv/data');
  });

  it('accepts a base64url ORPHELIX_SECRET_KEY', () => {
    const key = Buffer.alloc(32, 0xfb).toString('base64url');
    expect(loadConfig({ ORPHELIX_SECRET_KEY: key }).secretKey?.reveal()).toBe(Buffer.alloc(32, 0xfb).toString('base64'));
  });

  it('never prints the database password or the secret key', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://u:hunter2@db/orphelix', ORPHELIX_SECRET_KEY: KEY });
    for (const text of [JSON.stringify(config), inspect(config), String(config.databaseUrl), `${config.secretKey}`]) {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain(KEY);
    }
  });

  it('does not echo a malformed DATABASE_URL, which may carry a password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres//u:hunter2@db' })).toThrow(/DATABASE_URL: /);
    expect(() => loadConfig({ DATABASE_URL: 'postgres//u:hunter2@db' })).not.toThrow(/hunter2/);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: '', ORPHELIX_MODE: '  ', CORS_ORIGINS: '' }, '/srv')).toMatchObject({
      port: 3000,
      mode: 'auto',
      corsOrigins: [],
    });
  });

  it('returns a frozen object', () => {
    const config = loadConfig({ CORS_ORIGINS: 'http://localhost:4200' }, '/srv');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.corsOrigins)).toBe(true);
  });

  it.each([
    ['PORT', '0'],
    ['PORT', '65536'],
    ['PORT', '80a'],
    ['PORT', '-1'],
    ['HOST', 'local host'],
    ['ORPHELIX_MODE', 'real'],
    ['LOG_LEVEL', 'verbose'],
    ['CORS_ORIGINS', '*'],
    ['CORS_ORIGINS', 'http://ok.example.com,https://bad.example.com/path'],
    ['CORS_ORIGINS', 'console.example.com'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://u:p@db/orphelix'],
    ['DATABASE_URL', 'postgres:///orphelix'],
    ['ORPHELIX_SECRET_KEY', 'too-short'],
    ['ORPHELIX_SECRET_KEY', 'not base64!'],
    ['ORPHELIX_SECRET_KEY', Buffer.alloc(16).toString('base64')],
  ])('rejects %s=%s and names the variable', (variable, value) => {
    expect(issuesOf({ [variable]: value })).toEqual([variable]);
    expect(() => loadConfig({ [variable]: value })).toThrow(`${variable}: `);
  });

  it('reports every bad variable at once', () => {
    expect(issuesOf({ PORT: 'x', LOG_LEVEL: 'loud' })).toEqual(['PORT', 'LOG_LEVEL']);
  });
});
