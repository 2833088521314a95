/**
 * `node bench/sse-fanout.mts` — 1,000 concurrent `/api/stream?kinds=pods` clients on one API process.
 *
 * (a) Upstream watches, read from the apiserver itself (`apiserver_longrunning_requests{verb="WATCH",
 *     resource="pods"}` on /metrics, admin certificate) before and after the clients connect: the
 *     increase must equal the kinds watched (1), not the clients. Baseline: one watch per client.
 * (b) Delivery latency: a label PATCHed on a pod in lab-scale (t0 = just before the PATCH is sent) until
 *     the LAST of the clients has the event, over ≥ 30 changes one after another. Baseline: the same
 *     change seen by one direct apiserver watch in the same run. Target p99 ≤ 100 ms.
 *
 * The clients run in a process of their own (bench/proc/sse-clients.ts). Options: --clients N (1000)
 * --changes N (40) --profile (CPU profile of the API during the changes).
 */
import { join } from 'node:path';
import { type EldSnapshot, startApi } from './lib/api.mts';
import { Child, tsNodeArgs } from './lib/child.mts';
import {
  connectionsTo,
  kube,
  kubeJson,
  podWatches,
  type RawWatch,
  rawWatch,
  requireLab,
  retrying,
  SCALE_NAMESPACE,
  waitForApiserver,
} from './lib/lab.mts';
import { flag, intOption, LOGS, log, PROFILES, ROOT, run, sleep, stamp } from './lib/main.mts';
import { printHot } from './lib/profile.mts';
import { atMost, exactly, Report } from './lib/report.mts';
import { epochMs, summarize } from './lib/stats.mts';

const SCENARIO = 'sse-fanout';
const say = (m: string): void => log(SCENARIO, m);
const LABEL = 'bench.orphelix.dev/seq';
const POD = 'scale-pod-00000';
const KINDS = ['pods'];

interface SeqReport {
  index: number;
  count: number;
  first: number;
  last: number;
}

const median = (values: number[]): number => summarize(values).p50;

/** Several readings a second apart (other processes open and close watches too); their median. */
async function sampleWatches(
  config: Parameters<typeof podWatches>[0],
  samples = 5,
): Promise<{ median: number; samples: number[] }> {
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    values.push(await podWatches(config));
    if (i < samples - 1) await sleep(1_000);
  }
  return { median: median(values), samples: values };
}

