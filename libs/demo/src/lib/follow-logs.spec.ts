import type { V1Pod } from '@kubernetes/client-node';
import { isClusterError, type ClusterError, type FollowLogOptions } from '@orphelix/k8s';
import type { Subscription } from 'rxjs';
import { DemoCluster } from './demo-cluster';

const START = new Date('2026-11-27T10:17:00Z').getTime();

interface Followed {
  chunks: string[];
  error: unknown;
  done: boolean;
  subscription: Subscription;
}

async function rejection(promise: Promise<unknown>): Promise<ClusterError> {
  const error: unknown = await promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  if (isClusterError(error)) return error;
  throw error;
}

const lines = (text: string): number => text.split('\n').filter(Boolean).length;

describe('DemoCluster.followPodLogs', () => {
  let t: number;
  let cluster: DemoCluster;
  const open: Subscription[] = [];

  const follow = (namespace: string, pod: string, options: FollowLogOptions = {}): Followed => {
    const f = { chunks: [] as string[], error: undefined as unknown, done: false } as Followed;
    f.subscription = cluster.followPodLogs('demo', namespace, pod, options).subscribe({
      next: (chunk) => f.chunks.push(chunk),
      error: (e: unknown) => {
        f.error = e;
      },
      complete: () => {
        f.done = true;
      },
    });
    open.push(f.subscription);
    return f;
  };
  /** Moves the clock and lets the shared timer fire once. */
  const later = (ms: number): void => {
    t += ms;
    jest.advanceTimersByTime(1000);
  };
  const pod = async (namespace: string, labelSelector: string, keep: (p: V1Pod) => boolean = () => true) => {
    const found = (await cluster.list('demo', 'pods', { namespace, labelSelector })).items.find(keep);
    if (!found?.metadata?.name) throw new Error(`no pod ${labelSelector} in ${namespace}`);
    return found.metadata.name;
  };
  const running = (p: V1Pod): boolean => p.status?.containerStatuses?.[0].state?.running !== undefined;

  beforeEach(() => {
    jest.useFakeTimers();
    t = START;
    cluster = new DemoCluster({ seed: 7, now: () => new Date(t), tickMs: 1000 });
  });

  afterEach(() => {
    for (const s of open.splice(0)) s.unsubscribe();
    jest.useRealTimers();
  });

  it('sends what podLogs answers, then each line as it is written: nothing twice, nothing missing', async () => {
    const name = await pod('kube-system', 'app.kubernetes.io/name=ingress-nginx');
    const initial = await cluster.podLogs('demo', 'kube-system', name, { sinceSeconds: 60 });
    const f = follow('kube-system', name, { sinceSeconds: 60 });
    expect(f.chunks).toEqual([initial]);
    expect(lines(initial)).toBeGreaterThan(10);
    for (let i = 0; i < 30; i++) later(1000);
    later(8000);
    const all = await cluster.podLogs('demo', 'kube-system', name, { sinceSeconds: 60 + 38 });
    expect(f.chunks.length).toBeGreaterThan(10);
    expect(f.chunks.slice(1).every((c) => c.endsWith('\n') && c.length > 0)).toBe(true);
    expect(f.chunks.join('')).toBe(all);
    expect(lines(all) - lines(initial)).toBeGreaterThan(15);
    expect(f.done).toBe(false);
    expect(f.error).toBeUndefined();
  });

  it('honours tailLines and timestamps for the start, then follows with timestamps', async () => {
    const name = await pod('kube-system', 'app.kubernetes.io/name=ingress-nginx');
    const f = follow('kube-system', name, { tailLines: 3, timestamps: true });
    expect(f.chunks).toEqual([await cluster.podLogs('demo', 'kube-system', name, { tailLines: 3, timestamps: true })]);
    expect(lines(f.chunks[0])).toBe(3);
    later(20_000);
    const text = f.chunks.join('');
    expect(lines(text)).toBeGreaterThan(5);
    for (const line of text.split('\n').filter(Boolean)) {
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /);
    }
    const tail = await cluster.podLogs('demo', 'kube-system', name, { tailLines: lines(text), timestamps: true });
    expect(text).toBe(tail);
  });

  it('completes when the followed run ends, and not before', async () => {
    const name = await pod('production', 'app=search', running);
    const f = follow('production', name, { sinceSeconds: 10 });
    const from = t - 10_000;
    let steps = 0;
    while (!f.done && steps++ < 40) later(60_000);
    expect(f.done).toBe(true);
    expect(f.error).toBeUndefined();
    const doneAt = t;
    later(60_000);
    const after = await cluster.get('demo', 'pods', name, 'production');
    const ended = after.status?.containerStatuses?.[0].lastState?.terminated?.finishedAt?.getTime() ?? 0;
    expect(ended).toBeGreaterThan(doneAt - 60_000);
    expect(ended).toBeLessThanOrEqual(doneAt);
    const whole = await cluster.podLogs('demo', 'production', name, {
      previous: true,
      sinceSeconds: Math.ceil((t - from) / 1000),
    });
    expect(f.chunks.join('')).toBe(whole);
    expect(lines(whole)).toBeGreaterThan(20);
    expect(cluster.streams).toEqual({ open: 0, timerRunning: false });
  });

  it('sends the last lines a crashing run writes before it completes', async () => {
    const name = await pod('production', 'app=payments-worker');
    const before = await cluster.get('demo', 'pods', name, 'production');
    const worker = before.status?.containerStatuses?.find((c) => c.name === 'worker');
    // The kubelet restarts the worker when its five-minute back-off is over; it crashes four seconds later.
    t = (worker?.lastState?.terminated?.finishedAt?.getTime() ?? 0) + 5 * 60_000 + 1500;
    const f = follow('production', name, { container: 'worker' });
    const now = await cluster.get('demo', 'pods', name, 'production');
    expect(now.status?.containerStatuses?.find((c) => c.name === 'worker')?.state?.running).toBeDefined();
    expect(f.chunks).toHaveLength(1);
    expect(f.chunks[0]).not.toContain('ConfigError');
    later(10_000);
    expect(f.done).toBe(true);
    const text = f.chunks.join('');
    expect(text).toBe(await cluster.podLogs('demo', 'production', name, { container: 'worker' }));
    expect(text).toContain('ConfigError: PAYMENTS_PROVIDER_URL is not a valid URL');
    expect(text.endsWith('process exited with code 1\n')).toBe(true);
  });

  it('sends a crash-looping container’s crashed run and completes while it is in back-off', async () => {
    const name = await pod('production', 'app=payments-worker');
    const f = follow('production', name, { container: 'worker' });
    expect(f.chunks).toEqual([await cluster.podLogs('demo', 'production', name, { container: 'worker' })]);
    expect(f.chunks[0]).toContain('ConfigError');
    expect(f.done).toBe(true);
    expect(cluster.streams.timerRunning).toBe(false);
  });

  it('with previous, sends the previous run and completes', async () => {
    const name = await pod('production', 'app=search', running);
    const f = follow('production', name, { previous: true, tailLines: 20 });
    expect(f.chunks).toEqual([await cluster.podLogs('demo', 'production', name, { previous: true, tailLines: 20 })]);
    expect(f.done).toBe(true);
  });

  it('completes when the pod is deleted, even if a namesake replaces it', async () => {
    const name = await pod('production', 'app=storefront');
    const storefront = follow('production', name, { tailLines: 1 });
    const redis = follow('staging', 'redis-0', { tailLines: 1 });
    later(5000);
    expect([storefront.done, redis.done]).toEqual([false, false]);
    await cluster.deletePod('demo', 'production', name);
    await cluster.deletePod('demo', 'staging', 'redis-0');
    await expect(cluster.get('demo', 'pods', 'redis-0', 'staging')).resolves.toBeDefined();
    later(1000);
    expect([storefront.done, redis.done]).toEqual([true, true]);
    expect(cluster.streams).toEqual({ open: 0, timerRunning: false });
  });

  it('fails exactly as podLogs does, without starting the timer', async () => {
    const storefront = await pod('production', 'app=storefront');
    const waiting = await pod('production', 'app=checkout-api', (p) => !running(p));
    const payments = await pod('production', 'app=payments-worker');
    const cases: [string, string, FollowLogOptions][] = [
      ['production', 'no-such-pod', {}],
      ['production', storefront, { container: 'sidecar' }],
      ['production', storefront, { previous: true }],
      ['production', payments, {}],
      ['production', waiting, {}],
      ['production', storefront, { tailLines: -1 }],
      ['production', storefront, { sinceSeconds: 0 }],
    ];
    for (const [namespace, name, options] of cases) {
      const expected = await rejection(cluster.podLogs('demo', namespace, name, options));
      const f = follow(namespace, name, options);
      expect(f.chunks).toEqual([]);
      expect(isClusterError(f.error)).toBe(true);
      const error = f.error as ClusterError;
      expect({ code: error.code, message: error.message, details: error.details }).toEqual({
        code: expected.code,
        message: expected.message,
        details: expected.details,
      });
    }
    const codes = await Promise.all(
      cases.slice(0, 2).map(async ([n, p, o]) => (await rejection(cluster.podLogs('demo', n, p, o))).code),
    );
    expect(codes).toEqual(['NOT_FOUND', 'VALIDATION_ERROR']);
    const context = cluster.followPodLogs('prod', 'production', storefront, {});
    let contextError: unknown;
    context.subscribe({ error: (e: unknown) => (contextError = e) });
    expect(isClusterError(contextError) && contextError.code).toBe('CONTEXT_NOT_FOUND');
    expect(cluster.streams).toEqual({ open: 0, timerRunning: false });
  });

  it('stops following when unsubscribed', async () => {
    const name = await pod('kube-system', 'app.kubernetes.io/name=ingress-nginx');
    const f = follow('kube-system', name, { tailLines: 0 });
    expect(f.chunks).toEqual([]);
    later(5000);
    const seen = f.chunks.length;
    expect(seen).toBe(1);
    f.subscription.unsubscribe();
    expect(jest.getTimerCount()).toBe(0);
    later(5000);
    expect(f.chunks.length).toBe(seen);
  });
});
