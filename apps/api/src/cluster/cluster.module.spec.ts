import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { CLUSTER_PORT, type ClusterPort } from '@orphelix/k8s';
import request from 'supertest';
import { createTestApp } from '../testing/test-app';

// An apiserver that is never contacted: these tests only need the kubeconfig's contexts.
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: lab
    cluster: { server: 'https://127.0.0.1:1' }
users:
  - name: lab
    user: { token: not-a-real-token }
contexts:
  - name: lab
    context: { cluster: lab, user: lab }
  - name: staging
    context: { cluster: lab, user: lab, namespace: shop }
current-context: lab
`;

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

  describe('with ORPHELIX_MODE=auto and a kubeconfig', () => {
    let app: INestApplication;

    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'orphelix-kubeconfig-'));
      const kubeconfig = join(dir, 'config');
      writeFileSync(kubeconfig, KUBECONFIG);
      app = await createTestApp({ env: { ORPHELIX_MODE: 'auto', KUBECONFIG: kubeconfig }, port: 'configured' });
    });
    afterAll(() => app.close());

    it("provides the real cluster adapter with the kubeconfig's contexts", () => {
      const port = app.get<ClusterPort>(CLUSTER_PORT);
      expect(port.mode).toBe('cluster');
      expect(port.contexts().map((c) => c.name)).toEqual(['lab', 'staging']);
      expect(port.defaultContext()).toBe('lab');
    });

    it('answers an unknown context from the kubeconfig with CONTEXT_NOT_FOUND', () => {
      expect(() => app.get<ClusterPort>(CLUSTER_PORT).assertContext('prod')).toThrow(
        expect.objectContaining({ code: 'CONTEXT_NOT_FOUND', details: { context: 'prod', known: ['lab', 'staging'] } }),
      );
    });

    it('does not mark responses as demo', async () => {
      const res = await request(app.getHttpServer()).get('/readyz').expect(200, { status: 'ok', mode: 'cluster' });
      expect(res.headers['x-orphelix-mode']).toBeUndefined();
    });
  });

  describe('with ORPHELIX_MODE=cluster and no credentials', () => {
    it('refuses to start, saying why', async () => {
      await expect(
        createTestApp({ env: { ORPHELIX_MODE: 'cluster', KUBECONFIG: '/nonexistent/kubeconfig' }, port: 'configured' }),
      ).rejects.toThrow(
        'Cannot start in cluster mode (ORPHELIX_MODE=cluster): none of the KUBECONFIG files exists (/nonexistent/kubeconfig)',
      );
    });
  });
});
