/**
 * `node bench/memory.mts` — heap per cached pod, and process RSS, at 10,000 pods.
 *
 * Ours: a process started with --expose-gc syncs an Informer (libs/k8s) of every pod; after full GCs,
 * the heapUsed delta over the pod count. Then the same after the SummaryView has projected every pod
 * (what a list request adds) and after the dashboard's SectionCounter. Baseline, in the same run:
 * client-node's makeInformer, whose ObjectCache holds the model objects. Target ≤ 6 KB per cached pod.
 *
 * Both run as plain JavaScript bundled from TypeScript by esbuild (no compiler in the measured process).
 */
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { Child } from './lib/child.mts';
import { requireLab } from './lib/lab.mts';
import { LOGS, log, RESULTS, ROOT, run } from './lib/main.mts';
import { atMost, Report } from './lib/report.mts';

const SCENARIO = 'memory';
const say = (m: string): void => log(SCENARIO, m);

interface Mem {
  heapUsed: number;
  rss: number;
  external: number;
  arrayBuffers: number;
}

interface OursResult {
  pods: number;
  projected: number;
  syncMs: number;
  trimmedJsonBytesPerPod: number;
  mem: { start: Mem; informer: Mem; summaryView: Mem; sectionCounter: Mem };
}

interface BaselineResult {
  pods: number;
  syncMs: number;
  mem: { start: Mem; informer: Mem };
}

