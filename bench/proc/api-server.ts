/**
 * The API under test, started by bench/lib/api.ts under ts-node: `bootstrap()` exactly as
 * `dist/apps/api/main.js` runs it (same environment variables), plus the benchmark's probes in the
 * same process — an event-loop delay histogram (perf_hooks.monitorEventLoopDelay), memory, the watch
 * cache's informers and on-demand CPU profiles.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { constants, monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import type { INestApplication } from '@nestjs/common';
import type { KindName, WatchCache } from '@orphelix/k8s';
import { bootstrap } from '../../apps/api/src/bootstrap.ts';
import { WATCH_CACHE } from '../../apps/api/src/live/live.tokens.ts';
import { emit, num, serve, str } from './rpc.ts';

const RESOLUTION_MS = Number(process.env['BENCH_ELD_RESOLUTION_MS'] ?? '10');
const eld = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
eld.enable();
let eldSince = performance.now();

const nsToMs = (ns: number): number => ns / 1e6;

/** Garbage-collection pauses since the last reset: what often stands behind a long event-loop delay. */
const gcPauses = {
  minor: { count: 0, totalMs: 0, maxMs: 0 },
  major: { count: 0, totalMs: 0, maxMs: 0 },
  other: { count: 0, totalMs: 0, maxMs: 0 },
};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    // A gc entry carries `detail.kind` (not in the typings of PerformanceEntry).
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
    const bucket =
      kind === constants.NODE_PERFORMANCE_GC_MINOR
        ? gcPauses.minor
        : kind === constants.NODE_PERFORMANCE_GC_MAJOR
          ? gcPauses.major
          : gcPauses.other;
    bucket.count++;
    bucket.totalMs += entry.duration;
    bucket.maxMs = Math.max(bucket.maxMs, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });
let cpuAtReset = 0;
const cpuMs = (): number => {
  const u = process.resourceUsage();
  return (u.userCPUTime + u.systemCPUTime) / 1000;
};

function eldSnapshot(): Record<string, number> {
  return {
    resolutionMs: RESOLUTION_MS,
    count: eld.count,
    min: nsToMs(eld.min),
    p50: nsToMs(eld.percentile(50)),
    p90: nsToMs(eld.percentile(90)),
    p99: nsToMs(eld.percentile(99)),
    max: nsToMs(eld.max),
    mean: nsToMs(eld.mean),
    windowMs: performance.now() - eldSince,
    cpuMs: cpuMs() - cpuAtReset,
    gcMinorCount: gcPauses.minor.count,
    gcMinorTotalMs: gcPauses.minor.totalMs,
    gcMinorMaxMs: gcPauses.minor.maxMs,
    gcMajorCount: gcPauses.major.count,
    gcMajorTotalMs: gcPauses.major.totalMs,
    gcMajorMaxMs: gcPauses.major.maxMs,
    gcOtherTotalMs: gcPauses.other.totalMs,
  };
}

/** Clears the histogram and the counters beside it (CPU time, GC pauses); the window starts now. */
function resetCounters(): void {
  eld.reset();
  eldSince = performance.now();
  cpuAtReset = cpuMs();
  for (const bucket of Object.values(gcPauses)) {
    bucket.count = 0;
    bucket.totalMs = 0;
    bucket.maxMs = 0;
  }
}

/**
 * Resets, then lets two ticks pass before the phase may start: a reset forgets when the previous tick
 * was, so the first interval after it is not recorded — a block right after a reset would be lost.
 */
async function eldReset(): Promise<void> {
  resetCounters();
  await new Promise((r) => setTimeout(r, 2 * RESOLUTION_MS + 5));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let app: INestApplication | null = null;
let cache: WatchCache | null = null;
const releases: (() => void)[] = [];
let profiler: Session | null = null;

function post(session: Session, method: string, params: object = {}): Promise<unknown> {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

function requireCache(): WatchCache {
  if (!cache) throw new Error('the watch cache is off in this process (ORPHELIX_WATCH_CACHE=off)');
  return cache;
}

serve(
  {
    eldReset: () => eldReset(),
    eldRead: () => eldSnapshot(),
    memory: () => process.memoryUsage(),
    /** CPU time and minor page faults so far: per-request costs that do not depend on the machine's load. */
    usage: () => {
      const u = process.resourceUsage();
      return { cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, minorPageFaults: u.minorPageFault };
    },
    informers: () => cache?.info() ?? [],
    /** Starts (and holds) the informer of a kind cluster-wide and times its first sync, with the event-loop delay during it. */
    sync: async (args) => {
      const c = requireCache();
      const context = str(args, 'context', 'lab-admin');
      const kind = str(args, 'kind', 'pods') as KindName;
      await eldReset();
      const t0 = performance.now();
      const { informer, release } = c.hold(context, kind, null);
      releases.push(release);
      await informer.ready();
      const syncMs = performance.now() - t0;
      return { syncMs, size: informer.size, eld: eldSnapshot(), stats: { ...informer.stats } };
    },
    /**
     * Waits for the next relist of an informer (a 410 after the apiserver lost its history) and
     * measures the event-loop delay while it runs: from the relist's first LIST request (seen by
     * polling the informer's counters every few ms) until its watch is back.
     */
    awaitRelist: async (args) => {
      const c = requireCache();
      const context = str(args, 'context', 'lab-admin');
      const kind = str(args, 'kind', 'pods') as KindName;
      const timeoutMs = num(args, 'timeoutMs', 180_000);
      const informer = c.peek(context, kind, null);
      if (!informer) throw new Error(`no informer for ${kind}`);
      const before = { ...informer.stats };
      const deadline = performance.now() + timeoutMs;
      await eldReset();
      const tFault = performance.now();
      while (informer.stats.relists === before.relists) {
        if (performance.now() > deadline)
          throw new Error(`no relist within ${timeoutMs} ms (stats ${JSON.stringify(informer.stats)})`);
        await sleep(2);
      }
      const outage = eldSnapshot();
      const waitedMs = performance.now() - tFault;
      // The relist is under way (its first LIST page is in flight, so the timer ticks before any work).
      resetCounters();
      const t0 = performance.now();
      const watchesAtRelist = informer.stats.watches;
      while (informer.stats.watches === watchesAtRelist) {
        if (performance.now() > deadline)
          throw new Error(`the relist did not finish within ${timeoutMs} ms (stats ${JSON.stringify(informer.stats)})`);
        await sleep(2);
      }
      const relistMs = performance.now() - t0;
      return {
        waitedMs,
        relistMs,
        outage,
        eld: eldSnapshot(),
        size: informer.size,
        before,
        after: { ...informer.stats },
      };
    },
    profileStart: async () => {
      profiler = new Session();
      profiler.connect();
      await post(profiler, 'Profiler.enable');
      await post(profiler, 'Profiler.setSamplingInterval', { interval: 200 });
      await post(profiler, 'Profiler.start');
    },
    profileStop: async (args) => {
      if (!profiler) throw new Error('no profile running');
      const { profile } = (await post(profiler, 'Profiler.stop')) as { profile: unknown };
      profiler.disconnect();
      profiler = null;
      const file = str(args, 'file', '');
      if (file) writeFileSync(file, JSON.stringify(profile));
      return { file };
    },
  },
  async () => {
    for (const release of releases.splice(0)) release();
    await app?.close();
  },
);

bootstrap(process.env).then(
  (started) => {
    app = started;
    cache = started.get<WatchCache | null>(WATCH_CACHE);
    emit('ready', { pid: process.pid, watchCache: cache !== null });
  },
  (error: unknown) => {
    process.stderr.write(
      `the API failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
