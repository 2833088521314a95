import type { INestApplication } from '@nestjs/common';
import { CLUSTER_PORT, type ClusterPort } from '@orphelix/k8s';
import request from 'supertest';
import { createTestApp } from '../testing/test-app';

describe('ClusterModule', () => {
  describe('with ORPHELIX_MODE=demo', () => {
    let app: INestApplication;

    beforeAll(async () => {
      app = await createTestApp({ env: { ORPHELIX_MODE: 'demo' }, port: 'configured' });
    });
    afterAll(() => app.close());

    it('provides the simulated cluster', () => {
      const port = app.get<ClusterPort>(CLUSTER_PORT);
      expect(port.mode).toBe('demo');
      expect(port.contexts().map((c) => c.name)).toEqual([port.defaultContext()]);
    });

    it('marks every response as demo', async () => {
      const res = await request(app.getHttpServer()).get('/readyz').expect(200, { status: 'ok', mode: 'demo' });
      expect(res.headers['x-orphelix-mode']).toBe('demo');
    });
  });

  describe('with ORPHELIX_MODE=cluster and no credentials', () => {
    it('refuses to start, saying why', async () => {
      await expect(
        createTestApp({ env: { ORPHELIX_MODE: 'cluster', KUBECONFIG: '/nonexistent/kubeconfig' }, port: 'configured' }),
      ).rejects.toThrow(/^Cannot start in cluster mode \(ORPHELIX_MODE=cluster\): /);
    });
  });
});
