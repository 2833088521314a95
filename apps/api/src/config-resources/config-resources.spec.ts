import type { INestApplication } from '@nestjs/common';
import type { ConfigMapDetail, SecretDetail, SecretSummary } from '@orphelix/contract';
import { CLUSTER_PORT, type ClusterPort } from '@orphelix/k8s';
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

describe('configmaps on the demo cluster', () => {
  it('shows the values of a ConfigMap', async () => {
    const body = (await get('/api/configmaps/storefront-config', { namespace: 'production' }).expect(200))
      .body as ConfigMapDetail;
    expect(Object.keys(body.data).length).toBeGreaterThan(0);
    expect(body.keys).toEqual(expect.arrayContaining(Object.keys(body.data)));
  });
});

describe('secrets on the demo cluster', () => {
  /** The stored secrets with their values, decoded, straight from the cluster behind the API. */
  async function storedSecrets() {
    const port = app.get<ClusterPort>(CLUSTER_PORT);
    const { items } = await port.list('demo', 'secrets');
    return items.map((s) => ({
      name: s.metadata?.name ?? '',
      namespace: s.metadata?.namespace ?? '',
      values: Object.entries(s.data ?? {}).map(([key, b64]) => ({
        key,
        b64,
        text: Buffer.from(b64, 'base64').toString('utf8'),
      })),
    }));
  }

  it('gives keys with the byte size of each value', async () => {
    const stored = (await storedSecrets()).find((s) => s.namespace === 'production' && s.name === 'payments-provider');
    expect(stored).toBeDefined();
    const body = (await get('/api/secrets/payments-provider', { namespace: 'production' }).expect(200))
      .body as SecretDetail;
    const expected = (stored?.values ?? [])
      .map((v) => ({ key: v.key, size: Buffer.from(v.b64, 'base64').length }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    expect(body.keys).toEqual(expected);
    expect(body.dataCount).toBe(expected.length);
  });

  it('never sends a value, plain or base64, in the list, a detail or the YAML', async () => {
    const stored = await storedSecrets();
    // Short values (usernames such as "checkout") legitimately appear as names elsewhere; real secret
    // material is long.
    const needles = stored
      .flatMap((s) => s.values)
      .flatMap((v) => [v.text, v.b64])
      .filter((n) => n.length >= 16);
    expect(needles.length).toBeGreaterThan(10);

    const bodies: string[] = [(await get('/api/secrets').expect(200)).text];
    for (const secret of stored) {
      bodies.push((await get(`/api/secrets/${secret.name}`, { namespace: secret.namespace }).expect(200)).text);
      const yaml = (await get(`/api/secrets/${secret.name}/yaml`, { namespace: secret.namespace }).expect(200)).text;
      expect(yaml).toMatch(/<masked>/);
      bodies.push(yaml);
    }
    const summaries = JSON.parse(bodies[0] as string).items as SecretSummary[];
    expect(summaries.length).toBe(stored.length);
    for (const body of bodies) for (const needle of needles) expect(body.includes(needle) ? needle : null).toBeNull();
  });
});
