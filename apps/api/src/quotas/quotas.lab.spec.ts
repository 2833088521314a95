import type { INestApplication } from '@nestjs/common';
import type { ResourceQuotaDetail, ResourceQuotaSummary } from '@orphelix/contract';
import type { LabInfo } from '@orphelix/lab-cluster';
import request from 'supertest';
import { kubectl, kubectlTable } from '../testing/kubectl-table';
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
  path: 'resourcequotas',
  kind: 'ResourceQuota',
  summary: 'ResourceQuotaSummary',
  detail: 'ResourceQuotaDetail',
  namespaced: true,
});

describe('resourcequotas against the lab', () => {
  it('REQUEST and LIMIT equal `kubectl get resourcequota -A`', async () => {
    const rows = kubectlTable(lab, 'resourcequota', '-A');
    expect(rows.length).toBeGreaterThan(0);
    const res = await get('/api/resourcequotas').expect(200);
    const ours = new Map((res.body.items as ResourceQuotaSummary[]).map((q) => [`${q.namespace}/${q.name}`, q]));
    for (const row of rows) {
      const key = `${row['NAMESPACE']}/${row['NAME']}`;
      const quota = ours.get(key);
      expect({ key, request: quota?.requestDisplay, limit: quota?.limitDisplay }).toEqual({
        key,
        request: row['REQUEST'],
        limit: row['LIMIT'],
      });
    }
  });

  it('gets shop-quota with hard limits and usage', async () => {
    const body = (await get('/api/resourcequotas/shop-quota', { namespace: 'shop' }).expect(200))
      .body as ResourceQuotaDetail;
    expect(body.hard).toEqual({
      configmaps: '30',
      persistentvolumeclaims: '10',
      pods: '50',
      secrets: '30',
      services: '20',
    });
    const used = JSON.parse(
      kubectl(lab, 'get', 'resourcequota', 'shop-quota', '-n', 'shop', '-o', 'jsonpath={.status.used}'),
    ) as Record<string, string>;
    expect(body.used).toEqual(used);
    expect(Object.keys(used).length).toBe(5);
  });
});
