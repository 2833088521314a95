import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLab, labFault, type LabInfo } from '@orphelix/lab-cluster';
import { isClusterError, type ClusterError } from '../port/errors';
import { KubeCluster } from './kube-cluster';
import { loadKubeconfig, mergeKubeconfigFiles } from './kubeconfig';

/** The first item and its name; fails the test when the list is empty. */
function first<T extends { metadata?: { name?: string } }>(items: T[]): T & { metadata: { name: string } } {
  const [item] = items;
  if (!item?.metadata?.name) throw new Error('expected at least one named object');
  return item as T & { metadata: { name: string } };
}

async function failure(promise: Promise<unknown>): Promise<ClusterError> {
  try {
    await promise;
  } catch (error) {
    if (isClusterError(error)) return error;
    throw error;
  }
  throw new Error('expected a ClusterError, got success');
}

let lab: LabInfo;
let cluster: KubeCluster;

beforeAll(async () => {
  lab = await ensureLab({ seed: true });
  cluster = new KubeCluster(mergeKubeconfigFiles([lab.kubeconfig]));
});

afterAll(() => cluster.close());

describe('kubeconfig', () => {
  it('merges a multi-file KUBECONFIG as kubectl does: both contexts, the first current-context wins', () => {
    const loaded = loadKubeconfig({ KUBECONFIG: `${lab.adminKubeconfig}:${lab.viewerKubeconfig}` });
    expect(loaded?.source).toBe('kubeconfig');
    if (!loaded) throw new Error('expected a kubeconfig');
    const merged = new KubeCluster(loaded.kubeconfig);
    expect(merged.contexts().map((c) => [c.name, c.current, c.namespace])).toEqual([
      ['lab-admin', true, null],
      ['lab-viewer', false, 'shop'],
    ]);
    expect(merged.contexts()[0]?.server).toBe(lab.server);
  });

  it('returns null when there is no kubeconfig and no service account', () => {
    expect(loadKubeconfig({ KUBECONFIG: join(tmpdir(), 'does-not-exist'), HOME: tmpdir() })).toBeNull();
  });
});