function bundle(name: string): string {
  const outfile = join(RESULTS, '.build', `${name}.cjs`);
  buildSync({
    entryPoints: [join(ROOT, 'bench', 'proc', `${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/** Runs one measuring process to its `result` (bounded), then lets it exit. */
async function measure<T>(name: string, script: string, env: Record<string, string>, timeoutMs: number): Promise<T> {
  const child = new Child({
    name: `${SCENARIO}-${name}`,
    script,
    nodeArgs: ['--expose-gc'],
    cwd: ROOT,
    logFile: join(LOGS, `${SCENARIO}-${name}.log`),
    env,
  });
  try {
    return await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name}: no result within ${timeoutMs} ms; see ${child.logFile}`)),
        timeoutMs,
      );
      child.on('result', (data) => {
        clearTimeout(timer);
        resolve(data as T);
      });
      void child.exitedPromise.then(() => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (code ${child.code}) without a result; see ${child.logFile}`));
      });
    });
  } finally {
    await child.stop();
  }
}

// Decimal kilobytes: the stricter reading of "6 KB".
const KB = 1000;

run(SCENARIO, async () => {
  const report = new Report(SCENARIO, ROOT);
  const lab = await requireLab(ROOT, 10_000);
  report.set('lab', { scalePods: lab.scalePods, totalPods: lab.totalPods, nodes: lab.nodes });
  const env = {
    BENCH_KUBECONFIG: lab.info.adminKubeconfig,
    BENCH_CONTEXT: 'lab-admin',
    BENCH_EXPECTED_PODS: String(lab.totalPods),
  };

  say('bundling the measuring processes …');
  const oursScript = bundle('memory-ours');
  const baselineScript = bundle('memory-client-node');

  say(`ours: syncing an Informer of ${lab.totalPods} pods …`);
  const ours = await measure<OursResult>('ours', oursScript, env, 600_000);
  say(`ours: ${ours.pods} pods in ${(ours.syncMs / 1000).toFixed(1)} s; client-node's informer next …`);
  const base = await measure<BaselineResult>('client-node', baselineScript, env, 600_000);
  say(`client-node: ${base.pods} pods in ${(base.syncMs / 1000).toFixed(1)} s`);

  const perPod = (after: Mem, before: Mem, pods: number, key: keyof Mem): number => (after[key] - before[key]) / pods;
  const informerHeap = perPod(ours.mem.informer, ours.mem.start, ours.pods, 'heapUsed');
  const viewHeap = perPod(ours.mem.summaryView, ours.mem.start, ours.pods, 'heapUsed');
  const counterHeap = perPod(ours.mem.sectionCounter, ours.mem.start, ours.pods, 'heapUsed');
  const baseHeap = perPod(base.mem.informer, base.mem.start, base.pods, 'heapUsed');

  report.add({
    id: 'heap-per-pod-informer',
    title: `heap per cached pod — informer synced (${ours.pods.toLocaleString('en')} pods, after full GC)`,
    unit: 'bytes',
    oursLabel: `libs/k8s Informer (trimmed objects; ${Math.round(ours.trimmedJsonBytesPerPod).toLocaleString('en')} B of JSON per pod); sync ${(ours.syncMs / 1000).toFixed(1)} s`,
    baselineLabel: `client-node makeInformer + ObjectCache (${base.pods.toLocaleString('en')} pods as model objects); sync ${(base.syncMs / 1000).toFixed(1)} s`,
    stats: [{ name: 'per pod', ours: informerHeap, baseline: baseHeap }],
    ratioLabel: 'less heap (baseline / ours)',
    ratios: { 'per pod': baseHeap / informerHeap },
    targets: [atMost('≤ 6 KB (6,000 B) per cached pod', informerHeap, 6 * KB, 'bytes')],
    extra: { ours, baseline: base },
  });
  report.add({
    id: 'heap-per-pod-with-list',
    title: 'heap per cached pod — after a list request (SummaryView: DTO + JSON text per pod, sorted order)',
    unit: 'bytes',
    oursLabel: `informer + SummaryView (${ours.projected.toLocaleString('en')} projected; the view alone adds ${Math.round(viewHeap - informerHeap).toLocaleString('en')} B per pod)`,
    baselineLabel: 'client-node makeInformer + ObjectCache (it has no list view to add)',
    stats: [{ name: 'per pod', ours: viewHeap, baseline: baseHeap }],
    ratioLabel: 'less heap (baseline / ours)',
    ratios: { 'per pod': baseHeap / viewHeap },
    targets: [atMost('≤ 6 KB (6,000 B) per cached pod', viewHeap, 6 * KB, 'bytes')],
    extra: { viewAddsPerPod: viewHeap - informerHeap },
  });
  report.add({
    id: 'heap-per-pod-with-dashboard',
    title: 'heap per cached pod — plus the dashboard counters (SectionCounter)',
    unit: 'bytes',
    oursLabel: `informer + SummaryView + SectionCounter (the counter adds ${Math.round(counterHeap - viewHeap).toLocaleString('en')} B per pod)`,
    baselineLabel: 'client-node makeInformer + ObjectCache',
    stats: [{ name: 'per pod', ours: counterHeap, baseline: baseHeap }],
    ratioLabel: 'less heap (baseline / ours)',
    ratios: { 'per pod': baseHeap / counterHeap },
    targets: [],
    extra: { counterAddsPerPod: counterHeap - viewHeap },
  });
  report.add({
    id: 'process-rss',
    title: 'process RSS — before the sync → after (and its growth per pod)',
    unit: 'bytes',
    oursLabel: `after the informer; ${(ours.mem.start.rss / 1024 / 1024).toFixed(0)} MiB before, ${(ours.mem.sectionCounter.rss / 1024 / 1024).toFixed(0)} MiB with the view and counters`,
    baselineLabel: `after client-node's informer; ${(base.mem.start.rss / 1024 / 1024).toFixed(0)} MiB before`,
    stats: [
      { name: 'rss', ours: ours.mem.informer.rss, baseline: base.mem.informer.rss },
      {
        name: 'growth/pod',
        ours: perPod(ours.mem.informer, ours.mem.start, ours.pods, 'rss'),
        baseline: perPod(base.mem.informer, base.mem.start, base.pods, 'rss'),
      },
    ],
    ratioLabel: 'less (baseline / ours)',
    ratios: {
      rss: base.mem.informer.rss / ours.mem.informer.rss,
      'growth/pod':
        perPod(base.mem.informer, base.mem.start, base.pods, 'rss') /
        perPod(ours.mem.informer, ours.mem.start, ours.pods, 'rss'),
    },
    targets: [],
    extra: {},
  });
  report.finish();
});
