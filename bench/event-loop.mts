/**
 * `node bench/event-loop.mts` — event-loop delay in the API process (perf_hooks.monitorEventLoopDelay,
 * 10 ms resolution; its figures include the 10 ms tick, so an idle loop reads ≈ 10 ms).
 *
 * Phases, in one API process: idle (the baseline), the first sync of the pod informer (10,000+ pods),
 * the first GET /api/pods (every pod mapped once), warm GET /api/pods, and a forced relist: etcd
 * compacted and the apiserver restarted (`lab:fault compact --restart-apiserver`), so the informer's
 * watch gets 410 Gone and relists. Target: p99 ≤ 50 ms during the sync.
 *
 * The restart interrupts every client of the lab for a few seconds; --no-relist skips that phase.
 * Options: --idle-seconds N (10) --profile (CPU profiles of the sync and the relist).
 */
import { type EldSnapshot, startApi } from './lib/api.mts';
import { keepAlive, timedOk } from './lib/http.mts';
import { compactAndRestartApiserver, requireLab, retrying } from './lib/lab.mts';
import { flag, intOption, LOGS, log, PROFILES, ROOT, run, sleep, stamp } from './lib/main.mts';
import { printHot } from './lib/profile.mts';
import { atMost, type Figure, Report } from './lib/report.mts';
import { join } from 'node:path';

const SCENARIO = 'event-loop';
const say = (m: string): void => log(SCENARIO, m);
const TARGET_MS = 50;

interface SyncResult {
  syncMs: number;
  size: number;
  eld: EldSnapshot;
}

interface RelistResult {
  waitedMs: number;
  relistMs: number;
  outage: EldSnapshot;
  eld: EldSnapshot;
  size: number;
  before: Record<string, number>;
  after: Record<string, number>;
}

const gcText = (e: EldSnapshot): string =>
  `API CPU ${e.cpuMs.toFixed(0)} ms; GC pauses: ${e.gcMinorCount} minor (max ${e.gcMinorMaxMs.toFixed(0)} ms, total ${e.gcMinorTotalMs.toFixed(0)} ms), ` +
  `${e.gcMajorCount} major (max ${e.gcMajorMaxMs.toFixed(0)} ms, total ${e.gcMajorTotalMs.toFixed(0)} ms)`;

const eldText = (e: EldSnapshot): string =>
  `p50 ${e.p50.toFixed(1)} ms, max ${e.max.toFixed(1)} ms over ${(e.windowMs / 1000).toFixed(1)} s (${e.count} ticks)`;

function figure(
  id: string,
  title: string,
  phase: EldSnapshot,
  idle: EldSnapshot,
  label: string,
  withTarget: boolean,
): Figure {
  return {
    id,
    title,
    unit: 'ms',
    oursLabel: `${label}; ${eldText(phase)}; ${gcText(phase)}`,
    baselineLabel: `the same process idle before the sync; ${eldText(idle)}`,
    stats: [
      { name: 'p99', ours: phase.p99, baseline: idle.p99 },
      { name: 'max', ours: phase.max, baseline: idle.max },
    ],
    ratioLabel: 'of idle (ours / baseline)',
    ratios: { p99: phase.p99 / idle.p99, max: phase.max / idle.max },
    targets: withTarget ? [atMost(`p99 ≤ ${TARGET_MS} ms`, phase.p99, TARGET_MS, 'ms')] : [],
    extra: { phase, idle },
  };
}

