import type { KubernetesObject } from '@kubernetes/client-node';
import { isClusterError, isGone, type ClusterError } from '@orphelix/k8s';
import { DemoCluster } from './demo-cluster';

const START = new Date('2026-11-27T10:17:00Z').getTime();

async function failure(promise: Promise<unknown>): Promise<ClusterError> {
  const error: unknown = await promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  if (isClusterError(error)) return error;
  throw error;
}

const keys = (items: KubernetesObject[]): string[] =>
  items.map((o) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name}`);

describe('DemoCluster.listPage', () => {
  let t: number;
  let cluster: DemoCluster;

  beforeEach(() => {
    t = START;
    cluster = new DemoCluster({ seed: 7, now: () => new Date(t) });
  });

  it('pages through the same items, in the same order, as one list, every page at the first page’s resourceVersion', async () => {
    const whole = await cluster.list('demo', 'pods');
    const pages: { count: number; rv: string }[] = [];
    const items: KubernetesObject[] = [];
    let token: string | undefined;
    do {
      const page = await cluster.listPage('demo', 'pods', { limit: 7, ...(token ? { continue: token } : {}) });
      pages.push({ count: page.items.length, rv: page.resourceVersion });
      items.push(...page.items);
      token = page.continue ?? undefined;
    } while (token);
    expect(whole.items.length).toBeGreaterThan(14);
    expect(pages.length).toBe(Math.ceil(whole.items.length / 7));
    expect(pages.slice(0, -1).every((p) => p.count === 7)).toBe(true);
    expect(new Set(pages.map((p) => p.rv))).toEqual(new Set([whole.resourceVersion]));
    expect(keys(items)).toEqual(keys(whole.items));
    expect(items).toEqual(whole.items);
  });

  it('answers a list that fits in one page without a continue token', async () => {
    const whole = await cluster.list('demo', 'namespaces');
    const page = await cluster.listPage('demo', 'namespaces', { limit: whole.items.length });
    expect(page).toEqual({ items: whole.items, resourceVersion: whole.resourceVersion, continue: null });
  });

  it('scopes pages to a namespace', async () => {
    const whole = await cluster.list('demo', 'pods', { namespace: 'staging' });
    const first = await cluster.listPage('demo', 'pods', { namespace: 'staging', limit: 2 });
    const second = await cluster.listPage('demo', 'pods', {
      namespace: 'staging',
      limit: 100,
      continue: first.continue ?? '',
    });
    expect(keys([...first.items, ...second.items])).toEqual(keys(whole.items));
    expect(second.continue).toBeNull();
  });

  it('keeps serving the snapshot of the first page while the cluster changes', async () => {
    const before = await cluster.list('demo', 'pods', { namespace: 'production' });
    const first = await cluster.listPage('demo', 'pods', { namespace: 'production', limit: 3 });
    // Delete a pod the later pages hold, restart a workload and let two minutes pass.
    const victim = before.items[before.items.length - 1];
    await cluster.deletePod('demo', 'production', victim.metadata?.name ?? '');
    await cluster.restartWorkload('demo', 'deployments', 'production', 'storefront', new Date(t));
    t += 120_000;
    const now = await cluster.list('demo', 'pods', { namespace: 'production' });
    expect(now.resourceVersion).not.toBe(first.resourceVersion);
    expect(keys(now.items)).not.toContain(`production/${victim.metadata?.name}`);

    const rest: KubernetesObject[] = [];
    let token = first.continue;
    while (token) {
      const page = await cluster.listPage('demo', 'pods', { namespace: 'production', limit: 3, continue: token });
      expect(page.resourceVersion).toBe(first.resourceVersion);
      rest.push(...page.items);
      token = page.continue;
    }
    expect([...first.items, ...rest]).toEqual(before.items);
    expect(keys(rest)).toContain(`production/${victim.metadata?.name}`);
  });

  it('answers a retried page the same, and hands out copies', async () => {
    const first = await cluster.listPage('demo', 'services', { limit: 2 });
    const token = first.continue ?? '';
    const a = await cluster.listPage('demo', 'services', { limit: 2, continue: token });
    a.items[0].metadata = { name: 'scribbled' };
    const b = await cluster.listPage('demo', 'services', { limit: 2, continue: token });
    expect(b.items[0].metadata?.name).not.toBe('scribbled');
    expect(b.continue).toBe(a.continue);
  });

  it('answers 410 Gone for a token that has expired, was never issued or was evicted', async () => {
    const first = await cluster.listPage('demo', 'pods', { limit: 5 });
    t += 5 * 60_000 - 1;
    await expect(cluster.listPage('demo', 'pods', { limit: 5, continue: first.continue ?? '' })).resolves.toMatchObject(
      {
        resourceVersion: first.resourceVersion,
      },
    );
    t += 1;
    const expired = await failure(cluster.listPage('demo', 'pods', { limit: 5, continue: first.continue ?? '' }));
    expect(isGone(expired)).toBe(true);
    expect(expired.message).toMatch(/continue/);

    for (const token of ['not-a-token', Buffer.from('{"s":"x","o":5,"rv":"1"}').toString('base64url')]) {
      expect(isGone(await failure(cluster.listPage('demo', 'pods', { limit: 5, continue: token })))).toBe(true);
    }

    const small = new DemoCluster({ seed: 7, now: () => new Date(t), maxContinueSnapshots: 2 });
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) tokens.push((await small.listPage('demo', 'pods', { limit: 1 })).continue ?? '');
    expect(isGone(await failure(small.listPage('demo', 'pods', { limit: 1, continue: tokens[0] })))).toBe(true);
    await expect(small.listPage('demo', 'pods', { limit: 1, continue: tokens[2] })).resolves.toBeDefined();
  });

  it('can be told how long tokens live', async () => {
    const quick = new DemoCluster({ seed: 7, now: () => new Date(t), continueTtlMs: 1000 });
    const first = await quick.listPage('demo', 'events', { limit: 3 });
    t += 1000;
    expect(isGone(await failure(quick.listPage('demo', 'events', { limit: 3, continue: first.continue ?? '' })))).toBe(
      true,
    );
  });

  it('rejects a limit below 1 or not an integer, naming the parameter', async () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      const error = await failure(cluster.listPage('demo', 'pods', { limit }));
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.details).toEqual({ fields: [{ field: 'limit', message: 'limit must be a positive integer' }] });
    }
  });

  it('rejects a token of another list, an unknown kind and an unknown context', async () => {
    const pods = await cluster.listPage('demo', 'pods', { limit: 2 });
    const other = await failure(cluster.listPage('demo', 'services', { limit: 2, continue: pods.continue ?? '' }));
    expect(other.code).toBe('VALIDATION_ERROR');
    expect(other.details['fields']).toEqual([expect.objectContaining({ field: 'continue' })]);
    const scoped = await failure(
      cluster.listPage('demo', 'pods', { namespace: 'staging', limit: 2, continue: pods.continue ?? '' }),
    );
    expect(scoped.code).toBe('VALIDATION_ERROR');
    expect((await failure(cluster.listPage('demo', 'widgets' as 'pods', { limit: 2 }))).code).toBe('VALIDATION_ERROR');
    const context = await failure(cluster.listPage('prod', 'pods', { limit: 2 }));
    expect(context.code).toBe('CONTEXT_NOT_FOUND');
  });
});
