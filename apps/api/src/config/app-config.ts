import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { DEFAULT_SERVICE_ACCOUNT_DIR } from '@orphelix/k8s';
import { type AiSettings, parseAiSettings } from '../ai/ai-config';
import { type AuthSettings, parseAuthSettings } from '../auth/auth-config';

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
  /**
   * `ORPHELIX_SERVICE_ACCOUNT_DIR` (default `/var/run/secrets/kubernetes.io/serviceaccount`): the folder
   * with the in-cluster `token`, `ca.crt` and `namespace`, used with KUBERNETES_SERVICE_HOST/PORT when
   * no kubeconfig exists. Both mode detection and the adapter read it from here.
   */
  abstract readonly serviceAccountDir: string;
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
  /**
   * `ORPHELIX_DATA_DIR` (default `~/.orphelix`): absolute folder for the SQLite database and the
   * generated key file; created with mode 0700 when first needed.
   */
  abstract readonly dataDir: string;
  /**
   * `DATABASE_URL`: a `postgres://` or `postgresql://` URL selects PostgreSQL; unset, the API uses
   * SQLite at `<dataDir>/orphelix.db`. Wrapped so the password it may carry is never logged.
   */
  abstract readonly databaseUrl: SecretValue | null;
  /**
   * `ORPHELIX_SECRET_KEY`: 32 bytes, base64, the AES-256-GCM key for OAuth tokens at rest. Unset, a key
   * is generated once into `<dataDir>/secret.key` (mode 0600). Replicas sharing one PostgreSQL must all
   * be given the same key, or tokens written by one cannot be read by another.
   */
  abstract readonly secretKey: SecretValue | null;
  /**
   * Who may call the API and how they log in: GitHub OAuth (`GITHUB_CLIENT_ID`, `GITHUB_CLIENT_SECRET`,
   * `GITHUB_URL`), `PUBLIC_URL`, admins, the admin token, `ORPHELIX_AUTH`, session length and rate
   * limits. Bound beyond loopback, the API refuses to start without a way to log in.
   */
  abstract readonly auth: AuthSettings;
  /** The model provider for /api/ai (`ORPHELIX_AI_*`), the evidence budget and the names hidden from it. */
  abstract readonly ai: AiSettings;
}

/**
 * A configuration value that must not leak: `String()`, JSON and `util.inspect` (hence pino and
 * console output) print `[redacted]`; only `reveal()` gives the value.
 */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return '[redacted]';
  }
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
  const serviceAccountDir = resolve(cwd, read('ORPHELIX_SERVICE_ACCOUNT_DIR') ?? DEFAULT_SERVICE_ACCOUNT_DIR);
  const corsOrigins = parseOrigins(read('CORS_ORIGINS'), (m) => fail('CORS_ORIGINS', m, []));
  const webDist = resolve(cwd, read('WEB_DIST') ?? DEFAULT_WEB_DIST);
  const watchCache =
    parseEnum(read('ORPHELIX_WATCH_CACHE')?.toLowerCase(), ['on', 'off'] as const, 'on', (m) =>
      fail('ORPHELIX_WATCH_CACHE', m, 'on' as const),
    ) === 'on';

  const dataDir = parseDataDir(read('ORPHELIX_DATA_DIR'), cwd);
  const databaseUrl = parseDatabaseUrl(read('DATABASE_URL'), (m) => fail('DATABASE_URL', m, null));
  const secretKey = parseSecretKey(read('ORPHELIX_SECRET_KEY'), (m) => fail('ORPHELIX_SECRET_KEY', m, null));
  // A malformed HOST is already reported; the binding policy needs a real one.
  const auth = parseAuthSettings(read, host || '127.0.0.1', (variable, message) => {
    fail(variable, message, null);
  });

  const ai = parseAiSettings(read, (variable, message) => {
    fail(variable, message, null);
  });

  if (issues.length > 0) {
    throw new ConfigError(issues);
  }
  return Object.freeze({
    port,
    host,
    mode,
    kubeconfigPaths: Object.freeze(kubeconfigPaths),
    serviceAccountDir,
    logLevel,
    corsOrigins: Object.freeze(corsOrigins),
    webDist,
    watchCache,
    dataDir,
    databaseUrl,
    secretKey,
    auth,
    ai,
  });
}

/** `~` and `~/…` are the home folder; other relative paths are resolved against `cwd`. */
function parseDataDir(raw: string | undefined, cwd: string): string {
  if (raw === undefined) {
    return join(homedir(), '.orphelix');
  }
  if (raw === '~' || raw.startsWith('~/')) {
    return join(homedir(), raw.slice(1));
  }
  return isAbsolute(raw) ? resolve(raw) : resolve(cwd, raw);
}

function parseDatabaseUrl(raw: string | undefined, fail: (message: string) => null): SecretValue | null {
  if (raw === undefined) {
    return null;
  }
  // The message never repeats the value: it may hold a password.
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('must be a URL such as postgres://user:password@host:5432/orphelix');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return fail(`must be a postgres:// or postgresql:// URL, got the scheme "${url.protocol.replace(/:$/, '')}"`);
  }
  if (!url.hostname && !url.searchParams.has('host')) {
    return fail('must name a host, e.g. postgres://user:password@host:5432/orphelix');
  }
  if (url.port && !/^\d+$/.test(url.port)) {
    return fail('has an invalid port');
  }
  return new SecretValue(raw);
}

function parseSecretKey(raw: string | undefined, fail: (message: string) => null): SecretValue | null {
  if (raw === undefined) {
    return null;
  }
  const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
  const base64url = /^[A-Za-z0-9_-]+$/;
  const bytes = base64.test(raw)
    ? Buffer.from(raw, 'base64')
    : base64url.test(raw)
      ? Buffer.from(raw, 'base64url')
      : null;
  if (bytes === null) {
    return fail('must be base64 (generate one with `openssl rand -base64 32`)');
  }
  if (bytes.length !== 32) {
    return fail(`must decode to 32 bytes, got ${bytes.length} (generate one with \`openssl rand -base64 32\`)`);
  }
  return new SecretValue(bytes.toString('base64'));
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