run(SCENARIO, async () => {
  const idleSeconds = intOption('idle-seconds', 10);
  const profile = flag('profile');
  const report = new Report(SCENARIO, ROOT);
  const lab = await requireLab(ROOT, 10_000);
  report.set('lab', { scalePods: lab.scalePods, totalPods: lab.totalPods, nodes: lab.nodes });
  const api = await startApi({
    root: ROOT,
    name: `${SCENARIO}-api`,
    kubeconfig: lab.info.kubeconfig,
    watchCache: true,
    logDir: LOGS,
    env: { BENCH_ELD_RESOLUTION_MS: '10' },
  });
  say(`API up in ${api.startSeconds.toFixed(1)} s; idle for ${idleSeconds} s …`);
  const profileFile = (phase: string): string => join(PROFILES, `${SCENARIO}-${phase}-${stamp()}.cpuprofile`);
  const retry = <T,>(what: string, fn: () => Promise<T>): Promise<T> =>
    retrying(lab.config, what, fn, (m) => report.note(m));

  await sleep(2_000);
  await api.child.call('eldReset');
  await sleep(idleSeconds * 1000);
  const idle = await api.child.call<EldSnapshot>('eldRead');

  say('first sync of the pod informer …');
  const syncProfile = profile ? profileFile('sync') : null;
  if (syncProfile) await api.child.call('profileStart');
  const sync = await retry('the first sync', () =>
    api.child.call<SyncResult>('sync', { context: 'lab-admin', kind: 'pods' }, 600_000),
  );
  if (syncProfile) await api.child.call('profileStop', { file: syncProfile });
  say(`synced ${sync.size} pods in ${(sync.syncMs / 1000).toFixed(1)} s`);
  report.add(
    figure(
      'eld-sync',
      `event-loop delay during the first sync of ${sync.size.toLocaleString('en')} pods (${(sync.syncMs / 1000).toFixed(1)} s)`,
      sync.eld,
      idle,
      'Informer LIST in pages of 100, yielding between pages',
      true,
    ),
  );

  // The first list maps every pod to its DTO once (later lists reuse the projections).
  const agent = keepAlive();
  const [first, firstEld] = await retry('the first list', async () => {
    await api.child.call('eldReset');
    const res = await timedOk(`${api.baseUrl}/api/pods`, agent, 300_000);
    return [res, await api.child.call<EldSnapshot>('eldRead')] as const;
  });
  report.add(
    figure(
      'eld-first-list',
      `event-loop delay during the first GET /api/pods after the sync (${first.totalMs.toFixed(0)} ms)`,
      firstEld,
      idle,
      'every pod projected (list DTO + JSON) in one request',
      false,
    ),
  );

  const warmEld = await retry('the warm lists', async () => {
    await api.child.call('eldReset');
    for (let i = 0; i < 10; i++) await timedOk(`${api.baseUrl}/api/pods`, agent, 120_000);
    return api.child.call<EldSnapshot>('eldRead');
  });
  report.add(
    figure(
      'eld-warm-lists',
      'event-loop delay during 10 warm GET /api/pods (every pod, 6 MB each)',
      warmEld,
      idle,
      '10 requests back to back',
      false,
    ),
  );
  agent.destroy();

  if (!flag('no-relist')) {
    say('forcing a relist: compacting etcd and restarting the apiserver …');
    const relistProfile = profile ? profileFile('relist') : null;
    if (relistProfile) await api.child.call('profileStart');
    const relistPromise = api.child.call<RelistResult>(
      'awaitRelist',
      { context: 'lab-admin', kind: 'pods', timeoutMs: 300_000 },
      320_000,
    );
    // The call above has reset the histogram before the fault starts.
    await sleep(200);
    await compactAndRestartApiserver(ROOT);
    const relist = await relistPromise;
    if (relistProfile) await api.child.call('profileStop', { file: relistProfile });
    say(
      `relisted ${relist.size} pods in ${(relist.relistMs / 1000).toFixed(1)} s, ${(relist.waitedMs / 1000).toFixed(1)} s after the fault began`,
    );
    report.add(
      figure(
        'eld-relist',
        `event-loop delay during the relist after a 410 (${relist.size.toLocaleString('en')} pods, ${(relist.relistMs / 1000).toFixed(1)} s)`,
        relist.eld,
        idle,
        `LIST again and diff against the cache; the outage before it: p99 ${relist.outage.p99.toFixed(1)} ms`,
        false,
      ),
    );
    report.set('relist', relist);
    if (relistProfile) report.set('relistProfile', printHot('API during the relist', relistProfile, ROOT));
  } else {
    report.note('relist phase skipped (--no-relist)');
  }
  if (syncProfile) report.set('syncProfile', printHot('API during the first sync', syncProfile, ROOT));
  report.set('sync', sync);
  report.finish();
});
