import { execFileSync } from 'node:child_process';
import type { INestApplication } from '@nestjs/common';
import type { LabInfo } from '@orphelix/lab-cluster';
import { type WatchCache } from '@orphelix/k8s';
import { type Answer, describeAnswer, get, getRoutes, isClusterList, listen, type Query } from '../e2e/routes';
import { createLabApp } from '../testing/lab-app';
import { createTestApp } from '../testing/test-app';
import { WATCH_CACHE } from './live.tokens';

/**
 * The watch cache must not change a single answer: every cluster list route, the dashboard summary
 * and the health score give the same results served from the cache as read from the apiserver.
 */

let cached: INestApplication;
let direct: INestApplication;
let cachedUrl: string;
let directUrl: string;
let lab: LabInfo;

beforeAll(async () => {
  ({ app: cached, lab } = await createLabApp());
  direct = await createTestApp({
    port: 'configured',
    env: { ORPHELIX_MODE: 'cluster', KUBECONFIG: lab.kubeconfig, ORPHELIX_WATCH_CACHE: 'off' },
  });
  cachedUrl = await listen(cached);
  directUrl = await listen(direct);
});

afterAll(async () => {
  await cached?.close();
  await direct?.close();
});

/** What may differ between two reads a moment apart: the list's RV and the clock-derived columns. */
function comparable(body: unknown): unknown {
  return JSON.parse(
    JSON.stringify(body, (key, value: unknown) =>
      key === 'resourceVersion' || key === 'requestId' || key === 'generatedAt' || key === 'age' || key === 'lastSeen' || key === 'lastSchedule' || key === 'duration'
        ? undefined
        : value,
    ),
  );
}

/** Both answers to the same request; retried once when they differ (an object may change between the reads). */
async function both(path: string, query: Query): Promise<[Answer, Answer]> {
  for (let attempt = 0; ; attempt++) {
    const [a, b] = await Promise.all([get(cachedUrl, path, query, 30_000), get(directUrl, path, query, 30_000)]);
    const same = a.status === b.status && JSON.stringify(comparable(a.body)) === JSON.stringify(comparable(b.body));
    if (same || attempt >= 2) return [a, b];
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

const QUERIES: Query[] = [
  {},
  { namespace: 'shop' },
  { labelSelector: 'app' },
  { labelSelector: 'app in (web,catalog),tier!=db' },
  { q: 'a', sort: '-age', limit: 3, offset: 1 },
  { sort: 'name' },
  { context: 'lab-viewer', namespace: 'shop' },
  { fieldSelector: 'metadata.namespace=shop,metadata.name!=web' },
  // Supported for pods and evaluated by the cache; other kinds' 400 comes from the apiserver either way.
  { fieldSelector: 'status.phase!=Running' },
  { fieldSelector: 'spec.nodeName=lab-node-1' },
  { fieldSelector: 'spec.replicas=1' },
];

/** The events route's own filters. */
const EVENT_QUERIES: Query[] = [{ type: 'Warning' }, { type: 'Normal', namespace: 'shop' }, { sinceMinutes: 600 }, { fieldSelector: 'reason=BackOff' }, { fieldSelector: 'involvedObject.kind=Pod,type=Warning', sort: 'count' }];

describe('lists from the watch cache equal lists from the apiserver', () => {
  it('for every cluster list route and query', async () => {
    const routes = getRoutes(cached).filter(isClusterList);
    expect(routes.length).toBeGreaterThanOrEqual(17);
    const mismatches: string[] = [];
    for (const route of routes) {
      for (const query of QUERIES) {
        const [fromCache, fromApiserver] = await both(route.path, query);
        if (fromCache.status !== fromApiserver.status || JSON.stringify(comparable(fromCache.body)) !== JSON.stringify(comparable(fromApiserver.body))) {
          mismatches.push(`${describeAnswer(route.path, query, fromCache)}\n  vs apiserver: ${describeAnswer(route.path, query, fromApiserver)}`);
        }
      }
    }
    for (const query of EVENT_QUERIES) {
      const [fromCache, fromApiserver] = await both('/api/events', query);
      if (JSON.stringify(comparable(fromCache.body)) !== JSON.stringify(comparable(fromApiserver.body)) || fromCache.status !== 200) {
        mismatches.push(`${describeAnswer('/api/events', query, fromCache)}\n  vs apiserver: ${describeAnswer('/api/events', query, fromApiserver)}`);
      }
    }
    expect(mismatches).toEqual([]);
    // And they were served from the cache: informers exist for the kinds listed.
    const kinds = new Set(cached.get<WatchCache>(WATCH_CACHE).info().map((i) => i.kind));
    expect(kinds.has('pods') && kinds.has('deployments') && kinds.has('events')).toBe(true);
  });

  it('for the dashboard summary and health score, including partly forbidden ones', async () => {
    for (const query of [{}, { namespace: 'shop' }, { context: 'lab-viewer', namespace: 'shop' }, { context: 'lab-viewer' }] as Query[]) {
      for (const path of ['/api/dashboard/summary', '/api/cluster-health']) {
        const [fromCache, fromApiserver] = await both(path, query);
        expect(fromCache.status).toBe(fromApiserver.status);
        expect(comparable(fromCache.body)).toEqual(comparable(fromApiserver.body));
      }
    }
  });

  it('keeps the summary current from watch events', async () => {
    const before = (await get(cachedUrl, '/api/dashboard/summary', { namespace: 'shop' })).body as { configmaps: number };
    const cluster = cached.get<WatchCache>(WATCH_CACHE);
    const informer = cluster.peek('lab-admin', 'configmaps', null);
    expect(informer).toBeDefined();
    const lists = informer?.stats.lists;
    const name = `summary-${process.pid}`;
    execFileSync(lab.kubectl, ['--kubeconfig', lab.adminKubeconfig, '-n', 'shop', 'create', 'configmap', name, '--from-literal=k=v']);
    try {
      const deadline = Date.now() + 15_000;
      let after = before;
      while (after.configmaps !== before.configmaps + 1 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        after = (await get(cachedUrl, '/api/dashboard/summary', { namespace: 'shop' })).body as { configmaps: number };
      }
      expect(after.configmaps).toBe(before.configmaps + 1);
      // Counted from the event, not by listing again.
      expect(informer?.stats.lists).toBe(lists);
    } finally {
      execFileSync(lab.kubectl, ['--kubeconfig', lab.adminKubeconfig, '-n', 'shop', 'delete', 'configmap', name]);
    }
  });
});
