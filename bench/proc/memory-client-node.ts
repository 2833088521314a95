/**
 * The memory baseline: @kubernetes/client-node's own informer (makeInformer, whose ObjectCache holds
 * the model objects its ObjectSerializer makes) syncing every pod, measured as memory-ours.ts measures
 * ours: after full garbage collections, in a process started with --expose-gc.
 */
import { CoreV1Api, KubeConfig, makeInformer, type V1Pod } from '@kubernetes/client-node';
import { emit, serve } from './rpc.ts';

const gc = (globalThis as { gc?: () => void }).gc;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Mem {
  heapUsed: number;
  rss: number;
  external: number;
  arrayBuffers: number;
}

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
  const expected = Number(process.env['BENCH_EXPECTED_PODS'] ?? '1');
  const kc = new KubeConfig();
  kc.loadFromFile(process.env['BENCH_KUBECONFIG'] ?? '');
  const api = kc.makeApiClient(CoreV1Api);
  // Warm-up: every module and model class loaded, the connection open.
  await api.listPodForAllNamespaces({ limit: 1 });
  const m0 = await settle();

  const t0 = performance.now();
  const informer = makeInformer<V1Pod>(kc, '/api/v1/pods', () => api.listPodForAllNamespaces());
  let error: unknown = null;
  informer.on('error', (e: unknown) => {
    error = e;
  });
  await informer.start();
  const deadline = Date.now() + 300_000;
  while (informer.list().length < expected) {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    if (Date.now() > deadline)
      throw new Error(`client-node's informer holds ${informer.list().length} pods after 300 s; expected ${expected}`);
    await sleep(100);
  }
  const syncMs = performance.now() - t0;
  await sleep(2_000);
  const m1 = await settle();

  emit('result', { pods: informer.list().length, syncMs, mem: { start: m0, informer: m1 } });
  await informer.stop();
}

serve({});
main().then(
  () => setTimeout(() => process.exit(0), 100),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
