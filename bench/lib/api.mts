/**
 * The API under test: the real application (bootstrap(), as `npm start` runs it) in a child process
 * compiled on the fly by ts-node, so it is the working tree's code and not a stale bundle. The child
 * (bench/proc/api-server.ts) also answers the benchmark's calls: event-loop delay, memory, the watch
 * cache's informers, CPU profiles.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Child, tsNodeArgs } from './child.mts';

export interface ApiOptions {
  root: string;
  name: string;
  kubeconfig: string;
  watchCache: boolean;
  logDir: string;
  /** Extra environment for the child (e.g. BENCH_ELD_RESOLUTION_MS). */
  env?: Record<string, string>;
  nodeArgs?: string[];
  /** ts-node compiles the whole API on start: allow for a loaded machine. */
  startTimeoutMs?: number;
}

export interface Api {
  child: Child;
  baseUrl: string;
  port: number;
  pid: number;
  /** Seconds from spawn to listening. */
  startSeconds: number;
}

/** A port nothing listens on right now (the kernel's choice on 127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export async function startApi(options: ApiOptions): Promise<Api> {
  const port = await freePort();
  const ts = tsNodeArgs(options.root);
  const started = Date.now();
  const child = new Child({
    name: options.name,
    script: join(options.root, 'bench', 'proc', 'api-server.ts'),
    nodeArgs: [...(options.nodeArgs ?? []), ...ts.nodeArgs],
    cwd: options.root,
    logFile: join(options.logDir, `${options.name}.log`),
    env: {
      ...ts.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ORPHELIX_MODE: 'cluster',
      KUBECONFIG: options.kubeconfig,
      LOG_LEVEL: 'warn',
      ORPHELIX_WATCH_CACHE: options.watchCache ? 'on' : 'off',
      // Benchmarks send thousands of requests (and 1,000 streams) a minute from one address.
      ORPHELIX_RATE_LIMIT: '0',
      // API only: no console build to serve.
      WEB_DIST: join(options.root, 'bench', 'results', 'no-web-dist'),
      ...options.env,
    },
  });
  try {
    await child.ready(options.startTimeoutMs ?? 240_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  const pid = child.process.pid ?? 0;
  return { child, baseUrl: `http://127.0.0.1:${port}`, port, pid, startSeconds: (Date.now() - started) / 1000 };
}

/** The event-loop delay histogram the API child keeps (milliseconds). */
export interface EldSnapshot {
  resolutionMs: number;
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  windowMs: number;
  /** The API process's CPU time over the window. */
  cpuMs: number;
  /** Garbage-collection pauses over the window (perf_hooks 'gc' entries). */
  gcMinorCount: number;
  gcMinorTotalMs: number;
  gcMinorMaxMs: number;
  gcMajorCount: number;
  gcMajorTotalMs: number;
  gcMajorMaxMs: number;
  gcOtherTotalMs: number;
}
