import type { INestApplication } from '@nestjs/common';
import type { ClusterHealth, DashboardSummary } from '@orphelix/contract';
import { ClusterError, type ClusterPort, type KindName, type ListOptions } from '@orphelix/k8s';
import request from 'supertest';
import { createStrictClusterPort, UnexpectedCallError } from '../testing/strict-cluster-port';
import { createTestApp } from '../testing/test-app';

const CREATED = '2025-06-01T10:00:00Z';
const meta = (name: string, namespace?: string) => ({
  name,
  uid: `uid-${name}`,
  creationTimestamp: CREATED,
  ...(namespace ? { namespace } : {}),
});

const runningPod = {
  metadata: meta('web-1', 'shop'),
  spec: { containers: [{ name: 'web' }] },
  status: {
    phase: 'Running',
    containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: { startedAt: CREATED } } }],
  },
};
// Phase Running but crash-looping: a failing pod, which the original console counted as running.
const crashingPod = {
  metadata: meta('checkout-1', 'shop'),
  spec: { containers: [{ name: 'checkout' }] },
  status: {
    phase: 'Running',
    containerStatuses: [
      { name: 'checkout', ready: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff' } } },
    ],
  },
};
const deployment = (name: string, available: number) => ({
  metadata: { ...meta(name, 'shop'), generation: 1 },
  spec: { replicas: 2 },
  status: {
    observedGeneration: 1,
    replicas: 2,
    updatedReplicas: 2,
    readyReplicas: available,
    availableReplicas: available,
    conditions: [
      {
        type: 'Available',
        status: available === 2 ? 'True' : 'False',
        reason: available === 2 ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
      },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
    ],
  },
});
const readyNode = { metadata: meta('node-a'), spec: {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } };

const forbidden = (resource: string) =>
  new ClusterError(
    'FORBIDDEN',
    `User "lab-viewer" cannot list resource "${resource}" in API group "" at the cluster scope`,
    {
      verb: 'list',
      resource,
    },
  );
const unreachable = () =>
  new ClusterError(
    'CLUSTER_UNREACHABLE',
    'Cannot reach the cluster of context "kind-lab" at https://127.0.0.1:6443: connection refused',
    {
      reason: 'connection refused',
    },
  );
const unauthenticated = () =>
  new ClusterError('UNAUTHENTICATED', 'The cluster rejected our credentials (context "kind-lab")');

type Answer = unknown[] | Error;

/**
 * A port whose `list` answers each kind from `answers` (items, or an error to throw) and records the
 * calls; a kind the test did not mention is an unexpected call.
 */
function portListing(
  answers: Partial<Record<KindName, Answer>>,
  calls: { kind: KindName; options: ListOptions }[] = [],
): ClusterPort {
  const list = async (context: string, kind: KindName, options: ListOptions = {}) => {
    calls.push({ kind, options });
    const answer = answers[kind];
    if (answer === undefined) throw new UnexpectedCallError('list', [context, kind, options]);
    if (answer instanceof Error) throw answer;
    return { items: answer, resourceVersion: '42' };
  };
  // The generic signature of ClusterPort.list cannot be met by a table lookup without a cast.
  return createStrictClusterPort({ overrides: { list: list as ClusterPort['list'] } });
}

const EVERY_SECTION_EMPTY: Partial<Record<KindName, Answer>> = {
  configmaps: [],
  cronjobs: [],
  daemonsets: [],
  deployments: [],
  hpa: [],
  ingress: [],
  jobs: [],
  nodes: [],
  pods: [],
  pvcs: [],
  pvs: [],
  secrets: [],
  services: [],
  statefulsets: [],
};

describe('GET /api/dashboard/summary', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('serves the readable sections and reports a FORBIDDEN section as null and listed', async () => {
    app = await createTestApp({
      port: portListing({
        ...EVERY_SECTION_EMPTY,
        pods: [runningPod, crashingPod],
        deployments: [deployment('web', 2), deployment('checkout', 0)],
        nodes: forbidden('nodes'),
        pvs: forbidden('persistentvolumes'),
      }),
    });
    const res = await request(app.getHttpServer())
      .get('/api/dashboard/summary')
      .query({ namespace: 'shop' })
      .expect(200);
    const body = res.body as DashboardSummary;
    expect(body.forbidden).toEqual(['nodes', 'pvs']);
    expect(body.nodes).toBeNull();
    expect(body.pvs).toBeNull();
    expect(body.pods).toMatchObject({ total: 2, running: 2, failed: 1 });
    expect(body.deployments).toMatchObject({ total: 2, available: 1, degraded: 1 });
    expect(body.services).toBe(0);
    expect(body).toMatchObject({ context: 'kind-lab', namespace: 'shop' });
    expect(body.health.partial).toBe(true);
    // Half the deployments degraded is over 20 % but not over 50 % (−15); 1 of 2 pods failing (−20).
    expect(body.health.score).toBe(65);
  });

  it('answers 200 with every section null when the identity may read none of them', async () => {
    const everythingForbidden = Object.fromEntries(
      Object.keys(EVERY_SECTION_EMPTY).map((kind) => [kind, forbidden(kind)]),
    );
    app = await createTestApp({ port: portListing(everythingForbidden) });
    const res = await request(app.getHttpServer()).get('/api/dashboard/summary').expect(200);
    expect((res.body as DashboardSummary).forbidden).toEqual(Object.keys(EVERY_SECTION_EMPTY).sort());
    expect((res.body as DashboardSummary).pods).toBeNull();
  });

  it('fails the whole request with 503 when one section is unreachable, forbidden sections or not', async () => {
    app = await createTestApp({
      port: portListing({ ...EVERY_SECTION_EMPTY, nodes: forbidden('nodes'), pods: unreachable() }),
    });
    const res = await request(app.getHttpServer()).get('/api/dashboard/summary').expect(503);
    expect(res.body).toMatchObject({ code: 'CLUSTER_UNREACHABLE', details: { reason: 'connection refused' } });
  });

  it('keeps a 401 from the cluster as a 401, not a forbidden section', async () => {
    app = await createTestApp({ port: portListing({ ...EVERY_SECTION_EMPTY, secrets: unauthenticated() }) });
    const res = await request(app.getHttpServer()).get('/api/dashboard/summary').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('lists namespaced sections in the namespace asked for, and nodes and PVs cluster-wide', async () => {
    const calls: { kind: KindName; options: ListOptions }[] = [];
    app = await createTestApp({ port: portListing(EVERY_SECTION_EMPTY, calls) });
    await request(app.getHttpServer()).get('/api/dashboard/summary').query({ namespace: 'shop' }).expect(200);
    const namespaceOf = Object.fromEntries(calls.map((c) => [c.kind, c.options.namespace ?? null]));
    expect(namespaceOf).toEqual({
      ...Object.fromEntries(Object.keys(EVERY_SECTION_EMPTY).map((k) => [k, 'shop'])),
      nodes: null,
      pvs: null,
    });
  });

  it('asks for all namespaces when none is given, and takes the context from the query', async () => {
    const calls: { kind: KindName; options: ListOptions }[] = [];
    app = await createTestApp({ port: portListing(EVERY_SECTION_EMPTY, calls) });
    const res = await request(app.getHttpServer())
      .get('/api/dashboard/summary')
      .query({ context: 'kind-lab' })
      .expect(200);
    expect(res.body).toMatchObject({ context: 'kind-lab', namespace: null, forbidden: [] });
    expect(calls.every((c) => c.options.namespace === undefined)).toBe(true);
  });
});

describe('GET /api/cluster-health', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('reads only deployments, pods, nodes and PVs, and scores them', async () => {
    // Any other kind is an unexpected call of the strict port, which would answer 500.
    app = await createTestApp({
      port: portListing({
        deployments: [deployment('web', 2)],
        pods: [runningPod, crashingPod],
        nodes: [readyNode],
        pvs: [],
      }),
    });
    const res = await request(app.getHttpServer()).get('/api/cluster-health').expect(200);
    expect(res.body as ClusterHealth).toEqual({
      score: 80,
      status: 'healthy',
      partial: false,
      issues: [{ kind: 'pods', severity: 'critical', count: 1, penalty: 20, message: '1 pod failing' }],
    });
  });

  it('leaves a forbidden kind out and says the score is partial', async () => {
    app = await createTestApp({
      port: portListing({ deployments: [], pods: [], nodes: forbidden('nodes'), pvs: forbidden('persistentvolumes') }),
    });
    const res = await request(app.getHttpServer()).get('/api/cluster-health').query({ namespace: 'shop' }).expect(200);
    expect(res.body).toEqual({ score: 100, status: 'healthy', partial: true, issues: [] });
  });

  it('fails with 503 when the cluster is unreachable', async () => {
    app = await createTestApp({ port: portListing({ deployments: [], pods: [], nodes: unreachable(), pvs: [] }) });
    const res = await request(app.getHttpServer()).get('/api/cluster-health').expect(503);
    expect(res.body.code).toBe('CLUSTER_UNREACHABLE');
  });
});
