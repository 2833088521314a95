import type { INestApplication } from '@nestjs/common';
import type { HpaDetail, HpaSummary } from '@orphelix/contract';
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
  path: 'hpa',
  kind: 'HorizontalPodAutoscaler',
  summary: 'HpaSummary',
  detail: 'HpaDetail',
  namespaced: true,
});

describe('hpa against the lab', () => {
  it('REFERENCE, TARGETS, MINPODS, MAXPODS and REPLICAS equal `kubectl get hpa -A`', async () => {
    const rows = kubectlTable(lab, 'hpa', '-A');
    expect(rows.length).toBeGreaterThan(0);
    const res = await get('/api/hpa').expect(200);
    const ours = new Map((res.body.items as HpaSummary[]).map((h) => [`${h.namespace}/${h.name}`, h]));
    for (const row of rows) {
      const key = `${row['NAMESPACE']}/${row['NAME']}`;
      const hpa = ours.get(key);
      expect({
        key,
        reference: hpa?.reference,
        targets: hpa?.targets,
        min: String(hpa?.minReplicas),
        max: String(hpa?.maxReplicas),
        replicas: String(hpa?.currentReplicas),
      }).toEqual({
        key,
        reference: row['REFERENCE'],
        targets: row['TARGETS'],
        min: row['MINPODS'],
        max: row['MAXPODS'],
        replicas: row['REPLICAS'],
      });
    }
    expect(res.body.total).toBe(rows.length);
  });

  it('gets the storefront autoscaler with its CPU target and conditions', async () => {
    const body = (await get('/api/hpa/storefront', { namespace: 'shop' }).expect(200)).body as HpaDetail;
    expect(body).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: 'storefront' },
      minReplicas: 3,
      maxReplicas: 10,
    });
    expect(body.metrics).toEqual([
      expect.objectContaining({
        type: 'Resource',
        name: 'cpu',
        targetType: 'Utilization',
        target: { value: null, averageValue: null, averageUtilization: 70 },
      }),
    ]);
  });
});
