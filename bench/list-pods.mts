/**
 * `node bench/list-pods.mts` — list routes and the dashboard at 10,000 pods.
 *
 * - GET /api/pods (every pod, warm watch cache, no gzip): time to the last byte, p50/p99, against a
 *   direct LIST with @kubernetes/client-node (CoreV1Api.listPodForAllNamespaces) in the same run,
 *   interleaved round by round so both see the same machine. Targets: p50 ≤ 20 ms, ≥ 20× faster.
 *   The client's JSON.parse of our body is reported separately (baseline: JSON.parse of the apiserver's).
 * - GET /api/pods?limit=500, /api/dashboard/summary and /api/cluster-health against a second API process
 *   with ORPHELIX_WATCH_CACHE=off. Target: summary p95 ≤ 100 ms.
 *
 * Options: --rounds N (25) --per-round N (4) --dash-rounds N (15) --profile (CPU profile of the API
 * during the list rounds).
 */
import { join } from 'node:path';
import { type Api, type EldSnapshot, startApi } from './lib/api.mts';
import { Child, tsNodeArgs } from './lib/child.mts';
import { keepAlive, timedOk } from './lib/http.mts';
import { requireLab, retrying } from './lib/lab.mts';
import { flag, intOption, LOGS, log, PROFILES, ROOT, run, stamp } from './lib/main.mts';
import { printHot } from './lib/profile.mts';
import { atLeast, atMost, Report } from './lib/report.mts';
import { summarize } from './lib/stats.mts';

const SCENARIO = 'list-pods';
const say = (m: string): void => log(SCENARIO, m);

interface Usage {
  cpuMs: number;
  minorPageFaults: number;
}

/** The API process's CPU time and page faults per request over a phase (independent of the machine's load). */
async function perRequest(
  api: Api,
  before: Usage,
  requests: number,
): Promise<{ cpuMs: number; minorPageFaults: number }> {
  const after = await api.child.call<Usage>('usage');
  return {
    cpuMs: (after.cpuMs - before.cpuMs) / requests,
    minorPageFaults: Math.round((after.minorPageFaults - before.minorPageFaults) / requests),
  };
}

const usageText = (u: { cpuMs: number; minorPageFaults: number }): string =>
  `API CPU ${u.cpuMs.toFixed(1)} ms and ${u.minorPageFaults.toLocaleString('en')} minor page faults per request`;

interface ListEnvelope {
  items: unknown[];
  total: number;
}

