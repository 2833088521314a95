import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

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
      logLevel: 'info',
      corsOrigins: [],
      webDist: resolve('/srv/orphelix', 'dist/apps/web/browser'),
      watchCache: true,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        ORPHELIX_MODE: 'demo',
        KUBECONFIG: '/a/config:/b/config',
        LOG_LEVEL: 'debug',
        CORS_ORIGINS: 'http://localhost:4200, https://console.example.com',
        WEB_DIST: 'public',
        ORPHELIX_WATCH_CACHE: 'OFF',
      },
      '/srv/orphelix',
    );
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      mode: 'demo',
      kubeconfigPaths: ['/a/config', '/b/config'],
      logLevel: 'debug',
      corsOrigins: ['http://localhost:4200', 'https://console.example.com'],
      webDist: '/srv/orphelix/public',
      watchCache: false,
    });
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
  ])('rejects %s=%s and names the variable', (variable, value) => {
    expect(issuesOf({ [variable]: value })).toEqual([variable]);
    expect(() => loadConfig({ [variable]: value })).toThrow(`${variable}: `);
  });

  it('reports every bad variable at once', () => {
    expect(issuesOf({ PORT: 'x', LOG_LEVEL: 'loud' })).toEqual(['PORT', 'LOG_LEVEL']);
  });
});
