/**
 * Heap per cached pod in our cache (libs/k8s): syncs an Informer of every pod, then adds what a list
 * request leaves behind (SummaryView: each pod's list DTO and its JSON text, and the sorted order),
 * then the dashboard's counters (SectionCounter). Each step is measured after full garbage
 * collections. Bundled by bench/memory.mts and run with --expose-gc, without a TypeScript compiler in
 * the process, so RSS is the product's own.
 */
import { Informer, KubeCluster, loadKubeconfig, SectionCounter, SummaryView } from '@orphelix/k8s';
import { emit, serve } from './rpc.ts';

const gc = (globalThis as { gc?: () => void }).gc;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Mem {
  heapUsed: number;
  rss: number;
  external: number;
  arrayBuffers: number;
}

/** Several full collections with turns of the event loop between them (weak maps, finalizers). */
async function settle(): Promise<Mem> {
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  await sleep(300);
  gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers };
}

async function main(): Promise<void> {
  const context = process.env['BENCH_CONTEXT'] ?? 'lab-admin';
  const loaded = loadKubeconfig({ KUBECONFIG: process.env['BENCH_KUBECONFIG'] ?? '' });
  if (!loaded) throw new Error('no kubeconfig');
  const port = new KubeCluster(loaded.kubeconfig);
  // Warm-up: every module loaded, the TLS connection open, the pod mapper run once.
  const warm = await port.listPage(context, 'pods', { limit: 1 });
  const warmView = new SummaryView();
  for (const pod of warm.items) warmView.project('pods', pod, Date.now());
  const m0 = await settle();

  const t0 = performance.now();
  const informer = new Informer(port, context, 'pods', null);
  await informer.ready();
  const syncMs = performance.now() - t0;
  // Let the watch connect, so its buffers are counted too.
  await sleep(2_000);
  const m1 = await settle();

  // What a GET /api/pods leaves behind: every pod projected (DTO + JSON text) and the sorted order.
  const view = new SummaryView();
  const now = Date.now();
  let projected = 0;
  for (const pod of view.ordered(informer)) {
    view.project('pods', pod, now);
    projected++;
  }
  const m2 = await settle();

  // What the dashboard adds: the pods section's counters.
  const counter = new SectionCounter('pods', informer, view);
  const m3 = await settle();

  let jsonBytes = 0;
  for (const pod of informer.values()) jsonBytes += Buffer.byteLength(JSON.stringify(pod));
  emit('result', {
    pods: informer.size,
    projected,
    syncMs,
    counted: counter.counts(null)['total'] ?? null,
    trimmedJsonBytesPerPod: jsonBytes / Math.max(1, informer.size),
    mem: { start: m0, informer: m1, summaryView: m2, sectionCounter: m3 },
  });
  counter.close();
  informer.stop();
}

serve({});
main().then(
  () => setTimeout(() => process.exit(0), 100),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
