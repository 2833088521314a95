import type { INestApplication } from '@nestjs/common';
import type { IngressDetail, IngressSummary, PodSummary, ServiceSummary } from '@orphelix/contract';
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

describe('services against the lab', () => {
  it('TYPE, CLUSTER-IP, EXTERNAL-IP and PORT(S) equal `kubectl get services -A`', async () => {
    const rows = kubectlTable(lab, 'services', '-A');
    const res = await get('/api/services').expect(200);
    const ours = new Map((res.body.items as ServiceSummary[]).map((s) => [`${s.namespace}/${s.name}`, s]));
    for (const row of rows) {
      const key = `${row['NAMESPACE']}/${row['NAME']}`;
      const service = ours.get(key);
      expect({
        key,
        type: service?.type,
        clusterIP: service?.clusterIP,
        externalIP: service?.externalIP,
        ports: service?.portsDisplay,
      }).toEqual({
        key,
        type: row['TYPE'],
        clusterIP: row['CLUSTER-IP'],
        externalIP: row['EXTERNAL-IP'],
        ports: row['PORT(S)'],
      });
    }
    expect(res.body.total).toBe(rows.length);
    // The seed's cases, so a lab without them cannot pass this test vacuously.
    expect(ours.get('shop/storefront-nodeport')?.portsDisplay).toBe('80:30080/TCP');
    expect(ours.get('shop/storefront-public')?.externalIP).toBe('<pending>');
    expect(ours.get('shop/storefront')?.externalIP).toBe('<none>');
    expect(ours.get('payments/postgres')?.clusterIP).toBe('None');
  });

  it('lists the 3 storefront pods as the storefront service selects them', async () => {
    const rows = kubectlTable(lab, 'pods', '-n', 'shop', '-l', 'app=storefront');
    expect(rows).toHaveLength(3);
    const res = await get('/api/services/storefront/pods', { namespace: 'shop' }).expect(200);
    expect((res.body.items as PodSummary[]).map((p) => p.name).sort()).toEqual(rows.map((r) => r['NAME']).sort());
    // Without a namespace the service is found by name, and its own namespace is used.
    const found = await get('/api/services/storefront/pods').expect(200);
    expect(found.body.total).toBe(3);
  });

  it('lets a namespace-scoped identity read services in its namespace, and nowhere else', async () => {
    const res = await get('/api/services', { namespace: 'shop', context: 'lab-viewer' }).expect(200);
    expect((res.body.items as ServiceSummary[]).map((s) => s.name).sort()).toEqual(
      kubectlTable(lab, 'services', '-n', 'shop')
        .map((r) => r['NAME'])
        .sort(),
    );
    const other = await get('/api/services', { namespace: 'payments', context: 'lab-viewer' }).expect(403);
    expect(other.body).toMatchObject({
      code: 'FORBIDDEN',
      details: { verb: 'list', resource: 'services', namespace: 'payments' },
    });
  });
});

describe('ingress against the lab', () => {
  it('CLASS, HOSTS, ADDRESS and PORTS equal `kubectl get ingress -A`', async () => {
    const rows = kubectlTable(lab, 'ingress', '-A');
    expect(rows.length).toBeGreaterThan(0);
    const res = await get('/api/ingress').expect(200);
    const ours = new Map((res.body.items as IngressSummary[]).map((i) => [`${i.namespace}/${i.name}`, i]));
    for (const row of rows) {
      const key = `${row['NAMESPACE']}/${row['NAME']}`;
      const ingress = ours.get(key);
      expect({
        key,
        className: ingress?.className ?? '<none>',
        hosts: ingress?.hostsDisplay,
        address: ingress?.address,
        ports: ingress?.ports,
      }).toEqual({
        key,
        className: row['CLASS'],
        hosts: row['HOSTS'],
        address: row['ADDRESS'],
        ports: row['PORTS'],
      });
    }
    expect(res.body.total).toBe(rows.length);
  });

  it('gets the storefront ingress with its rules, TLS and backends', async () => {
    const body = (await get('/api/ingress/storefront', { namespace: 'shop' }).expect(200)).body as IngressDetail;
    expect(body.rules).toEqual([
      {
        host: 'shop.lab.example',
        paths: [
          expect.objectContaining({
            path: '/',
            pathType: 'Prefix',
            backend: expect.objectContaining({ display: 'storefront:80' }),
          }),
          expect.objectContaining({
            path: '/checkout',
            pathType: 'Prefix',
            backend: expect.objectContaining({ display: 'checkout:8080' }),
          }),
        ],
      },
    ]);
    expect(body.tls).toEqual([{ hosts: ['shop.lab.example'], secretName: 'storefront-tls' }]);
    expect(body.services).toEqual(['checkout', 'storefront']);
  });
});
