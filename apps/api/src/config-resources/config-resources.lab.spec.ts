import type { INestApplication } from '@nestjs/common';
import type { ConfigMapDetail, ConfigMapSummary, SecretDetail, SecretSummary } from '@orphelix/contract';
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

const PASSWORD = 'lab-password-not-a-real-secret';

describeReadRoutes(() => app, {
  path: 'configmaps',
  kind: 'ConfigMap',
  summary: 'ConfigMapSummary',
  detail: 'ConfigMapDetail',
  namespaced: true,
});
describeReadRoutes(() => app, {
  path: 'secrets',
  kind: 'Secret',
  summary: 'SecretSummary',
  detail: 'SecretDetail',
  namespaced: true,
});

describe('configmaps against the lab', () => {
  it('DATA equals `kubectl get configmaps -A`', async () => {
    const rows = kubectlTable(lab, 'configmaps', '-A');
    const res = await get('/api/configmaps').expect(200);
    const ours = new Map((res.body.items as ConfigMapSummary[]).map((c) => [`${c.namespace}/${c.name}`, c]));
    for (const row of rows) {
      const key = `${row['NAMESPACE']}/${row['NAME']}`;
      expect({ key, data: String(ours.get(key)?.dataCount) }).toEqual({ key, data: row['DATA'] });
    }
    expect(res.body.total).toBe(rows.length);
  });

  it('shows the values of storefront-config', async () => {
    const body = (await get('/api/configmaps/storefront-config', { namespace: 'shop' }).expect(200))
      .body as ConfigMapDetail;
    expect(body.data).toMatchObject({ LOG_LEVEL: 'info', FEATURE_FLAGS: 'new-checkout,recommendations' });
  });

  it('answers a namespace-scoped identity with 403 outside its namespace', async () => {
    const res = await get('/api/configmaps', { namespace: 'payments', context: 'lab-viewer' }).expect(403);
    expect(res.body).toMatchObject({
      code: 'FORBIDDEN',
      details: { verb: 'list', resource: 'configmaps', namespace: 'payments' },
    });
    await get('/api/configmaps', { namespace: 'shop', context: 'lab-viewer' }).expect(200);
  });
});

describe('secrets against the lab', () => {
  it('TYPE and DATA equal `kubectl get secrets -A`', async () => {
    const rows = kubectlTable(lab, 'secrets', '-A');
    const res = await get('/api/secrets').expect(200);
    const ours = new Map((res.body.items as SecretSummary[]).map((s) => [`${s.namespace}/${s.name}`, s]));
    for (const row of rows) {
      const key = `${row['NAMESPACE']}/${row['NAME']}`;
      const secret = ours.get(key);
      expect({ key, type: secret?.type, data: String(secret?.dataCount) }).toEqual({
        key,
        type: row['TYPE'],
        data: row['DATA'],
      });
    }
  });

  it('shows the keys of payments-db with the size of each value', async () => {
    const body = (await get('/api/secrets/payments-db', { namespace: 'payments' }).expect(200)).body as SecretDetail;
    expect(body.keys).toEqual([
      {
        key: 'DATABASE_URL',
        size: Buffer.byteLength(`postgres://payments:${PASSWORD}@postgres.payments.svc:5432/payments`),
      },
      { key: 'POSTGRES_PASSWORD', size: PASSWORD.length },
      { key: 'POSTGRES_USER', size: 'payments'.length },
    ]);
    expect(body).toMatchObject({ type: 'Opaque', dataCount: 3 });
  });

  it(`never sends the password of payments-db, plain or base64, in any response`, async () => {
    const needles = [
      PASSWORD,
      Buffer.from(PASSWORD).toString('base64'),
      Buffer.from(`postgres://payments:${PASSWORD}`).toString('base64').slice(0, 24),
    ];
    const requests: [string, Record<string, string>][] = [
      ['/api/secrets', {}],
      ['/api/secrets', { namespace: 'payments' }],
      ['/api/secrets/payments-db', { namespace: 'payments' }],
      ['/api/secrets/payments-db', {}],
      ['/api/secrets/payments-db/yaml', { namespace: 'payments' }],
      ['/api/secrets/payments-db/events', { namespace: 'payments' }],
      ['/api/events', { namespace: 'payments' }],
    ];
    const texts: string[] = [];
    for (const [path, query] of requests) {
      const res = await get(path, query).expect(200);
      texts.push(res.text);
      for (const needle of needles) expect(res.text.includes(needle) ? `${path} contains ${needle}` : null).toBeNull();
    }
    const yaml = texts[4] ?? '';
    expect(yaml).toMatch(/POSTGRES_PASSWORD: <masked>/);
  });

  it('answers a namespace-scoped identity with 403 for secrets, which the view role excludes', async () => {
    const res = await get('/api/secrets', { namespace: 'shop', context: 'lab-viewer' }).expect(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN', details: { verb: 'list', resource: 'secrets' } });
  });
});