run(SCENARIO, async () => {
  const clientsWanted = intOption('clients', 1000);
  const changes = intOption('changes', 40);
  if (changes < 30) throw new Error('--changes must be at least 30');
  const report = new Report(SCENARIO, ROOT);
  const lab = await requireLab(ROOT, 10_000);
  const { config } = lab;
  report.set('lab', { scalePods: lab.scalePods, totalPods: lab.totalPods, nodes: lab.nodes });

  say('starting the API (cache on) and the clients process …');
  const ts = tsNodeArgs(ROOT);
  const clientsProcess = new Child({
    name: `${SCENARIO}-clients`,
    script: join(ROOT, 'bench', 'proc', 'sse-clients.ts'),
    nodeArgs: ['--max-old-space-size=2048', ...ts.nodeArgs],
    cwd: ROOT,
    logFile: join(LOGS, `${SCENARIO}-clients.log`),
    env: ts.env,
  });
  const [api] = await Promise.all([
    startApi({ root: ROOT, name: `${SCENARIO}-api`, kubeconfig: lab.info.kubeconfig, watchCache: true, logDir: LOGS }),
    clientsProcess.ready(240_000),
  ]);
  say(`API up in ${api.startSeconds.toFixed(1)} s (pid ${api.pid})`);

  // (a) Upstream watches before any client: the API has not started an informer yet.
  const before = await sampleWatches(config);
  const connectionsBefore = connectionsTo(api.pid, config.ports.apiserver);
  const memBefore = await api.child.call<{ rss: number; heapUsed: number }>('memory');

  const runId = `r${Date.now().toString(36)}`;
  say(`opening ${clientsWanted} streams …`);
  const opened = await retrying(
    config,
    'opening the streams',
    () =>
      clientsProcess.call<{ connected: number; ms: number }>(
        'open',
        {
          url: `${api.baseUrl}/api/stream?kinds=${KINDS.join(',')}&namespace=${SCALE_NAMESPACE}`,
          count: clientsWanted,
          concurrency: 100,
          timeoutMs: 240_000,
          marker: LABEL,
          run: runId,
        },
        300_000,
      ),
    (m) => report.note(m),
  );
  if (opened.connected !== clientsWanted)
    throw new Error(`only ${opened.connected} of ${clientsWanted} streams connected`);
  say(`${opened.connected} streams connected in ${(opened.ms / 1000).toFixed(1)} s`);
  await sleep(2_000);
  const after = await sampleWatches(config);
  const connectionsAfter = connectionsTo(api.pid, config.ports.apiserver);
  const memAfter = await api.child.call<{ rss: number; heapUsed: number }>('memory');
  const informers =
    await api.child.call<
      { kind: string; namespace: string | null; holders: number; stats: { watches: number; lists: number } }[]
    >('informers');
  const added = after.median - before.median;
  report.add({
    id: 'upstream-watches',
    title: `upstream pod watches on the apiserver with ${opened.connected.toLocaleString('en')} SSE clients (kinds=${KINDS.join(',')})`,
    unit: 'count',
    oursLabel: `apiserver_longrunning_requests{verb="WATCH",resource="pods"}: ${before.median} → ${after.median} (samples ${before.samples.join(',')} → ${after.samples.join(',')}); API→apiserver TCP connections ${connectionsBefore} → ${connectionsAfter}`,
    baselineLabel: `one watch per client and kind (${opened.connected} × ${KINDS.length})`,
    stats: [{ name: 'added', ours: added, baseline: opened.connected * KINDS.length }],
    ratioLabel: 'fewer watches (baseline / ours)',
    ratios: { added: added > 0 ? (opened.connected * KINDS.length) / added : null },
    targets: [exactly('= kinds watched (not clients)', added, KINDS.length)],
    extra: {
      before,
      after,
      connectionsBefore,
      connectionsAfter,
      informers,
      connectMs: opened.ms,
      apiRssBefore: memBefore.rss,
      apiRssAfter: memAfter.rss,
    },
  });
  report.note(
    `API RSS ${(memBefore.rss / 1048576).toFixed(0)} MiB → ${(memAfter.rss / 1048576).toFixed(0)} MiB with the pod informer and ${opened.connected} streams`,
  );

  // (b) Delivery latency. The baseline: one direct watch of every pod, as lean as a client gets.
  const directAt = new Map<number, number>();
  const waiters = new Map<number, () => void>();
  const pattern = new RegExp(`"${LABEL.replace(/[./]/g, '\\$&')}":"${runId}-(\\d+)"`);
  let directEnded = false;
  let directReopened = 0;
  const openDirect = async (): Promise<RawWatch> => {
    const list = await kubeJson<{ metadata: { resourceVersion: string } }>(config, { path: '/api/v1/pods?limit=1' });
    directEnded = false;
    const watch = rawWatch(
      config,
      `/api/v1/pods?watch=1&resourceVersion=${list.metadata.resourceVersion}`,
      (line, at) => {
        if (!line.includes(LABEL)) return;
        const m = pattern.exec(line);
        const index = m?.[1] ? Number(m[1]) : 0;
        if (index > 0 && !directAt.has(index)) {
          directAt.set(index, at);
          waiters.get(index)?.();
        }
      },
      () => {
        directEnded = true;
      },
    );
    await watch.opened;
    return watch;
  };
  let direct = await openDirect();
  // The PATCHes reuse one warm TLS connection.
  await kubeJson(config, { path: `/api/v1/namespaces/${SCALE_NAMESPACE}/pods/${POD}` });

  const seqs = new Map<number, SeqReport>();
  clientsProcess.on('seq', (data) => {
    const s = data as SeqReport;
    seqs.set(s.index, s);
    waiters.get(s.index)?.();
  });

  const profile = flag('profile') ? join(PROFILES, `${SCENARIO}-api-${stamp()}.cpuprofile`) : null;
  if (profile) await api.child.call('profileStart');
  await api.child.call('eldReset');
  const apiCpu0 = await api.child.call<{ cpuMs: number }>('usage');
  const clientsCpu0 = await clientsProcess.call<{ cpuMs: number }>('usage');
  const last: number[] = [];
  const first: number[] = [];
  const baseline: number[] = [];
  const patchMs: number[] = [];
  const incomplete: { index: number; status: unknown }[] = [];
  say(`${changes} changes: PATCH ${SCALE_NAMESPACE}/${POD} label ${LABEL}, each awaited at every client …`);
  for (let i = 1; i <= changes; i++) {
    if (directEnded) {
      // The apiserver went away (another user of the lab restarted it): a new direct watch.
      await waitForApiserver(config);
      direct = await openDirect();
      directReopened++;
    }
    const done = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 15_000);
      const check = (): void => {
        if (seqs.has(i) && directAt.has(i)) {
          clearTimeout(timer);
          waiters.delete(i);
          resolve(true);
        }
      };
      waiters.set(i, check);
    });
    const t0 = epochMs();
    const res = await kube(config, {
      method: 'PATCH',
      path: `/api/v1/namespaces/${SCALE_NAMESPACE}/pods/${POD}`,
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { [LABEL]: `${runId}-${i}` } } },
    }).catch((error: unknown) => ({ status: 0, body: String(error) }));
    patchMs.push(epochMs() - t0);
    if (res.status !== 200) {
      if (res.status !== 0 && res.status < 500)
        throw new Error(`PATCH ${POD} → ${res.status}: ${res.body.slice(0, 200)}`);
      incomplete.push({
        index: i,
        status: `PATCH failed (${res.status}: ${res.body.slice(0, 120)}); the apiserver went away`,
      });
      if (incomplete.length > 3) throw new Error(`too many changes failed: ${JSON.stringify(incomplete)}`);
      await waitForApiserver(config);
      continue;
    }
    if (!(await done)) {
      incomplete.push({ index: i, status: await clientsProcess.call('status', { index: i }) });
      if (incomplete.length > 3)
        throw new Error(`changes did not reach every client within 15 s: ${JSON.stringify(incomplete)}`);
      continue;
    }
    const s = seqs.get(i);
    const d = directAt.get(i);
    if (s && d !== undefined) {
      last.push(s.last - t0);
      first.push(s.first - t0);
      baseline.push(d - t0);
    }
    await sleep(200 + Math.random() * 100);
  }
  const eld = await api.child.call<EldSnapshot>('eldRead');
  const apiCpuPerChange = ((await api.child.call<{ cpuMs: number }>('usage')).cpuMs - apiCpu0.cpuMs) / changes;
  const clientsCpuPerChange =
    ((await clientsProcess.call<{ cpuMs: number }>('usage')).cpuMs - clientsCpu0.cpuMs) / changes;
  if (profile) await api.child.call('profileStop', { file: profile });
  direct.close();
  // Leave the pod as it was.
  await kube(config, {
    method: 'PATCH',
    path: `/api/v1/namespaces/${SCALE_NAMESPACE}/pods/${POD}`,
    contentType: 'application/merge-patch+json',
    body: { metadata: { labels: { [LABEL]: null } } },
  });
  await clientsProcess.call('close');

  if (incomplete.length > 0)
    report.note(
      `${incomplete.length} change(s) left out (the apiserver went away meanwhile): ${JSON.stringify(incomplete)}`,
    );
  const l = summarize(last);
  const f = summarize(first);
  const b = summarize(baseline);
  report.add({
    id: 'delivery-latency',
    title: `change → LAST of ${opened.connected.toLocaleString('en')} SSE clients (PATCH sent → event parsed), ${l.n} changes`,
    unit: 'ms',
    oursLabel:
      `first client p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms; CPU per change: API ${apiCpuPerChange.toFixed(1)} ms, clients ${clientsCpuPerChange.toFixed(1)} ms; ` +
      `API event-loop delay p99 ${eld.p99.toFixed(1)} ms, max ${eld.max.toFixed(1)} ms meanwhile (GC pauses max ${Math.max(eld.gcMinorMaxMs, eld.gcMajorMaxMs).toFixed(0)} ms)`,
    baselineLabel: `one direct apiserver watch of every pod; PATCH round trip p50 ${summarize(patchMs).p50.toFixed(1)} ms`,
    stats: [
      { name: 'p50', ours: l.p50, baseline: b.p50 },
      { name: 'p99', ours: l.p99, baseline: b.p99 },
    ],
    ratioLabel: 'of the direct watch (ours / baseline)',
    ratios: { p50: l.p50 / b.p50, p99: l.p99 / b.p99 },
    targets: [atMost('last client p99 ≤ 100 ms', l.p99, 100, 'ms')],
    extra: {
      last: l,
      first: f,
      baseline: b,
      patch: summarize(patchMs),
      incomplete,
      directReopened,
      eld,
      apiCpuPerChange,
      clientsCpuPerChange,
      samples: { last, first, baseline },
    },
  });
  if (profile) report.set('profile', printHot('API during the changes', profile, ROOT));
  report.finish();
});
