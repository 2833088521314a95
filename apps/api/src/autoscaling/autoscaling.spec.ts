import type { INestApplication } from '@nestjs/common';
import type { HpaDetail, HpaSummary } from '@orphelix/contract';
import request from 'supertest';
import { describeReadRoutes } from '../testing/read-routes';
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
  path: 'hpa',
  kind: 'HorizontalPodAutoscaler',
  summary: 'HpaSummary',
  detail: 'HpaDetail',
  namespaced: true,
});

describe('hpa on the demo cluster', () => {
  it('shows REFERENCE, TARGETS and replica bounds as kubectl does', async () => {
    const items = (await get('/api/hpa').expect(200)).body.items as HpaSummary[];
    for (const hpa of items) {
      expect(hpa.reference).toBe(`${hpa.scaleTargetRef.kind}/${hpa.scaleTargetRef.name}`);
      expect(hpa.targets).toMatch(/^(<none>|.+\/.+)$/);
      expect(hpa.minReplicas).toBeLessThanOrEqual(hpa.maxReplicas);
      expect(hpa.metrics.length).toBeGreaterThan(0);
    }
  });

  it('gets an autoscaler with its conditions (the original had no detail route)', async () => {
    const body = (await get('/api/hpa/storefront', { namespace: 'production' }).expect(200)).body as HpaDetail;
    expect(body.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'storefront' });
    expect(body.conditions.length).toBeGreaterThan(0);
  });
});