describe('KubeCluster against the lab', () => {
  it('lists pods in all namespaces and in one, with label and field selectors', async () => {
    const all = await cluster.list('lab-admin', 'pods');
    const namespaces = new Set(all.items.map((p) => p.metadata?.namespace));
    expect([...namespaces]).toEqual(expect.arrayContaining(['shop', 'payments', 'monitoring', 'default', 'kube-system']));
    expect(all.resourceVersion).toMatch(/^\d+$/);
    expect(all.items[0]?.kind).toBe('Pod');

    const shop = await cluster.list('lab-admin', 'pods', { namespace: 'shop', labelSelector: 'app in (storefront,cart)' });
    expect(shop.items.map((p) => p.metadata?.labels?.['app']).sort()).toEqual(['cart', 'cart', 'storefront', 'storefront', 'storefront']);

    const running = await cluster.list('lab-admin', 'pods', { namespace: 'shop', fieldSelector: 'status.phase=Pending' });
    expect(running.items.every((p) => p.status?.phase === 'Pending')).toBe(true);
  });

  it('lists cluster-scoped kinds ignoring the namespace', async () => {
    const nodes = await cluster.list('lab-admin', 'nodes', { namespace: 'shop' });
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(['lab-node-1', 'lab-node-2', 'lab-node-3']));
  });

  it('rejects an invalid selector with VALIDATION_ERROR', async () => {
    const error = await failure(cluster.list('lab-admin', 'pods', { labelSelector: 'app in (' }));
    expect(error.code).toBe('VALIDATION_ERROR');
  });

  it('gets an object, and says NOT_FOUND naming kind, name and namespace', async () => {
    const d = await cluster.get('lab-admin', 'deployments', 'storefront', 'shop');
    expect(d.spec?.replicas).toBe(3);
    const error = await failure(cluster.get('lab-admin', 'deployments', 'nope', 'shop'));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.details).toMatchObject({ kind: 'Deployment', name: 'nope', namespace: 'shop' });
  });

  it('keeps RBAC denials as FORBIDDEN with verb, resource and namespace', async () => {
    const nodes = await failure(cluster.list('lab-viewer', 'nodes'));
    expect(nodes.code).toBe('FORBIDDEN');
    expect(nodes.details).toMatchObject({ verb: 'list', resource: 'nodes', user: 'lab-viewer' });
    const payments = await failure(cluster.list('lab-viewer', 'pods', { namespace: 'payments' }));
    expect(payments.code).toBe('FORBIDDEN');
    expect(payments.details).toMatchObject({ verb: 'list', resource: 'pods', namespace: 'payments' });
    const shop = await cluster.list('lab-viewer', 'pods', { namespace: 'shop' });
    expect(shop.items.length).toBeGreaterThan(0);
  });

  it('answers CONTEXT_NOT_FOUND for an unknown context, listing the known ones', () => {
    expect(() => cluster.assertContext('nope')).toThrow(expect.objectContaining({ code: 'CONTEXT_NOT_FOUND', details: { context: 'nope', known: ['lab-admin', 'lab-viewer'] } }));
  });

  it("finds an object's events, oldest first, also for cluster-scoped objects", async () => {
    const pod = first((await cluster.list('lab-admin', 'pods', { namespace: 'shop', labelSelector: 'app=checkout' })).items);
    const events = await cluster.eventsFor('lab-admin', { kind: 'pods', name: pod.metadata.name, namespace: 'shop' });
    expect(events.map((e) => e.reason)).toContain('BackOff');
    expect(events.every((e) => e.involvedObject.name === pod.metadata.name)).toBe(true);
    const warnings = await cluster.eventsFor('lab-admin', { kind: 'pods', name: pod.metadata.name, namespace: 'shop' }, { fieldSelector: 'type=Warning' });
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThan(events.length);
    expect(warnings.every((e) => e.type === 'Warning')).toBe(true);
    const nodeEvents = await cluster.eventsFor('lab-admin', { kind: 'nodes', name: 'lab-node-1' });
    expect(nodeEvents.every((e) => e.involvedObject.kind === 'Node')).toBe(true);
  });

  it('reads logs with tail, timestamps and the previous container', async () => {
    const pod = first((await cluster.list('lab-admin', 'pods', { namespace: 'shop', labelSelector: 'app=checkout' })).items);
    const previous = await cluster.podLogs('lab-admin', 'shop', pod.metadata.name, { previous: true });
    expect(previous).toContain('ENOENT');
    const stamped = await cluster.podLogs('lab-admin', 'shop', pod.metadata.name, { previous: true, timestamps: true, tailLines: 1 });
    expect(stamped.trim().split('\n')).toHaveLength(1);
    expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\S+Z \[FATAL\] exiting with code 1/);
  });

  it('restarts a deployment as kubectl rollout restart does: a new ReplicaSet and new pods', async () => {
    const before = await cluster.list('lab-admin', 'replicasets', { namespace: 'shop', labelSelector: 'app=cart' });
    const result = await cluster.restartWorkload('lab-admin', 'deployments', 'shop', 'cart', new Date());
    const d = await cluster.get('lab-admin', 'deployments', 'cart', 'shop');
    expect(d.spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBe(result.restartedAt);
    let after = before;
    for (let i = 0; i < 60 && after.items.length <= before.items.length; i++) {
      await new Promise((r) => setTimeout(r, 500));
      after = await cluster.list('lab-admin', 'replicasets', { namespace: 'shop', labelSelector: 'app=cart' });
    }
    expect(after.items.length).toBe(before.items.length + 1);
  });

  it('deletes a pod', async () => {
    const pod = first((await cluster.list('lab-admin', 'pods', { namespace: 'payments', labelSelector: 'app=payments-api' })).items);
    await cluster.deletePod('lab-admin', 'payments', pod.metadata.name);
    const error = await failure(cluster.deletePod('lab-admin', 'payments', 'no-such-pod'));
    expect(error.code).toBe('NOT_FOUND');
  });

  it('reports the server version and what the identity may do', async () => {
    expect((await cluster.version('lab-admin')).gitVersion).toMatch(/^v1\.\d+\.\d+/);
    expect(await cluster.canI('lab-admin', 'list', 'namespaces')).toBe(true);
    expect(await cluster.canI('lab-viewer', 'list', 'namespaces')).toBe(false);
    expect(await cluster.canI('lab-viewer', 'list', 'pods', 'shop')).toBe(true);
  });

  it('answers CLUSTER_UNREACHABLE at once for a closed port', async () => {
    const path = join(tmpdir(), `orphelix-closed-${process.pid}.kubeconfig`);
    writeFileSync(
      path,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}\ncontexts:\n- name: closed\n  context: {cluster: c, user: u}\ncurrent-context: closed\nusers:\n- name: u\n  user: {token: t}\n`,
    );
    const closed = new KubeCluster(mergeKubeconfigFiles([path]));
    const started = Date.now();
    const error = await failure(closed.list('closed', 'pods'));
    expect(error.code).toBe('CLUSTER_UNREACHABLE');
    expect(error.details).toMatchObject({ reason: 'connection refused', server: 'https://127.0.0.1:1' });
    expect(Date.now() - started).toBeLessThan(5_000);
    closed.close();
  });

  it('answers CLUSTER_UNREACHABLE while the apiserver is down, and recovers by itself when it returns', async () => {
    await cluster.list('lab-admin', 'namespaces');
    await labFault('stop', 'kube-apiserver');
    try {
      const started = Date.now();
      const error = await failure(cluster.list('lab-admin', 'namespaces'));
      expect(error.code).toBe('CLUSTER_UNREACHABLE');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await labFault('start', 'kube-apiserver');
    }
    const back = await cluster.list('lab-admin', 'namespaces');
    expect(back.items.length).toBeGreaterThan(0);
  });
});
