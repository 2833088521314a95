import { delimiter, resolve } from 'node:path';

export const ORPHELIX_MODES = ['auto', 'demo', 'cluster'] as const;
export type OrphelixMode = (typeof ORPHELIX_MODES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The API's settings, read once from the environment at boot. The class is the DI token as well as the
 * type, so consumers inject it by type (`constructor(private readonly config: AppConfig)`); the provided
 * value is the frozen object `loadConfig` returns.
 */
export abstract class AppConfig {
  /** `PORT`: TCP port to listen on. */
  abstract readonly port: number;
  /** `HOST`: interface to bind; loopback by default because the API acts with the machine's kubeconfig. */
  abstract readonly host: string;
  /** `ORPHELIX_MODE`: where cluster data comes from; `auto` picks `cluster` when credentials exist. */
  abstract readonly mode: OrphelixMode;
  /** `KUBECONFIG` split into its files; empty when unset (the adapter then uses `~/.kube/config`). */
  abstract readonly kubeconfigPaths: readonly string[];
  /** `LOG_LEVEL`: pino level. */
  abstract readonly logLevel: LogLevel;
  /** `CORS_ORIGINS`: origins allowed to call the API from a browser; empty disables CORS entirely. */
  abstract readonly corsOrigins: readonly string[];
  /** `WEB_DIST`: absolute folder of the built console; served only when it exists. */
  abstract readonly webDist: string;
  /**
   * `ORPHELIX_WATCH_CACHE` (`on`/`off`, default on): serve lists, the dashboard and `/api/stream` from
   * shared list-then-watch caches. Off, every request asks the apiserver and the stream is unavailable.
   */
  abstract readonly watchCache: boolean;
}

export interface ConfigIssue {
  variable: string;
  message: string;
}

/** Thrown by `loadConfig`; the message names every offending variable so a failed boot says what to fix. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_WEB_DIST = 'dist/apps/web/browser';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses and validates the environment. Pure apart from resolving `WEB_DIST` against `cwd`; collects
 * every problem before throwing so one failed start reports them all.
 */
export function loadConfig(env: Env, cwd: string = process.cwd()): AppConfig {
  const issues: ConfigIssue[] = [];
  // Env files often contain `NAME=` meaning "unset"; treat blank like absent.
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const fail = <T>(variable: string, message: string, fallback: T): T => {
    issues.push({ variable, message });
    return fallback;
  };

  const port = parsePort(read('PORT'), (m) => fail('PORT', m, 0));
  const host = parseHost(read('HOST'), (m) => fail('HOST', m, ''));
  const mode = parseEnum(read('ORPHELIX_MODE')?.toLowerCase(), ORPHELIX_MODES, 'auto', (m) =>
    fail('ORPHELIX_MODE', m, 'auto' as const),
  );
  const logLevel = parseEnum(read('LOG_LEVEL')?.toLowerCase(), LOG_LEVELS, 'info', (m) =>
    fail('LOG_LEVEL', m, 'info' as const),
  );
  const kubeconfigPaths = (read('KUBECONFIG') ?? '').split(delimiter).filter((p) => p.trim() !== '');
  const corsOrigins = parseOrigins(read('CORS_ORIGINS'), (m) => fail('CORS_ORIGINS', m, []));
  const webDist = resolve(cwd, read('WEB_DIST') ?? DEFAULT_WEB_DIST);
  const watchCache =
    parseEnum(read('ORPHELIX_WATCH_CACHE')?.toLowerCase(), ['on', 'off'] as const, 'on', (m) => fail('ORPHELIX_WATCH_CACHE', m, 'on' as const)) === 'on';

  if (issues.length > 0) {
    throw new ConfigError(issues);
  }
  return Object.freeze({
    port,
    host,
    mode,
    kubeconfigPaths: Object.freeze(kubeconfigPaths),
    logLevel,
    corsOrigins: Object.freeze(corsOrigins),
    webDist,
    watchCache,
  });
}

function parsePort(raw: string | undefined, fail: (message: string) => number): number {
  if (raw === undefined) {
    return 3000;
  }
  const port = /^\d+$/.test(raw) ? Number(raw) : NaN;
  return port >= 1 && port <= 65535 ? port : fail(`must be an integer from 1 to 65535, got "${raw}"`);
}

function parseHost(raw: string | undefined, fail: (message: string) => string): string {
  if (raw === undefined) {
    return '127.0.0.1';
  }
  // A hostname, IPv4 or bare IPv6 address (`::`), as net.Server#listen takes it.
  return /^[A-Za-z0-9._:%-]{1,253}$/.test(raw)
    ? raw
    : fail(`must be a hostname or IP address such as 127.0.0.1 or 0.0.0.0, got "${raw}"`);
}

function parseEnum<T extends string>(
  raw: string | undefined,
  allowed: readonly T[],
  fallback: T,
  fail: (message: string) => T,
): T {
  if (raw === undefined) {
    return fallback;
  }
  return (allowed as readonly string[]).includes(raw)
    ? (raw as T)
    : fail(`must be one of ${allowed.join(', ')}, got "${raw}"`);
}

function parseOrigins(raw: string | undefined, fail: (message: string) => string[]): string[] {
  if (raw === undefined) {
    return [];
  }
  const origins = raw
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  // Only exact origins: a wildcard would let any site drive a console that holds cluster credentials.
  const bad = origins.filter((o) => !isOrigin(o));
  return bad.length === 0
    ? origins
    : fail(
        `each entry must be an origin like https://console.example.com (no path, no "*"), got "${bad.join('", "')}"`,
      );
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}
