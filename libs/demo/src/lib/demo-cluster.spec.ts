import type { KubernetesObject } from '@kubernetes/client-node';
import { isClusterError, type ClusterError } from '@orphelix/k8s';
import { DemoCluster } from './demo-cluster';

const NOW = new Date('2026-11-27T10:17:00Z');

async function failure(promise: Promise<unknown>): Promise<ClusterError> {
  try {
    await promise;
  } catch (error) {
    if (isClusterError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const names = (items: KubernetesObject[]): string[] =>
  items.map((o) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name}`);

describe('DemoCluster as a ClusterPort', () => {
  let cluster: DemoCluster;

  beforeAll(() => {
    cluster = new DemoCluster({ seed: 7, now: () => NOW });
  });

  describe('contexts', () => {
    it('has exactly one current context named demo', () => {
      expect(cluster.mode).toBe('demo');
      expect(cluster.contexts()).toEqual([
        {
          name: 'demo',
          cluster: 'demo',
          server: 'https://demo.orphelix.local',
          user: 'demo',
          namespace: null,
          current: true,
        },
      ]);
      expect(cluster.defaultContext()).toBe('demo');
      expect(() => cluster.assertContext('demo')).not.toThrow();
    });

    it('answers CONTEXT_NOT_FOUND, listing the known context, on every call', async () => {
      expect(() => cluster.assertContext('prod')).toThrow('Unknown context "prod"');
      const calls: Promise<unknown>[] = [
        cluster.list('prod', 'pods'),
        cluster.get('prod', 'namespaces', 'default'),
        cluster.eventsFor('prod', { kind: 'nodes', name: 'demo-worker-3' }),
        cluster.podLogs('prod', 'production', 'x', {}),
        cluster.restartWorkload('prod', 'deployments', 'production', 'storefront', NOW),
        cluster.deletePod('prod', 'production', 'x'),
        cluster.version('prod'),
        cluster.canI('prod', 'list', 'pods'),
      ];
      for (const call of calls) {
        const error = await failure(call);
        expect(error.code).toBe('CONTEXT_NOT_FOUND');
        expect(error.details).toEqual({ context: 'prod', known: ['demo'] });
      }
    });

    it('reports the server version and allows everything', async () => {
      await expect(cluster.version('demo')).resolves.toEqual({ gitVersion: 'v1.36.3', platform: 'linux/amd64' });
      await expect(cluster.canI('demo', 'delete', 'pods', 'production')).resolves.toBe(true);
    });
  });

  describe('list', () => {
    it('returns objects with apiVersion and kind, sorted by namespace then name, with the list resourceVersion', async () => {
      const list = await cluster.list('demo', 'deployments');
      expect(list.items.every((d) => d.apiVersion === 'apps/v1' && d.kind === 'Deployment')).toBe(true);
      const keys = names(list.items);
      expect(keys).toEqual([...keys].sort((a, b) => a.localeCompare(b)));
      expect(list.resourceVersion).toBe(cluster.resourceVersion);
      expect(Number(list.resourceVersion)).toBeGreaterThan(100);
    });

    it('filters by namespace, and lists all namespaces when none is given', async () => {
      const all = (await cluster.list('demo', 'pods')).items;
      const production = (await cluster.list('demo', 'pods', { namespace: 'production' })).items;
      expect(production.length).toBeGreaterThan(10);
      expect(production.every((p) => p.metadata?.namespace === 'production')).toBe(true);
      expect(new Set(all.map((p) => p.metadata?.namespace))).toEqual(
        new Set(['default', 'kube-system', 'production', 'staging']),
      );
      expect((await cluster.list('demo', 'pods', { namespace: 'nope' })).items).toEqual([]);
    });

    it('ignores the namespace for cluster-scoped kinds', async () => {
      const nodes = await cluster.list('demo', 'nodes', { namespace: 'production' });
      expect(names(nodes.items)).toEqual(['/demo-control-plane', '/demo-worker-1', '/demo-worker-2', '/demo-worker-3']);
    });

    it('applies equality and set-based label selectors', async () => {
      const checkout = await cluster.list('demo', 'pods', { labelSelector: 'app=checkout-api' });
      expect(new Set(checkout.items.map((p) => p.metadata?.namespace))).toEqual(new Set(['production', 'staging']));
      const tiers = await cluster.list('demo', 'deployments', {
        namespace: 'production',
        labelSelector: 'tier in (frontend,cache)',
      });
      expect(names(tiers.items)).toEqual(['production/redis-cache', 'production/storefront']);
      const notBackend = await cluster.list('demo', 'deployments', {
        namespace: 'production',
        labelSelector: 'tier notin (backend),tier',
      });
      expect(notBackend.items.map((d) => d.metadata?.labels?.['tier']).sort()).toEqual(['cache', 'frontend', 'worker']);
      const noTier = await cluster.list('demo', 'deployments', { labelSelector: '!tier' });
      expect(
        noTier.items.every((d) => d.metadata?.namespace === 'kube-system' || d.metadata?.namespace === 'default'),
      ).toBe(true);
    });

    it('applies field selectors', async () => {
      const onWorker3 = await cluster.list('demo', 'pods', { fieldSelector: 'spec.nodeName=demo-worker-3' });
      expect(onWorker3.items.length).toBeGreaterThan(0);
      expect(onWorker3.items.every((p) => p.spec?.nodeName === 'demo-worker-3')).toBe(true);
      const failed = await cluster.list('demo', 'pods', { fieldSelector: 'status.phase=Failed' });
      expect(failed.items.map((p) => p.metadata?.labels?.['job-name'])).toEqual([
        'seed-test-data',
        'seed-test-data',
        'seed-test-data',
      ]);
      const unscheduled = await cluster.list('demo', 'pods', { fieldSelector: 'spec.nodeName=' });
      expect(unscheduled.items.map((p) => p.metadata?.labels?.['app'])).toEqual(['ml-ranker']);
      const warnings = await cluster.list('demo', 'events', {
        namespace: 'production',
        fieldSelector: 'type=Warning,involvedObject.kind=Pod',
      });
      expect(warnings.items.length).toBeGreaterThan(3);
      expect(warnings.items.every((e) => e.type === 'Warning' && e.involvedObject.kind === 'Pod')).toBe(true);
    });

    it('combines namespace, label and field selectors', async () => {
      const running = await cluster.list('demo', 'pods', {
        namespace: 'production',
        labelSelector: 'app in (search,payments-worker)',
        fieldSelector: 'status.phase=Running,spec.nodeName!=demo-worker-1',
      });
      expect(running.items.length).toBe(3);
      expect(running.items.every((p) => p.spec?.nodeName === 'demo-worker-2')).toBe(true);
    });

    it('rejects invalid selectors with a 400 naming the parameter', async () => {
      const bad = await failure(cluster.list('demo', 'pods', { labelSelector: 'app in (' }));
      expect(bad.code).toBe('VALIDATION_ERROR');
      expect(bad.details).toMatchObject({ fields: [{ field: 'labelSelector' }] });
      const unsupported = await failure(cluster.list('demo', 'deployments', { fieldSelector: 'spec.replicas=3' }));
      expect(unsupported.details).toMatchObject({
        fields: [{ field: 'fieldSelector', message: 'field label not supported: spec.replicas' }],
      });
    });

    it('hands out copies: changing a result does not change the cluster', async () => {
      const first = (await cluster.list('demo', 'deployments', { namespace: 'production' })).items[0];
      first.spec = { ...first.spec, replicas: 99 } as typeof first.spec;
      (first.metadata as { name: string }).name = 'changed';
      const again = (await cluster.list('demo', 'deployments', { namespace: 'production' })).items[0];
      expect(again.metadata?.name).not.toBe('changed');
      expect(again.spec?.replicas).not.toBe(99);
    });
  });

  describe('get', () => {
    it('returns one object, a copy', async () => {
      const node = await cluster.get('demo', 'nodes', 'demo-worker-3');
      expect(node.kind).toBe('Node');
      node.metadata = {};
      expect((await cluster.get('demo', 'nodes', 'demo-worker-3')).metadata?.name).toBe('demo-worker-3');
      const svc = await cluster.get('demo', 'services', 'storefront', 'production');
      expect(svc.spec?.selector).toEqual({ app: 'storefront' });
    });

    it('answers NOT_FOUND with kind, name and namespace, worded as the real adapter words it', async () => {
      const missing = await failure(cluster.get('demo', 'deployments', 'nope', 'production'));
      expect(missing.code).toBe('NOT_FOUND');
      expect(missing.message).toBe('Deployment "nope" not found in namespace "production"');
      expect(missing.details).toEqual({ kind: 'Deployment', name: 'nope', namespace: 'production' });
      const elsewhere = await failure(cluster.get('demo', 'deployments', 'payments-worker', 'staging'));
      expect(elsewhere.code).toBe('NOT_FOUND');
      const node = await failure(cluster.get('demo', 'nodes', 'demo-worker-9'));
      expect(node.details).toEqual({ kind: 'Node', name: 'demo-worker-9' });
    });

    it('requires a namespace for namespaced kinds', async () => {
      expect((await failure(cluster.get('demo', 'pods', 'postgres-0'))).details).toMatchObject({
        fields: [{ field: 'namespace' }],
      });
    });
  });

  describe('eventsFor', () => {
    it('returns the events of one object, oldest first', async () => {
      const pod = (
        await cluster.list('demo', 'pods', { namespace: 'production', labelSelector: 'app=payments-worker' })
      ).items[0];
      const events = await cluster.eventsFor('demo', {
        kind: 'pods',
        name: pod.metadata?.name ?? '',
        namespace: 'production',
      });
      expect(events.length).toBeGreaterThan(4);
      expect(events.every((e) => e.involvedObject.kind === 'Pod' && e.involvedObject.name === pod.metadata?.name)).toBe(
        true,
      );
      const times = events.map((e) => e.lastTimestamp?.getTime() ?? 0);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(events[0].reason).toBe('Scheduled');
      expect(events.map((e) => e.reason)).toEqual(expect.arrayContaining(['Pulled', 'Created', 'Started', 'BackOff']));
    });

    it('narrows the events by field selector', async () => {
      const pod = (
        await cluster.list('demo', 'pods', { namespace: 'production', labelSelector: 'app=payments-worker' })
      ).items[0];
      const ref = { kind: 'pods' as const, name: pod.metadata?.name ?? '', namespace: 'production' };
      const all = await cluster.eventsFor('demo', ref);
      const warnings = await cluster.eventsFor('demo', ref, { fieldSelector: 'type=Warning' });
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings.length).toBeLessThan(all.length);
      expect(warnings.every((e) => e.type === 'Warning')).toBe(true);
    });

    it('matches cluster-scoped objects without a namespace', async () => {
      const events = await cluster.eventsFor('demo', { kind: 'nodes', name: 'demo-worker-3' });
      expect(events.map((e) => e.reason)).toEqual(['NodeNotReady']);
      expect(events[0].metadata.namespace).toBe('default');
    });

    it('does not mix up objects of the same name in other namespaces or kinds', async () => {
      const staging = await cluster.eventsFor('demo', {
        kind: 'deployments',
        name: 'checkout-api',
        namespace: 'staging',
      });
      const production = await cluster.eventsFor('demo', {
        kind: 'deployments',
        name: 'checkout-api',
        namespace: 'production',
      });
      expect(staging.every((e) => e.involvedObject.namespace === 'staging')).toBe(true);
      expect(production.every((e) => e.involvedObject.namespace === 'production')).toBe(true);
      expect(staging.length).toBeGreaterThan(0);
      expect(
        await cluster.eventsFor('demo', { kind: 'services', name: 'checkout-api', namespace: 'production' }),
      ).toEqual([]);
    });
  });
});
