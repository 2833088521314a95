import type { INestApplication } from '@nestjs/common';
import type { ResourceQuotaDetail } from '@orphelix/contract';
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

describeReadRoutes(() => app, {
  path: 'resourcequotas',
  kind: 'ResourceQuota',
  summary: 'ResourceQuotaSummary',
  detail: 'ResourceQuotaDetail',
  namespaced: true,
});

describe('resourcequotas on the demo cluster', () => {
  it('gives hard limits with their usage', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/resourcequotas/compute-quota')
      .query({ namespace: 'production' })
      .expect(200);
    const body = res.body as ResourceQuotaDetail;
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) expect(body.hard[item.resource]).toBe(item.hard);
    expect(body.requestDisplay).toMatch(/^\S+: \S+\/\S+/);
  });
});
