import type { INestApplication } from '@nestjs/common';
import type { IngressDetail, PodSummary, ServiceDetail, ServiceSummary } from '@orphelix/contract';
import request from 'supertest';
import { listShapeErrors } from '../testing/contract-shape';
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
  path: 'services',
  kind: 'Service',
  summary: 'ServiceSummary',
  detail: 'ServiceDetail',
  namespaced: true,
});
describeReadRoutes(() => app, {
  path: 'ingress',
  kind: 'Ingress',
  summary: 'IngressSummary',
  detail: 'IngressDetail',
  namespaced: true,
});

describe('services on the demo cluster', () => {
  it('prints TYPE, CLUSTER-IP, EXTERNAL-IP and PORT(S) as kubectl does', async () => {
    const services = (await get('/api/services').expect(200)).body.items as ServiceSummary[];
    const byKey = new Map(services.map((s) => [`${s.namespace}/${s.name}`, s]));
    expect(byKey.get('default/hello-web')).toMatchObject({
      type: 'NodePort',
      portsDisplay: expect.stringMatching(/^\d+:\d+\/TCP/),
    });
    expect(byKey.get('production/payments-provider')).toMatchObject({ type: 'ExternalName', clusterIP: '<none>' });
    expect(byKey.get('production/payments-provider')?.externalIP).not.toBe('<none>');
    expect(byKey.get('kube-system/ingress-nginx-controller')?.type).toBe('LoadBalancer');
  });

  it("lists the pods a service's selector matches in its namespace", async () => {
    const service = (await get('/api/services/storefront', { namespace: 'production' }).expect(200))
      .body as ServiceDetail;
    const res = await get('/api/services/storefront/pods', { namespace: 'production' }).expect(200);
    expect(listShapeErrors(res.body, 'PodSummary')).toEqual([]);
    const pods = res.body.items as PodSummary[];
    const all = (await get('/api/pods', { namespace: 'production' }).expect(200)).body.items as PodSummary[];
    const expected = all
      .filter((p) => Object.entries(service.selector).every(([k, v]) => p.labels[k] === v))
      .map((p) => p.name);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect(pods.map((p) => p.name)).toEqual(expected);
    expect(pods.every((p) => p.namespace === 'production')).toBe(true);
  });

  it('does not take pods of the same app in another namespace', async () => {
    const res = await get('/api/services/storefront/pods', { namespace: 'staging' }).expect(200);
    const pods = res.body.items as PodSummary[];
    expect(pods.length).toBeGreaterThan(0);
    expect(pods.every((p) => p.namespace === 'staging')).toBe(true);
  });

  it('narrows the pods with labelSelector', async () => {
    const res = await get('/api/services/storefront/pods', {
      namespace: 'production',
      labelSelector: 'app=nothing-has-this',
    }).expect(200);
    expect(res.body).toMatchObject({ items: [], total: 0 });
  });

  it.each([
    ['an ExternalName service', 'payments-provider', 'production'],
    ['a service without a selector', 'kubernetes', 'default'],
  ])('selects no pod for %s', async (_case, name, namespace) => {
    const res = await get(`/api/services/${name}/pods`, { namespace }).expect(200);
    expect(res.body).toMatchObject({ items: [], total: 0, offset: 0, limit: null });
  });

  it('answers pods of an unknown service with 404', async () => {
    expect((await get('/api/services/no-such-service/pods', { namespace: 'production' }).expect(404)).body.code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('ingress on the demo cluster', () => {
  it('gets rules, TLS and the services it routes to', async () => {
    const body = (await get('/api/ingress/storefront', { namespace: 'production' }).expect(200)).body as IngressDetail;
    expect(body.hosts.length).toBeGreaterThan(0);
    expect(body.rules.length).toBeGreaterThan(0);
    expect(body.services).toContain('storefront');
  });
});
