import type { INestApplication } from '@nestjs/common';
import type { NamespaceOverview, PodSummary, ResourceQuotaSummary } from '@orphelix/contract';
import { CLUSTER_PORT, ClusterError, type ClusterPort, type KindName } from '@orphelix/k8s';
import request from 'supertest';
import { shapeErrors } from '../testing/contract-shape';
import { describeReadRoutes } from '../testing/read-routes';
import { createStrictClusterPort } from '../testing/strict-cluster-port';
import { createTestApp } from '../testing/test-app';

let app: INestApplication;

beforeAll(async () => {
  app = await createTestApp({ port: 'configured', env: { ORPHELIX_MODE: 'demo' } });
});
afterAll(async () => {
  await app?.close();
});

const get = (path: string, query: Record<string, string> = {}) => request(app.getHttpServer()).get(path).query(query);

describeReadRoutes(() => app, {
  path: 'namespaces',
  kind: 'Namespace',
  summary: 'NamespaceSummary',
  detail: 'NamespaceOverview',
  namespaced: false,
});

describe('namespace overview on the demo cluster', () => {
  it('carries its quotas and counts that agree with the lists', async () => {
    const res = await get('/api/namespaces/production').expect(200);
    const body = res.body as NamespaceOverview;
    expect(shapeErrors(body, 'NamespaceOverview')).toEqual([]);
    expect(body).toMatchObject({ name: 'production', status: 'Active', forbidden: [] });

    const quotas = (await get('/api/resourcequotas', { namespace: 'production' }).expect(200)).body
      .items as ResourceQuotaSummary[];
    expect(body.resourceQuotas?.map((q) => q.name)).toEqual(quotas.map((q) => q.name));
    expect(body.resourceQuotas?.map((q) => q.name)).toContain('compute-quota');

    const pods = (await get('/api/pods', { namespace: 'production' }).expect(200)).body.items as PodSummary[];
    expect(body.counts.pods?.total).toBe(pods.length);
    expect(body.counts.pods?.running).toBe(pods.filter((p) => p.phase === 'Running').length);
    const byStatus: Record<string, number> = {};
    for (const pod of pods) byStatus[pod.status] = (byStatus[pod.status] ?? 0) + 1;
    expect(body.counts.podsByStatus).toEqual(byStatus);
    expect(Object.keys(byStatus).length).toBeGreaterThan(1);

    const services = (await get('/api/services', { namespace: 'production' }).expect(200)).body.total as number;
    expect(body.counts.services).toBe(services);
    const port = app.get<ClusterPort>(CLUSTER_PORT);
    const deployments = (await port.list('demo', 'deployments', { namespace: 'production' })).items;
    expect(body.counts.deployments?.total).toBe(deployments.length);
    expect(deployments.length).toBeGreaterThan(0);
  });

  it('counts nothing of another namespace', async () => {
    const body = (await get('/api/namespaces/default').expect(200)).body as NamespaceOverview;
    expect(body.resourceQuotas).toEqual([]);
    const pods = (await get('/api/pods', { namespace: 'default' }).expect(200)).body.total as number;
    expect(body.counts.pods?.total).toBe(pods);
  });
});

describe('namespace overview when some kinds are forbidden', () => {
  let strict: INestApplication;
  const forbidden = (kind: string) =>
    new ClusterError('FORBIDDEN', `cannot list ${kind}`, { verb: 'list', resource: kind, namespace: 'team' });

  beforeAll(async () => {
    strict = await createTestApp({
      port: createStrictClusterPort({
        overrides: {
          get: (async (_context: string, kind: KindName, name: string) => {
            if (kind !== 'namespaces') throw new Error(`unexpected get ${kind}`);
            return {
              apiVersion: 'v1',
              kind: 'Namespace',
              metadata: { name, uid: 'u1', creationTimestamp: new Date() },
              status: { phase: 'Active' },
            };
          }) as ClusterPort['get'],
          list: (async (_context: string, kind: KindName) => {
            if (kind === 'pods' || kind === 'resourcequotas') throw forbidden(kind);
            return { items: [], resourceVersion: '1' };
          }) as ClusterPort['list'],
        },
      }),
    });
  });
  afterAll(async () => {
    await strict?.close();
  });

  it('answers 200 with the readable sections and names the forbidden ones', async () => {
    const res = await request(strict.getHttpServer()).get('/api/namespaces/team').expect(200);
    const body = res.body as NamespaceOverview;
    expect(shapeErrors(body, 'NamespaceOverview')).toEqual([]);
    expect(body.forbidden).toEqual(['pods', 'resourcequotas']);
    expect(body.resourceQuotas).toBeNull();
    expect(body.counts).toMatchObject({ pods: null, podsByStatus: null, services: 0, deployments: { total: 0 } });
  });

  it('is 403 when the namespace itself is forbidden', async () => {
    const app403 = await createTestApp({
      port: createStrictClusterPort({
        overrides: {
          get: (async () => {
            throw forbidden('namespaces');
          }) as ClusterPort['get'],
        },
      }),
    });
    try {
      const res = await request(app403.getHttpServer()).get('/api/namespaces/team').expect(403);
      expect(res.body).toMatchObject({ code: 'FORBIDDEN', details: { verb: 'list', resource: 'namespaces' } });
    } finally {
      await app403.close();
    }
  });
});
