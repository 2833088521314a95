import type { CoreV1Event, V1Pod, V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import { DemoCluster } from './demo-cluster';
import type { ChangeRecord } from './store';

const START = Date.parse('2026-11-27T10:17:00Z');

/** A cluster whose clock the test moves; `run` ticks it forward in steps and returns what changed. */
function simulated(seed?: number) {
  let t = START;
  const cluster = new DemoCluster({ ...(seed !== undefined ? { seed } : {}), now: () => new Date(t) });
  const run = (seconds: number, stepSeconds: number): ChangeRecord[] => {
    const from = cluster.resourceVersion;
    for (let s = 0; s < seconds; s += stepSeconds) {
      t += stepSeconds * 1000;
      cluster.tick(new Date(t));
    }
    return cluster.changesSince(from) ?? [];
  };
  return { cluster, run };
}

const readyOf = (p: V1Pod): string | undefined => p.status?.conditions?.find((c) => c.type === 'Ready')?.status;

describe('the simulation keeps changing on its own', () => {
  // One cluster, its clock moving on from test to test (each simulated step costs real time).
  const { cluster, run } = simulated();

  it('drops the search pods in and out of Ready between OOM kills, counting the timed-out probes', async () => {
    const timeouts = async (): Promise<number> =>
      (await cluster.list('demo', 'events', { namespace: 'production', fieldSelector: 'reason=Unhealthy' })).items
        .filter((e: CoreV1Event) => e.message?.includes('context deadline exceeded'))
        .filter((e) => e.involvedObject.name?.startsWith('search-'))
        .reduce((n, e) => n + (e.count ?? 0), 0);
    const before = await timeouts();
    const changes = run(150, 5);
    // Within one run (same restart count) a pod goes unready and ready again.
    const runs = new Map<string, Set<string | undefined>>();
    for (const c of changes) {
      const pod = c.object as V1Pod;
      const status = pod.status?.containerStatuses?.[0];
      if (c.kind !== 'pods' || pod.metadata?.labels?.['app'] !== 'search' || !status?.state?.running) continue;
      const key = `${pod.metadata.name} ${status.restartCount}`;
      runs.set(key, (runs.get(key) ?? new Set()).add(readyOf(pod)));
    }
    expect([...runs.values()].some((states) => states.has('True') && states.has('False'))).toBe(true);
    expect(await timeouts()).toBeGreaterThan(before + 3);
    const search = changes.filter((c) => c.kind === 'deployments' && c.object.metadata?.name === 'search');
    expect(search.length).toBeGreaterThan(1);
  });

  it('moves autoscaler metrics at every 15 s sync without making them scale', () => {
    const changes = run(120, 5);
    const storefront = changes
      .filter((c) => c.kind === 'hpa' && c.object.metadata?.name === 'storefront')
      .map((c) => c.object as V2HorizontalPodAutoscaler);
    expect(storefront.length).toBeGreaterThanOrEqual(6);
    const cpu = storefront.map((h) => h.status?.currentMetrics?.[0].resource?.current.averageUtilization ?? -1);
    expect(new Set(cpu).size).toBeGreaterThan(3);
    expect(cpu.every((u) => u > 0 && u <= 73)).toBe(true);
    for (const h of storefront) {
      expect(h.status?.desiredReplicas).toBe(h.status?.currentReplicas);
      const metric = h.status?.currentMetrics?.[0].resource?.current;
      // averageValue follows the utilization: 42 % of a 250m request is 105m.
      expect(metric?.averageValue).toBe(`${Math.round((105 * (metric?.averageUtilization ?? 0)) / 42)}m`);
    }
    // An autoscaler without metrics has nothing to sample.
    expect(changes.some((c) => c.kind === 'hpa' && c.object.metadata?.name === 'payments-worker')).toBe(false);
  });

  it('is never quiet for long: something changes every 15 s, the pods at least every 40 s', () => {
    let quiet = { any: 0, pods: 0 };
    let longest = { any: 0, pods: 0 };
    for (let s = 0; s < 90; s += 2) {
      const changes = run(2, 2);
      quiet = {
        any: changes.length > 0 ? 0 : quiet.any + 2,
        pods: changes.some((c) => c.kind === 'pods') ? 0 : quiet.pods + 2,
      };
      longest = { any: Math.max(longest.any, quiet.any), pods: Math.max(longest.pods, quiet.pods) };
    }
    expect(longest.any).toBeLessThan(16);
    expect(longest.pods).toBeLessThan(40);
  });
});

describe('determinism', () => {
  it('writes the same history for the same seed and clock, another for another seed', () => {
    const json = (changes: ChangeRecord[]): string => JSON.stringify(changes);
    const a = json(simulated(11).run(90, 5));
    expect(a.length).toBeGreaterThan(1000);
    expect(json(simulated(11).run(90, 5))).toBe(a);
    expect(json(simulated(12).run(90, 5))).not.toBe(a);
  });
});