run(SCENARIO, async () => {
  const rounds = intOption('rounds', 25);
  const perRound = intOption('per-round', 4);
  const dashRounds = intOption('dash-rounds', 15);
  const report = new Report(SCENARIO, ROOT);
  const lab = await requireLab(ROOT, 10_000);
  report.set('lab', { scalePods: lab.scalePods, totalPods: lab.totalPods, nodes: lab.nodes });
  say(
    `lab: ${lab.totalPods} pods (${lab.scalePods} in lab-scale), ${lab.nodes} nodes; starting two API processes (cache on, off) …`,
  );

  const apiOptions = { root: ROOT, kubeconfig: lab.info.kubeconfig, logDir: LOGS };
  const [on, off]: Api[] = await Promise.all([
    startApi({ ...apiOptions, name: `${SCENARIO}-api-cache-on`, watchCache: true }),
    startApi({ ...apiOptions, name: `${SCENARIO}-api-cache-off`, watchCache: false }),
  ]);
  say(`APIs up (cache on ${on.startSeconds.toFixed(1)} s, off ${off.startSeconds.toFixed(1)} s)`);
  const ts = tsNodeArgs(ROOT);
  const direct = new Child({
    name: `${SCENARIO}-client-node`,
    script: join(ROOT, 'bench', 'proc', 'direct-list.ts'),
    nodeArgs: ts.nodeArgs,
    cwd: ROOT,
    logFile: join(LOGS, `${SCENARIO}-client-node.log`),
    env: {
      ...ts.env,
      BENCH_KUBECONFIG: lab.info.adminKubeconfig,
      BENCH_PKI_DIR: lab.config.pkiDir,
      BENCH_APISERVER_PORT: String(lab.config.ports.apiserver),
    },
  });
  await direct.ready(60_000);

  // Other users of the lab restart its apiserver now and then: a sample that fails for that is taken again.
  const retry = <T,>(what: string, fn: () => Promise<T>): Promise<T> =>
    retrying(lab.config, what, fn, (m) => report.note(m));
  const get = (u: string, agent: ReturnType<typeof keepAlive>, timeoutMs?: number) =>
    retry(`GET ${u}`, () => timedOk(u, agent, timeoutMs));
  const call = <T,>(cmd: string) => retry(`client-node ${cmd}`, () => direct.call<T>(cmd, {}, 300_000));
  const agentOn = keepAlive();
  const agentOff = keepAlive();
  const url = {
    all: `${on.baseUrl}/api/pods`,
    page: (api: Api) => `${api.baseUrl}/api/pods?limit=500`,
    summary: (api: Api) => `${api.baseUrl}/api/dashboard/summary`,
    health: (api: Api) => `${api.baseUrl}/api/cluster-health`,
  };

  // Cold: the first request starts the pod informer (a paged LIST of every pod) and maps every pod once.
  const cold = await get(url.all, agentOn, 300_000);
  const coldBody = JSON.parse(cold.body.toString('utf8')) as ListEnvelope;
  if (coldBody.items.length < 10_000)
    throw new Error(`GET /api/pods returned ${coldBody.items.length} items; expected ≥ 10,000`);
  const coldSummary = await get(url.summary(on), agentOn, 300_000);
  say(
    `cold: first GET /api/pods ${cold.totalMs.toFixed(0)} ms (${coldBody.items.length} pods, ${cold.bytes} bytes); first summary ${coldSummary.totalMs.toFixed(0)} ms`,
  );

  // Warm-up of every path (JIT, connections, the off process's first LISTs).
  for (let i = 0; i < 5; i++) await get(url.all, agentOn);
  for (const u of [url.page(on), url.summary(on), url.health(on)]) for (let i = 0; i < 5; i++) await get(u, agentOn);
  for (const u of [url.page(off), url.summary(off), url.health(off)])
    for (let i = 0; i < 2; i++) await get(u, agentOff, 300_000);
  await call('clientNodeList');
  await call('rawList');

  // 1. Every pod: ours (warm) against client-node's LIST, interleaved.
  const profile = flag('profile') ? join(PROFILES, `${SCENARIO}-api-${stamp()}.cpuprofile`) : null;
  if (profile) await on.child.call('profileStart');
  const ours: number[] = [];
  const oursHeaders: number[] = [];
  const baseline: number[] = [];
  const raw: number[] = [];
  const rawParse: number[] = [];
  let rawBytes = 0;
  let baselineItems = 0;
  let lastBody = cold.body;
  const usageAll = await on.child.call<Usage>('usage');
  await on.child.call('eldReset');
  say(`measuring GET /api/pods: ${rounds} rounds of ${perRound} requests + 1 client-node LIST + 1 raw LIST …`);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < perRound; i++) {
      const res = await get(url.all, agentOn);
      ours.push(res.totalMs);
      oursHeaders.push(res.headersMs);
      lastBody = res.body;
    }
    const b = await call<{ ms: number; items: number }>('clientNodeList');
    baseline.push(b.ms);
    baselineItems = b.items;
    const rl = await call<{ ms: number; parseMs: number; bytes: number }>('rawList');
    raw.push(rl.ms);
    rawParse.push(rl.parseMs);
    rawBytes = rl.bytes;
  }
  const costAll = await perRequest(on, usageAll, ours.length);
  const eldAll = await on.child.call<EldSnapshot>('eldRead');
  if (profile) await on.child.call('profileStop', { file: profile });

  // The client's side of our body: UTF-8 decode and JSON.parse (after the timed requests, so the
  // garbage it makes cannot pause them).
  const decode: number[] = [];
  const parse: number[] = [];
  let items = 0;
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    const text = lastBody.toString('utf8');
    const t1 = performance.now();
    items = (JSON.parse(text) as ListEnvelope).items.length;
    const t2 = performance.now();
    decode.push(t1 - t0);
    parse.push(t2 - t1);
  }

  const o = summarize(ours);
  const b = summarize(baseline);
  report.add({
    id: 'pods-all',
    title: `GET /api/pods — all ${items.toLocaleString('en')} pods, warm cache, no gzip, time to last byte`,
    unit: 'ms',
    oursLabel: `n=${o.n}, ${lastBody.length.toLocaleString('en')} bytes; headers in (server work) p50 ${summarize(oursHeaders).p50.toFixed(1)} ms; ${usageText(costAll)}`,
    baselineLabel: `n=${b.n}, client-node CoreV1Api.listPodForAllNamespaces() (${baselineItems.toLocaleString('en')} pods as model objects)`,
    stats: [
      { name: 'p50', ours: o.p50, baseline: b.p50 },
      { name: 'p99', ours: o.p99, baseline: b.p99 },
    ],
    ratioLabel: 'faster (baseline / ours)',
    ratios: { p50: b.p50 / o.p50, p99: b.p99 / o.p99 },
    targets: [
      atMost('ours p50 ≤ 20 ms', o.p50, 20, 'ms'),
      atLeast('≥ 20× faster than the LIST (p50)', b.p50 / o.p50, 20, 'ratio'),
    ],
    extra: {
      ours: o,
      oursHeadersIn: summarize(oursHeaders),
      apiPerRequest: costAll,
      apiEventLoop: eldAll,
      baseline: b,
      bytes: lastBody.length,
      items,
      baselineItems,
      rawApiserverList: { ...summarize(raw), bytes: rawBytes },
      coldFirstRequestMs: cold.totalMs,
    },
  });
  const rawS = summarize(raw);
  report.note(
    `for reference, the bare apiserver LIST (/api/v1/pods, JSON, to its last byte, no parsing) took p50 ${rawS.p50.toFixed(0)} ms, ` +
      `p99 ${rawS.p99.toFixed(0)} ms for ${(rawBytes / 1024 / 1024).toFixed(1)} MiB; the first GET /api/pods (informer sync + mapping every pod) took ${cold.totalMs.toFixed(0)} ms`,
  );

  report.note(
    `meanwhile the API's event loop (10 ms resolution) had p99 ${eldAll.p99.toFixed(0)} ms, max ${eldAll.max.toFixed(0)} ms of delay; ` +
      `GC pauses: ${eldAll.gcMinorCount} minor (max ${eldAll.gcMinorMaxMs.toFixed(0)} ms), ${eldAll.gcMajorCount} major (max ${eldAll.gcMajorMaxMs.toFixed(0)} ms)`,
  );
  const pa = summarize(parse);
  const pr = summarize(rawParse);
  const da = summarize(decode);
  report.add({
    id: 'pods-all-client-parse',
    title: 'client JSON.parse of the whole list (what a browser or script pays after the last byte)',
    unit: 'ms',
    oursLabel: `n=${pa.n}, our body (${(lastBody.length / 1024 / 1024).toFixed(1)} MiB); UTF-8 decode before it p50 ${da.p50.toFixed(2)} ms`,
    baselineLabel: `n=${pr.n}, JSON.parse of the apiserver's LIST (${(rawBytes / 1024 / 1024).toFixed(1)} MiB)`,
    stats: [
      { name: 'p50', ours: pa.p50, baseline: pr.p50 },
      { name: 'p99', ours: pa.p99, baseline: pr.p99 },
    ],
    ratioLabel: 'less work (baseline / ours)',
    ratios: { p50: pr.p50 / pa.p50, p99: pr.p99 / pa.p99 },
    targets: [],
    extra: { ours: pa, decode: da, baseline: pr },
  });

  // 2. First page, 3. dashboard: the same routes on the cache-off process, interleaved.
  const pageOn: number[] = [];
  const pageOff: number[] = [];
  say(`measuring GET /api/pods?limit=500: ${rounds} rounds …`);
  let costPage = { cpuMs: 0, minorPageFaults: 0 };
  for (let r = 0; r < rounds; r++) {
    const before = await on.child.call<Usage>('usage');
    for (let i = 0; i < perRound; i++) pageOn.push((await get(url.page(on), agentOn)).totalMs);
    const cost = await perRequest(on, before, perRound);
    costPage = {
      cpuMs: costPage.cpuMs + cost.cpuMs / rounds,
      minorPageFaults: costPage.minorPageFaults + cost.minorPageFaults / rounds,
    };
    pageOff.push((await get(url.page(off), agentOff, 300_000)).totalMs);
  }
  costPage.minorPageFaults = Math.round(costPage.minorPageFaults);
  const pOn = summarize(pageOn);
  const pOff = summarize(pageOff);
  report.add({
    id: 'pods-first-page',
    title: 'GET /api/pods?limit=500 — first page of 10,000+ pods',
    unit: 'ms',
    oursLabel: `n=${pOn.n}, watch cache on; ${usageText(costPage)}`,
    baselineLabel: `n=${pOff.n}, same route, ORPHELIX_WATCH_CACHE=off (second API process)`,
    stats: [
      { name: 'p50', ours: pOn.p50, baseline: pOff.p50 },
      { name: 'p99', ours: pOn.p99, baseline: pOff.p99 },
    ],
    ratioLabel: 'faster (baseline / ours)',
    ratios: { p50: pOff.p50 / pOn.p50, p99: pOff.p99 / pOn.p99 },
    targets: [],
    extra: { ours: pOn, baseline: pOff, apiPerRequest: costPage },
  });

  const sumOn: number[] = [];
  const sumOff: number[] = [];
  const healthOn: number[] = [];
  const healthOff: number[] = [];
  say(`measuring the dashboard: ${dashRounds} rounds …`);
  for (let r = 0; r < dashRounds; r++) {
    for (let i = 0; i < perRound; i++) {
      sumOn.push((await get(url.summary(on), agentOn)).totalMs);
      healthOn.push((await get(url.health(on), agentOn)).totalMs);
    }
    sumOff.push((await get(url.summary(off), agentOff, 300_000)).totalMs);
    healthOff.push((await get(url.health(off), agentOff, 300_000)).totalMs);
  }
  for (const [id, route, onS, offS, withTarget] of [
    ['dashboard-summary', 'GET /api/dashboard/summary', summarize(sumOn), summarize(sumOff), true],
    [
      'cluster-health',
      "GET /api/cluster-health (the dashboard's health score)",
      summarize(healthOn),
      summarize(healthOff),
      false,
    ],
  ] as const) {
    report.add({
      id,
      title: `${route} — 10,000+ pods, 1,000+ nodes`,
      unit: 'ms',
      oursLabel: `n=${onS.n}, watch cache on (counters kept from events)`,
      baselineLabel: `n=${offS.n}, same route, ORPHELIX_WATCH_CACHE=off (LISTs every section)`,
      stats: [
        { name: 'p50', ours: onS.p50, baseline: offS.p50 },
        { name: 'p95', ours: onS.p95, baseline: offS.p95 },
      ],
      ratioLabel: 'faster (baseline / ours)',
      ratios: { p50: offS.p50 / onS.p50, p95: offS.p95 / onS.p95 },
      targets: withTarget ? [atMost('summary p95 ≤ 100 ms', onS.p95, 100, 'ms')] : [],
      extra: {
        ours: onS,
        baseline: offS,
        ...(id === 'dashboard-summary' ? { coldFirstRequestMs: coldSummary.totalMs } : {}),
      },
    });
  }
  if (profile) report.set('profile', printHot('API during the GET /api/pods rounds', profile, ROOT));

  report.set('apiStartSeconds', { on: on.startSeconds, off: off.startSeconds });
  report.set('apiMemory', { on: await on.child.call('memory'), off: await off.child.call('memory') });
  agentOn.destroy();
  agentOff.destroy();
  report.finish();
});
