import type { INestApplication } from '@nestjs/common';
import type { NamespaceOverview, NamespaceSummary } from '@orphelix/contract';
import type { LabInfo } from '@orphelix/lab-cluster';
import request from 'supertest';
import { kubectlTable } from '../testing/kubectl-table';
import { createLabApp } from '../testing/lab-app';
import { describeReadRoutes } from '../testing/read-routes';

let app: INestApplication;
let lab: LabInfo;

beforeAll(async () => {
  ({ app, lab } = await createLabApp());
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

describe('namespaces against the lab', () => {
  it('STATUS equals `kubectl get namespaces`', async () => {
    const rows = kubectlTable(lab, 'namespaces');
    const res = await get('/api/namespaces').expect(200);
    const ours = new Map((res.body.items as NamespaceSummary[]).map((n) => [n.name, n]));
    for (const row of rows)
      expect({ name: row['NAME'], status: ours.get(row['NAME'] as string)?.status }).toEqual({
        name: row['NAME'],
        status: row['STATUS'],
      });
    expect(res.body.total).toBe(rows.length);
    expect([...ours.keys()]).toEqual(expect.arrayContaining(['shop', 'payments', 'monitoring']));
  });

  it('gives shop with its quota and the counts kubectl shows', async () => {
    const body = (await get('/api/namespaces/shop').expect(200)).body as NamespaceOverview;
    expect(body).toMatchObject({
      name: 'shop',
      status: 'Active',
      labels: { team: 'storefront', env: 'prod' },
      forbidden: [],
    });
    expect(body.resourceQuotas?.map((q) => q.name)).toEqual(['shop-quota']);

    const pods = kubectlTable(lab, 'pods', '-n', 'shop');
    const byStatus: Record<string, number> = {};
    for (const pod of pods) byStatus[pod['STATUS'] as string] = (byStatus[pod['STATUS'] as string] ?? 0) + 1;
    expect(body.counts.podsByStatus).toEqual(byStatus);
    expect(body.counts.pods?.total).toBe(pods.length);
    expect(body.counts.podsByStatus?.['CrashLoopBackOff']).toBeGreaterThan(0);
    expect(body.counts.deployments?.total).toBe(kubectlTable(lab, 'deployments', '-n', 'shop').length);
    expect(body.counts.services).toBe(kubectlTable(lab, 'services', '-n', 'shop').length);
  });

  it('gives a namespace-scoped identity its own namespace, and 403 for another', async () => {
    const own = await get('/api/namespaces/shop', { context: 'lab-viewer' }).expect(200);
    expect((own.body as NamespaceOverview).forbidden).toEqual([]);
    const other = await get('/api/namespaces/payments', { context: 'lab-viewer' }).expect(403);
    expect(other.body).toMatchObject({ code: 'FORBIDDEN', details: { verb: 'get', resource: 'namespaces' } });
    const list = await get('/api/namespaces', { context: 'lab-viewer' }).expect(403);
    expect(list.body).toMatchObject({ code: 'FORBIDDEN', details: { verb: 'list', resource: 'namespaces' } });
  });
});
