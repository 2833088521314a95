import type { INestApplication } from '@nestjs/common';
import type { ContextDto, TestConnectionDto } from '@orphelix/contract';
import { ClusterError } from '@orphelix/k8s';
import request from 'supertest';
import { createStrictClusterPort } from '../testing/strict-cluster-port';
import { createTestApp } from '../testing/test-app';

describe('GET /api/contexts', () => {
  let app: INestApplication;
  beforeAll(async () => {
    // No cluster call is expected: the strict port throws on any.
    app = await createTestApp({
      port: createStrictClusterPort({ contexts: ['staging', 'prod-eu', 'arn:aws:eks:eu-west-1:1:cluster/x'] }),
    });
  });
  afterAll(() => app.close());

  it('lists the kubeconfig contexts sorted by name, marking the current one', async () => {
    const res = await request(app.getHttpServer()).get('/api/contexts').expect(200);
    expect(res.body).toMatchObject({ total: 3, offset: 0, limit: null, resourceVersion: null });
    expect((res.body.items as ContextDto[]).map((c) => [c.name, c.current])).toEqual([
      ['arn:aws:eks:eu-west-1:1:cluster/x', false],
      ['prod-eu', false],
      ['staging', true],
    ]);
    expect(res.body.items[2]).toEqual({
      name: 'staging',
      cluster: 'staging',
      server: 'https://127.0.0.1:6443',
      user: 'staging',
      namespace: null,
      current: true,
    });
  });

  it('validates `context` like every route, without it changing the list', async () => {
    await request(app.getHttpServer()).get('/api/contexts').query({ context: 'prod-eu' }).expect(200);
    const res = await request(app.getHttpServer()).get('/api/contexts').query({ context: 'nope' }).expect(404);
    expect(res.body).toMatchObject({
      code: 'CONTEXT_NOT_FOUND',
      details: { context: 'nope', known: ['staging', 'prod-eu', 'arn:aws:eks:eu-west-1:1:cluster/x'] },
    });
  });

  it('refuses parameters it does not take', async () => {
    const res = await request(app.getHttpServer()).get('/api/contexts').query({ namespace: 'shop' }).expect(400);
    expect(res.body.details.fields[0].field).toBe('namespace');
  });
});

describe('GET /api/test-connection', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("answers the server's version, the round trip and whether the identity may list namespaces", async () => {
    const asked: unknown[][] = [];
    app = await createTestApp({
      port: createStrictClusterPort({
        contexts: ['lab-admin', 'lab-viewer'],
        overrides: {
          version: async (context) => {
            asked.push(['version', context]);
            await new Promise((resolve) => setTimeout(resolve, 20));
            return { gitVersion: 'v1.36.3', platform: 'linux/amd64' };
          },
          canI: async (...args) => {
            asked.push(['canI', ...args]);
            return false;
          },
        },
      }),
    });
    const res = await request(app.getHttpServer())
      .get('/api/test-connection')
      .query({ context: 'lab-viewer' })
      .expect(200);
    const body = res.body as TestConnectionDto;
    expect(body).toMatchObject({
      context: 'lab-viewer',
      ok: true,
      status: 'connected',
      serverVersion: 'v1.36.3',
      platform: 'linux/amd64',
      canListNamespaces: false,
      code: null,
    });
    expect(body.latencyMs).toBeGreaterThanOrEqual(15);
    expect(body.message).toContain('https://127.0.0.1:6444');
    expect(Date.parse(body.checkedAt)).not.toBeNaN();
    expect(asked).toEqual([
      ['version', 'lab-viewer'],
      ['canI', 'lab-viewer', 'list', 'namespaces'],
    ]);
  });

  it('answers 503 CLUSTER_UNREACHABLE with the reason when the apiserver cannot be reached', async () => {
    app = await createTestApp({
      port: createStrictClusterPort({
        overrides: {
          version: async () => {
            throw new ClusterError(
              'CLUSTER_UNREACHABLE',
              'Cannot reach the cluster of context "kind-lab" at https://127.0.0.1:6443: connection refused',
              {
                context: 'kind-lab',
                reason: 'connection refused',
              },
            );
          },
        },
      }),
    });
    const res = await request(app.getHttpServer()).get('/api/test-connection').expect(503);
    expect(res.body).toMatchObject({
      code: 'CLUSTER_UNREACHABLE',
      details: { context: 'kind-lab', reason: 'connection refused' },
    });
  });

  it('keeps a refused probe as 403, never a 200 that reads like success', async () => {
    app = await createTestApp({
      port: createStrictClusterPort({
        overrides: {
          version: async () => {
            throw new ClusterError('FORBIDDEN', 'forbidden: User "x" cannot get path "/version"', {
              verb: 'get',
              resource: null,
            });
          },
        },
      }),
    });
    const res = await request(app.getHttpServer()).get('/api/test-connection').expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('answers 404 for a context the kubeconfig does not have, without probing', async () => {
    app = await createTestApp({ port: createStrictClusterPort({ contexts: ['lab-admin'] }) });
    const res = await request(app.getHttpServer()).get('/api/test-connection').query({ context: 'prod' }).expect(404);
    expect(res.body).toMatchObject({ code: 'CONTEXT_NOT_FOUND', details: { known: ['lab-admin'] } });
  });
});
