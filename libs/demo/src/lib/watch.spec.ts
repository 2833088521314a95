import type { KubernetesObject } from '@kubernetes/client-node';
import { isClusterError, isGone, type KindName, type WatchEvent } from '@orphelix/k8s';
import type { Observable, Subscription } from 'rxjs';
import { DemoCluster } from './demo-cluster';
import type { ChangeRecord } from './store';

const START = new Date('2026-11-27T10:17:00Z').getTime();

interface Recorder<T> {
  values: T[];
  error: unknown;
  done: boolean;
  subscription: Subscription;
}

function record<T>(observable: Observable<T>): Recorder<T> {
  const r = { values: [] as T[], error: undefined as unknown, done: false } as Recorder<T>;
  r.subscription = observable.subscribe({
    next: (v) => r.values.push(v),
    error: (e: unknown) => {
      r.error = e;
    },
    complete: () => {
      r.done = true;
    },
  });
  return r;
}

/** Polls (real timers) until the condition holds; fails after `ms`. */
async function waitFor(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const summary = (e: WatchEvent<KubernetesObject>): string =>
  `${e.type} ${e.object.metadata?.resourceVersion} ${e.object.metadata?.namespace ?? ''}/${e.object.metadata?.name}`;
const changeSummary = (c: ChangeRecord): string =>
  `${c.type} ${c.resourceVersion} ${c.object.metadata?.namespace ?? ''}/${c.object.metadata?.name}`;
const changesOf = (cluster: DemoCluster, rv: string, kind: KindName, keep: (c: ChangeRecord) => boolean = () => true) =>
  (cluster.changesSince(rv) ?? []).filter((c) => c.kind === kind && keep(c));

describe('DemoCluster.watch', () => {
  let t: number;
  let cluster: DemoCluster;
  const open: Subscription[] = [];
  const watch = <K extends KindName>(
    kind: K,
    options: Parameters<DemoCluster['watch']>[2],
    on: DemoCluster = cluster,
  ): Recorder<WatchEvent<KubernetesObject>> => {
    const r = record(on.watch('demo', kind, options) as Observable<WatchEvent<KubernetesObject>>);
    open.push(r.subscription);
    return r;
  };

  beforeEach(() => {
    t = START;
    cluster = new DemoCluster({ seed: 7, now: () => new Date(t), tickMs: 5 });
  });

  afterEach(() => {
    for (const s of open.splice(0)) s.unsubscribe();
    jest.useRealTimers();
  });

  it('replays every change after the resourceVersion, oldest first, of the kind and namespace asked for', () => {
    const from = cluster.resourceVersion;
    t += 180_000;
    cluster.tick(new Date(t));
    const expected = changesOf(cluster, from, 'pods', (c) => c.object.metadata?.namespace === 'production');
    expect(expected.length).toBeGreaterThan(10);
    expect(new Set(expected.map((c) => c.type))).toEqual(new Set(['ADDED', 'MODIFIED', 'DELETED']));

    const w = watch('pods', { namespace: 'production', resourceVersion: from });
    expect(w.error).toBeUndefined();
    expect(w.values.map(summary)).toEqual(expected.map(changeSummary));
    expect(w.values.every((e) => e.object.kind === 'Pod' && e.object.apiVersion === 'v1')).toBe(true);
    const versions = w.values.map((e) => Number(e.object.metadata?.resourceVersion));
    expect(versions.every((v, i) => i === 0 || v > versions[i - 1])).toBe(true);

    // Each watch gets its own copies.
    const other = watch('pods', { namespace: 'production', resourceVersion: from });
    other.values[0].object.metadata = { name: 'scribbled' };
    expect(w.values[0].object.metadata?.name).not.toBe('scribbled');
  });

  it('narrows by label selector; a cluster-scoped kind ignores the namespace', () => {
    const from = cluster.resourceVersion;
    t += 180_000;
    cluster.tick(new Date(t));
    const checkout = watch('pods', { resourceVersion: from, labelSelector: 'app=checkout-api' });
    const expected = changesOf(cluster, from, 'pods', (c) => c.object.metadata?.labels?.['app'] === 'checkout-api');
    expect(expected.length).toBeGreaterThan(5);
    expect(checkout.values.map(summary)).toEqual(expected.map(changeSummary));
    const nodes = watch('nodes', { resourceVersion: from, namespace: 'production' });
    expect(nodes.values.map(summary)).toEqual(changesOf(cluster, from, 'nodes').map(changeSummary));
  });

  it('reports an object entering a label selection as ADDED and leaving it as DELETED', () => {
    const from = cluster.resourceVersion;
    const store = cluster['sim'].store;
    const map = store.find('configmaps', 'search-config', 'production');
    if (!map) throw new Error('search-config is part of the story');
    const relabel = (labels: Record<string, string>, data: Record<string, string> = {}): void => {
      store.modify('configmaps', map, (m) => {
        m.metadata = { ...m.metadata, labels };
        m.data = { ...m.data, ...data };
      });
    };
    relabel({ watched: 'yes' });
    relabel({ watched: 'yes', tier: 'search' });
    relabel({ watched: 'yes', tier: 'search' }, { extra: '1' });
    relabel({ watched: 'no' });
    relabel({ watched: 'no' }, { extra: '2' });
    const w = watch('configmaps', { resourceVersion: from, labelSelector: 'watched=yes' });
    expect(w.values.map((e) => `${e.type} ${e.object.metadata?.labels?.['watched']}`)).toEqual([
      'ADDED yes',
      'MODIFIED yes',
      'MODIFIED yes',
      'DELETED no',
    ]);
  });

  it('resumes from any event’s resourceVersion with exactly the later changes: no gap, no duplicate', () => {
    const from = cluster.resourceVersion;
    t += 90_000;
    cluster.tick(new Date(t));
    const first = watch('events', { resourceVersion: from });
    expect(first.values.length).toBeGreaterThan(6);
    const cut = Math.floor(first.values.length / 2);
    const resumeAt = first.values[cut - 1].object.metadata?.resourceVersion ?? '';
    first.subscription.unsubscribe();
    t += 90_000;
    cluster.tick(new Date(t));
    const resumed = watch('events', { resourceVersion: resumeAt });
    const whole = watch('events', { resourceVersion: from });
    expect(resumed.values.length).toBeGreaterThan(0);
    expect([...first.values.slice(0, cut), ...resumed.values].map(summary)).toEqual(whole.values.map(summary));
  });

  it('answers 410 Gone for a resourceVersion the change log no longer reaches, or that is not a number', () => {
    const ahead = String(Number(cluster.resourceVersion) + 1000);
    for (const resourceVersion of ['1', '0', 'abc', '', '12.5', ahead]) {
      const w = watch('pods', { resourceVersion });
      expect(isGone(w.error)).toBe(true);
      expect(w.values).toEqual([]);
    }
    expect(cluster.streams).toEqual({ open: 0, timerRunning: false });
  });

  it('validates the context, the kind, the selector and the timeout', () => {
    const rv = cluster.resourceVersion;
    const code = (r: Recorder<unknown>): string | undefined => (isClusterError(r.error) ? r.error.code : undefined);
    expect(code(record(cluster.watch('prod', 'pods', { resourceVersion: rv })))).toBe('CONTEXT_NOT_FOUND');
    expect(code(watch('widgets' as 'pods', { resourceVersion: rv }))).toBe('VALIDATION_ERROR');
    const selector = watch('pods', { resourceVersion: rv, labelSelector: 'app in (' });
    expect(code(selector)).toBe('VALIDATION_ERROR');
    const timeout = watch('pods', { resourceVersion: rv, timeoutSeconds: -1 });
    expect(isClusterError(timeout.error) && timeout.error.details['fields']).toEqual([
      expect.objectContaining({ field: 'timeoutSeconds' }),
    ]);
    expect(cluster.streams.timerRunning).toBe(false);
  });

  it('keeps delivering as the clock moves, without anyone calling tick', async () => {
    const from = cluster.resourceVersion;
    const pods = watch('pods', { resourceVersion: from });
    const events = watch('events', { resourceVersion: from });
    expect(pods.values).toEqual([]);
    t += 90_000;
    await waitFor(() => pods.values.length > 0 && events.values.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(pods.values.map(summary)).toEqual(changesOf(cluster, from, 'pods').map(changeSummary));
    expect(events.values.map(summary)).toEqual(changesOf(cluster, from, 'events').map(changeSummary));
  });

  it('emits changes on its own within a short wall time when the clock is real time, sped up', async () => {
    const wall = Date.now();
    const fast = new DemoCluster({ seed: 7, now: () => new Date(START + (Date.now() - wall) * 60), tickMs: 20 });
    const w = watch('events', { resourceVersion: fast.resourceVersion }, fast);
    await waitFor(() => w.values.some((e) => e.type !== 'BOOKMARK'), 2500);
    expect(w.error).toBeUndefined();
  });

  it('runs one timer for the whole cluster, however many streams, and none once the last one closes', () => {
    jest.useFakeTimers();
    const c = new DemoCluster({ seed: 7, now: () => new Date(t), tickMs: 250 });
    const advance = jest.spyOn(c['sim'], 'advance');
    expect(jest.getTimerCount()).toBe(0);
    const rv = c.resourceVersion;
    const streams = [
      watch('pods', { resourceVersion: rv }, c),
      watch('events', { resourceVersion: rv, namespace: 'production' }, c),
      watch('deployments', { resourceVersion: rv }, c),
    ];
    const follow = c.followPodLogs('demo', 'kube-system', 'etcd-demo-control-plane', {}).subscribe();
    expect(jest.getTimerCount()).toBe(1);
    expect(c.streams).toEqual({ open: 4, timerRunning: true });
    advance.mockClear();
    t += 1000;
    jest.advanceTimersByTime(250);
    expect(advance).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1000);
    expect(advance).toHaveBeenCalledTimes(5);

    streams[0].subscription.unsubscribe();
    follow.unsubscribe();
    expect(jest.getTimerCount()).toBe(1);
    streams[1].subscription.unsubscribe();
    streams[2].subscription.unsubscribe();
    expect(jest.getTimerCount()).toBe(0);
    expect(c.streams).toEqual({ open: 0, timerRunning: false });
    advance.mockClear();
    jest.advanceTimersByTime(10_000);
    expect(advance).not.toHaveBeenCalled();
    // Unsubscribing twice is harmless; a new watch starts the timer again.
    streams[0].subscription.unsubscribe();
    watch('pods', { resourceVersion: c.resourceVersion }, c);
    expect(jest.getTimerCount()).toBe(1);
  });

  it('sends a BOOKMARK with the latest resourceVersion after each quiet bookmark interval', () => {
    jest.useFakeTimers();
    const c = new DemoCluster({ seed: 7, now: () => new Date(t), tickMs: 1000 });
    const w = watch('configmaps', { resourceVersion: c.resourceVersion }, c);
    const step = (ms: number): void => {
      t += ms;
      jest.advanceTimersByTime(ms);
    };
    step(9000);
    expect(w.values).toEqual([]);
    step(1000);
    expect(w.values).toEqual([
      {
        type: 'BOOKMARK',
        object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: c.resourceVersion } },
      },
    ]);
    expect(Number(c.resourceVersion)).toBeGreaterThan(0);
    step(9000);
    expect(w.values).toHaveLength(1);
    step(1000);
    expect(w.values.map((e) => e.type)).toEqual(['BOOKMARK', 'BOOKMARK']);
    // A bookmark's resourceVersion is a valid place to resume from.
    const resumed = watch('configmaps', { resourceVersion: w.values[1].object.metadata?.resourceVersion ?? '' }, c);
    expect(resumed.error).toBeUndefined();

    const quick = new DemoCluster({ seed: 7, now: () => new Date(t), tickMs: 1000, bookmarkMs: 2000 });
    const q = watch('secrets', { resourceVersion: quick.resourceVersion }, quick);
    step(2000);
    expect(q.values.map((e) => e.type)).toEqual(['BOOKMARK']);
    expect(q.values[0].object).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { resourceVersion: quick.resourceVersion },
    });
  });

  it('ends normally after timeoutSeconds, releasing its timers', () => {
    jest.useFakeTimers();
    const c = new DemoCluster({ seed: 7, now: () => new Date(t), tickMs: 1000 });
    const w = watch('pods', { resourceVersion: c.resourceVersion, timeoutSeconds: 30 }, c);
    expect(jest.getTimerCount()).toBe(2);
    jest.advanceTimersByTime(29_999);
    expect(w.done).toBe(false);
    jest.advanceTimersByTime(1);
    expect(w.done).toBe(true);
    expect(w.error).toBeUndefined();
    expect(jest.getTimerCount()).toBe(0);
  });
});
