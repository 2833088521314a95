import type { INestApplication } from '@nestjs/common';
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { DeploymentDetail, JobSummary, PodSummary, ReplicaSetDetail, ReplicaSetSummary } from '@orphelix/contract';
import { DemoCluster } from '@orphelix/demo';
import type { ClusterPort } from '@orphelix/k8s';
import request from 'supertest';
import { CONTRACT_SCHEMAS, type ContractSchemaName } from '../openapi/contract-schemas';
import { createStrictClusterPort } from '../testing/strict-cluster-port';
import { createTestApp } from '../testing/test-app';
import { fromConsole } from '../testing/csrf';

interface Schema {
  type?: string | string[];
  $ref?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function typeMatches(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'integer':
      return Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return typeof value === type;
  }
}

/** Where `value` departs from the contract's JSON schema (the keywords the generator emits); `[]` when it conforms. */
function shapeErrors(value: unknown, schema: Schema, path: string): string[] {
  if (schema.$ref) return shapeErrors(value, CONTRACT_SCHEMAS[schema.$ref.split('/').pop() ?? ''] as Schema, path);
  if (schema.anyOf)
    return schema.anyOf.some((s) => shapeErrors(value, s, path).length === 0)
      ? []
      : [`${path}: matches no alternative`];
  if (schema.enum && !schema.enum.includes(value))
    return [`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`];
  const types = schema.type === undefined ? [] : [schema.type].flat();
  if (types.length > 0 && !types.some((t) => typeMatches(value, t)))
    return [`${path}: expected ${types.join('|')}, got ${JSON.stringify(value)}`];
  if (Array.isArray(value) && schema.items) {
    const items = schema.items;
    return value.flatMap((v, i) => shapeErrors(v, items, `${path}[${i}]`));
  }
  if (!isObject(value)) return [];
  const errors = (schema.required ?? []).filter((key) => !(key in value)).map((key) => `${path}.${key}: missing`);
  for (const [key, v] of Object.entries(value)) {
    const property = schema.properties?.[key];
    if (property) errors.push(...shapeErrors(v, property, `${path}.${key}`));
    else if (schema.additionalProperties === false) errors.push(`${path}.${key}: not in the contract`);
    else if (isObject(schema.additionalProperties))
      errors.push(...shapeErrors(v, schema.additionalProperties, `${path}.${key}`));
  }
  return errors;
}

const conforms = (value: unknown, name: ContractSchemaName): string[] => shapeErrors(value, { $ref: name }, name);

/** The first item; an empty list fails the test here rather than as a TypeError further on. */
function first<T>(items: T[]): T {
  expect(items.length).toBeGreaterThan(0);
  return items[0] as T;
}

const START = new Date('2026-11-27T10:17:00Z');
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

interface KindCase {
  kind: string;
  summary: ContractSchemaName;
  detail: ContractSchemaName;
  kubeKind: string;
  namespace: string;
  name: string;
}

const KIND_CASES: KindCase[] = [
  {
    kind: 'deployments',
    summary: 'DeploymentSummary',
    detail: 'DeploymentDetail',
    kubeKind: 'Deployment',
    namespace: 'production',
    name: 'search',
  },
  {
    kind: 'statefulsets',
    summary: 'StatefulSetSummary',
    detail: 'StatefulSetDetail',
    kubeKind: 'StatefulSet',
    namespace: 'production',
    name: 'postgres',
  },
  {
    kind: 'daemonsets',
    summary: 'DaemonSetSummary',
    detail: 'DaemonSetDetail',
    kubeKind: 'DaemonSet',
    namespace: 'kube-system',
    name: 'kube-proxy',
  },
  {
    kind: 'replicasets',
    summary: 'ReplicaSetSummary',
    detail: 'ReplicaSetDetail',
    kubeKind: 'ReplicaSet',
    namespace: 'production',
    name: '',
  },
  {
    kind: 'jobs',
    summary: 'JobSummary',
    detail: 'JobDetail',
    kubeKind: 'Job',
    namespace: 'staging',
    name: 'seed-test-data',
  },
  {
    kind: 'cronjobs',
    summary: 'CronJobSummary',
    detail: 'CronJobDetail',
    kubeKind: 'CronJob',
    namespace: 'production',
    name: 'nightly-backup',
  },
];

describe('workload routes on the demo cluster', () => {
  let app: INestApplication;
  let port: ClusterPort;
  let now: Date;

  beforeAll(async () => {
    now = START;
    // A clock that moves only when a test moves it: the simulation does not advance between two calls.
    port = new DemoCluster({ now: () => now });
    app = await createTestApp({ port });
  });
  afterAll(() => app.close());

  const get = (path: string, query: Record<string, string> = {}): request.Test =>
    request(app.getHttpServer()).get(path).query(query);
  const post = (path: string, query: Record<string, string> = {}): request.Test =>
    fromConsole(request(app.getHttpServer()).post(path).query(query));
  const later = async (seconds: number): Promise<void> => {
    now = new Date(now.getTime() + seconds * 1000);
    await port.list('demo', 'pods');
  };

  /** Follows owner references on the raw objects: Deployment uid → its ReplicaSets → their pods. */
  async function podsByOwnerChain(namespace: string, name: string): Promise<string[]> {
    const deployment: V1Deployment = await port.get('demo', 'deployments', name, namespace);
    const replicaSetUids = new Set(
      (await port.list('demo', 'replicasets', { namespace })).items
        .filter((rs) =>
          rs.metadata?.ownerReferences?.some((o) => o.kind === 'Deployment' && o.uid === deployment.metadata?.uid),
        )
        .map((rs) => rs.metadata?.uid),
    );
    return (await port.list('demo', 'pods', { namespace })).items
      .filter((pod: V1Pod) =>
        pod.metadata?.ownerReferences?.some((o) => o.kind === 'ReplicaSet' && replicaSetUids.has(o.uid)),
      )
      .map((pod) => pod.metadata?.name ?? '')
      .sort();
  }

  async function sampleName(c: KindCase): Promise<string> {
    if (c.name) return c.name;
    const res = await get(`/api/${c.kind}`, { namespace: c.namespace }).expect(200);
    return first(res.body.items as { name: string }[]).name;
  }

  describe.each(KIND_CASES)('$kind', (c) => {
    it('lists every object in the documented shape, sorted by namespace then name', async () => {
      const res = await get(`/api/${c.kind}`).expect(200);
      expect(res.body).toMatchObject({
        total: res.body.items.length,
        offset: 0,
        limit: null,
        resourceVersion: expect.any(String),
      });
      expect(res.body.items.length).toBeGreaterThan(0);
      expect(res.body.items.flatMap((item: unknown) => conforms(item, c.summary))).toEqual([]);
      const keys = (res.body.items as { namespace: string; name: string }[]).map((i) => `${i.namespace}/${i.name}`);
      expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      const raw = await port.list('demo', c.kind as 'deployments');
      expect(res.body.total).toBe(raw.items.length);
    });

    it('honours namespace, q, limit and the route sort keys', async () => {
      const res = await get(`/api/${c.kind}`, { namespace: c.namespace }).expect(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect(new Set(res.body.items.map((i: { namespace: string }) => i.namespace))).toEqual(new Set([c.namespace]));
      const page = await get(`/api/${c.kind}`, { limit: '1', offset: '1' }).expect(200);
      expect(page.body).toMatchObject({ offset: 1, limit: 1 });
      expect(page.body.items).toHaveLength(Math.min(1, page.body.total - 1));
      const key = c.kind === 'cronjobs' ? 'lastSchedule' : 'status';
      await get(`/api/${c.kind}`, { sort: `-${key}` }).expect(200);
      const bad = await get(`/api/${c.kind}`, { sort: 'restartz' }).expect(400);
      expect(bad.body.details.fields[0].field).toBe('sort');
    });

    it('gets one object, its YAML and its events', async () => {
      const name = await sampleName(c);
      const detail = await get(`/api/${c.kind}/${name}`, { namespace: c.namespace }).expect(200);
      expect(conforms(detail.body, c.detail)).toEqual([]);
      expect(detail.body).toMatchObject({ name, namespace: c.namespace });

      const yaml = await get(`/api/${c.kind}/${name}/yaml`, { namespace: c.namespace }).expect(200);
      expect(yaml.headers['content-type']).toMatch(/^application\/yaml/);
      expect(yaml.text).toContain(`kind: ${c.kubeKind}\n`);
      expect(yaml.text).toContain(`  name: ${name}\n`);
      expect(yaml.text).toContain(`  uid: ${detail.body.uid}\n`);
      expect(yaml.text).not.toContain('managedFields');

      const events = await get(`/api/${c.kind}/${name}/events`, { namespace: c.namespace }).expect(200);
      expect(events.body.items.flatMap((e: unknown) => conforms(e, 'EventDto'))).toEqual([]);
      for (const e of events.body.items as { involvedObject: { kind: string; name: string } }[]) {
        expect(e.involvedObject).toMatchObject({ kind: c.kubeKind, name });
      }
    });

    it('finds the object without a namespace when its name is unique', async () => {
      const name = await sampleName(c);
      const res = await get(`/api/${c.kind}/${name}`).expect(200);
      expect(res.body.namespace).toBe(c.namespace);
    });

    it.each(['', '/yaml', '/events'])('answers an unknown name on "%s" with 404 NOT_FOUND', async (sub) => {
      const res = await get(`/api/${c.kind}/no-such-thing${sub}`, { namespace: c.namespace }).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', requestId: res.headers['x-request-id'] });
      expect(res.body.error).toContain('no-such-thing');
    });

    it.each(['', '/yaml', '/events'])('answers a malformed name on "%s" with 400 naming name', async (sub) => {
      const res = await get(`/api/${c.kind}/Bad_Name${sub}`, { namespace: c.namespace }).expect(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['name']);
    });

    it('answers an unknown context with 404 CONTEXT_NOT_FOUND', async () => {
      const res = await get(`/api/${c.kind}`, { context: 'nope' }).expect(404);
      expect(res.body).toMatchObject({ code: 'CONTEXT_NOT_FOUND', details: { context: 'nope', known: ['demo'] } });
    });
  });

  it.each([
    ['get', '/api/deployments/Bad_Name/pods'],
    ['get', '/api/deployments/Bad_Name/replicasets'],
    ['post', '/api/deployments/Bad_Name/restart'],
    ['get', '/api/statefulsets/Bad_Name/pods'],
    ['post', '/api/statefulsets/Bad_Name/restart'],
    ['get', '/api/daemonsets/Bad_Name/pods'],
    ['post', '/api/daemonsets/Bad_Name/restart'],
    ['get', '/api/jobs/Bad_Name/pods'],
    ['get', '/api/cronjobs/Bad_Name/jobs'],
  ] as const)('%s %s answers 400 naming name', async (method, path) => {
    const res = await (method === 'get' ? get(path) : post(path)).expect(400);
    expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['name']);
  });

  it.each([
    ['get', '/api/deployments/no-such-thing/pods'],
    ['get', '/api/deployments/no-such-thing/replicasets'],
    ['post', '/api/deployments/no-such-thing/restart'],
    ['get', '/api/statefulsets/no-such-thing/pods'],
    ['post', '/api/statefulsets/no-such-thing/restart'],
    ['get', '/api/daemonsets/no-such-thing/pods'],
    ['post', '/api/daemonsets/no-such-thing/restart'],
    ['get', '/api/jobs/no-such-thing/pods'],
    ['get', '/api/cronjobs/no-such-thing/jobs'],
  ] as const)('%s %s answers 404 NOT_FOUND', async (method, path) => {
    const res = await (
      method === 'get' ? get(path, { namespace: 'production' }) : post(path, { namespace: 'production' })
    ).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('asks for the namespace when a name exists in several', async () => {
    for (const path of ['/api/deployments/storefront', '/api/deployments/storefront/pods']) {
      const res = await get(path).expect(400);
      expect(res.body.details.fields[0].field).toBe('namespace');
    }
    const restart = await post('/api/deployments/storefront/restart').expect(400);
    expect(restart.body.details.fields[0].field).toBe('namespace');
  });

  describe('deployment pods and replicasets', () => {
    it('gives every deployment exactly the pods its owner chain leads to', async () => {
      const deployments = (await get('/api/deployments').expect(200)).body.items as {
        name: string;
        namespace: string;
      }[];
      let withPods = 0;
      for (const d of deployments) {
        const res = await get(`/api/deployments/${d.name}/pods`, { namespace: d.namespace }).expect(200);
        expect(res.body.items.flatMap((p: unknown) => conforms(p, 'PodSummary'))).toEqual([]);
        const ours = (res.body.items as PodSummary[]).map((p) => p.name).sort();
        expect({ deployment: `${d.namespace}/${d.name}`, pods: ours }).toEqual({
          deployment: `${d.namespace}/${d.name}`,
          pods: await podsByOwnerChain(d.namespace, d.name),
        });
        if (ours.length > 0) withPods++;
      }
      expect(withPods).toBeGreaterThan(10);
    });

    it('does not take pods of look-alike names: production/search gets none of search-reindex', async () => {
      const all = (await get('/api/pods', { namespace: 'production' }).expect(200)).body.items as PodSummary[];
      expect(all.some((p) => p.name.startsWith('search-reindex-'))).toBe(true);
      const res = await get('/api/deployments/search/pods', { namespace: 'production' }).expect(200);
      const names = (res.body.items as PodSummary[]).map((p) => p.name);
      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((n) => n.startsWith('search-reindex-'))).toEqual([]);
      expect((res.body.items as PodSummary[]).every((p) => p.controlledBy?.kind === 'ReplicaSet')).toBe(true);
    });

    it('shows both sides of a rollout and a pod still terminating', async () => {
      const rollout = await get('/api/deployments/checkout-api/pods', { namespace: 'production' }).expect(200);
      expect(new Set((rollout.body.items as PodSummary[]).map((p) => p.controlledBy?.name)).size).toBe(2);
      const catalog = await get('/api/deployments/catalog/pods', { namespace: 'production' }).expect(200);
      expect((catalog.body.items as PodSummary[]).map((p) => p.status)).toContain('Terminating');
    });

    it('narrows the pods with labelSelector and sorts them by a pod key', async () => {
      const rs = (await get('/api/deployments/checkout-api/replicasets', { namespace: 'production' }).expect(200)).body
        .items as ReplicaSetSummary[];
      const hash = first(rs).selector.match(/pod-template-hash=([a-z0-9]+)/)?.[1] ?? '';
      expect(hash).not.toBe('');
      const res = await get('/api/deployments/checkout-api/pods', {
        namespace: 'production',
        labelSelector: `pod-template-hash=${hash}`,
        sort: '-restarts',
      }).expect(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect((res.body.items as PodSummary[]).every((p) => p.labels['pod-template-hash'] === hash)).toBe(true);
      const bad = await get('/api/deployments/checkout-api/pods', {
        namespace: 'production',
        labelSelector: 'a in (b',
      }).expect(400);
      expect(bad.body.details.fields[0].field).toBe('labelSelector');
    });

    it('lists its ReplicaSets newest revision first, each owned by it', async () => {
      const deployment = (await get('/api/deployments/checkout-api', { namespace: 'production' }).expect(200))
        .body as DeploymentDetail;
      const res = await get('/api/deployments/checkout-api/replicasets', { namespace: 'production' }).expect(200);
      const items = res.body.items as ReplicaSetSummary[];
      expect(items.flatMap((rs) => conforms(rs, 'ReplicaSetSummary'))).toEqual([]);
      // The rollout's two ReplicaSets, and older revisions kept at zero replicas for rollback.
      expect(items.length).toBeGreaterThanOrEqual(2);
      expect(items.slice(0, 2).every((rs) => rs.replicas.current > 0)).toBe(true);
      const revisions = items.map((rs) => Number(rs.revision));
      expect(revisions).toEqual([...revisions].sort((a, b) => b - a));
      expect(first(items).revision).toBe(deployment.revision);
      for (const rs of items) {
        const detail = (await get(`/api/replicasets/${rs.name}`, { namespace: 'production' }).expect(200))
          .body as ReplicaSetDetail;
        expect(detail.ownerReferences).toEqual([
          expect.objectContaining({ kind: 'Deployment', uid: deployment.uid, controller: true }),
        ]);
      }
      const oldest = await get('/api/deployments/checkout-api/replicasets', {
        namespace: 'production',
        sort: 'revision',
      }).expect(200);
      expect((oldest.body.items as ReplicaSetSummary[]).map((rs) => rs.name)).toEqual(
        items.map((rs) => rs.name).reverse(),
      );
    });
  });

  describe('owned pods and jobs of the other workloads', () => {
    it.each([
      ['statefulsets', 'production', 'postgres', 'StatefulSet'],
      ['daemonsets', 'kube-system', 'kube-proxy', 'DaemonSet'],
      ['jobs', 'staging', 'seed-test-data', 'Job'],
    ])('%s/%s/%s: the pods it owns', async (kind, namespace, name, kubeKind) => {
      const owner = (await get(`/api/${kind}/${name}`, { namespace }).expect(200)).body as { uid: string };
      const res = await get(`/api/${kind}/${name}/pods`, { namespace }).expect(200);
      const items = res.body.items as PodSummary[];
      expect(items.flatMap((p) => conforms(p, 'PodSummary'))).toEqual([]);
      const expected = (await port.list('demo', 'pods', { namespace })).items
        .filter((p) => p.metadata?.ownerReferences?.some((o) => o.uid === owner.uid))
        .map((p) => p.metadata?.name)
        .sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(items.map((p) => p.name).sort()).toEqual(expected);
      expect(items.every((p) => p.controlledBy?.kind === kubeKind && p.controlledBy.name === name)).toBe(true);
    });

    it('a failed job keeps each failed attempt', async () => {
      const res = await get('/api/jobs/seed-test-data/pods', { namespace: 'staging' }).expect(200);
      expect((res.body.items as PodSummary[]).map((p) => p.status)).toEqual(['Error', 'Error', 'Error']);
    });

    it('a cronjob lists the jobs it created, newest first', async () => {
      const cronJob = (await get('/api/cronjobs/report-generator', { namespace: 'production' }).expect(200)).body as {
        uid: string;
      };
      const res = await get('/api/cronjobs/report-generator/jobs', { namespace: 'production' }).expect(200);
      const items = res.body.items as JobSummary[];
      expect(items.flatMap((j) => conforms(j, 'JobSummary'))).toEqual([]);
      expect(items.length).toBeGreaterThanOrEqual(2);
      expect(items.every((j) => j.ownerCronJob === 'report-generator')).toBe(true);
      const created = items.map((j) => Date.parse(j.createdAt ?? ''));
      expect(created).toEqual([...created].sort((a, b) => b - a));
      const raw = (await port.list('demo', 'jobs', { namespace: 'production' })).items;
      expect(items.map((j) => j.name).sort()).toEqual(
        raw
          .filter((j) => j.metadata?.ownerReferences?.some((o) => o.uid === cronJob.uid))
          .map((j) => j.metadata?.name)
          .sort(),
      );
      const suspended = await get('/api/cronjobs/cache-warmer/jobs', { namespace: 'staging' }).expect(200);
      expect(suspended.body.items).toEqual([]);
    });
  });

  describe('restart', () => {
    it('rolls a deployment onto a new ReplicaSet with new pods, as kubectl rollout restart does', async () => {
      const before = (
        (await get('/api/deployments/storefront/pods', { namespace: 'production' }).expect(200)).body
          .items as PodSummary[]
      ).map((p) => p.name);
      const setsBefore = (
        (await get('/api/deployments/storefront/replicasets', { namespace: 'production' }).expect(200)).body
          .items as ReplicaSetSummary[]
      ).map((rs) => rs.name);

      const res = await post('/api/deployments/storefront/restart', { namespace: 'production' }).expect(200);
      expect(conforms(res.body, 'RestartResponse')).toEqual([]);
      expect(res.body).toEqual({
        name: 'storefront',
        namespace: 'production',
        context: 'demo',
        restartedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
        action: 'rollout',
        recreatedBy: null,
      });

      const deployment = (await get('/api/deployments/storefront', { namespace: 'production' }).expect(200))
        .body as DeploymentDetail;
      expect(deployment.template.annotations[RESTARTED_AT]).toBe(res.body.restartedAt);
      expect(deployment.status).toBe('Progressing');
      const sets = (await get('/api/deployments/storefront/replicasets', { namespace: 'production' }).expect(200)).body
        .items as ReplicaSetSummary[];
      const fresh = first(sets);
      expect(setsBefore).not.toContain(fresh.name);
      expect(fresh.revision).toBe(deployment.revision);
      const freshDetail = (await get(`/api/replicasets/${fresh.name}`, { namespace: 'production' }).expect(200))
        .body as ReplicaSetDetail;
      expect(freshDetail.template.annotations[RESTARTED_AT]).toBe(res.body.restartedAt);

      const during = (await get('/api/deployments/storefront/pods', { namespace: 'production' }).expect(200)).body
        .items as PodSummary[];
      const newPods = during.filter((p) => !before.includes(p.name));
      expect(newPods.length).toBeGreaterThan(0);
      expect(newPods.every((p) => p.controlledBy?.uid === fresh.uid)).toBe(true);

      await later(120);
      const after = (await get('/api/deployments/storefront/pods', { namespace: 'production' }).expect(200)).body
        .items as PodSummary[];
      expect(after.map((p) => p.name).filter((n) => before.includes(n))).toEqual([]);
      expect(after.every((p) => p.controlledBy?.uid === fresh.uid && p.status === 'Running')).toBe(true);
      const done = (await get('/api/deployments/storefront', { namespace: 'production' }).expect(200))
        .body as DeploymentDetail;
      expect(done.status).toBe('Available');
    });

    it.each([
      ['statefulsets', 'production', 'postgres'],
      ['daemonsets', 'kube-system', 'node-exporter'],
    ])('restarts %s %s/%s by stamping its pod template', async (kind, namespace, name) => {
      const res = await post(`/api/${kind}/${name}/restart`, { namespace }).expect(200);
      expect(res.body).toEqual({
        name,
        namespace,
        context: 'demo',
        restartedAt: expect.any(String),
        action: 'rollout',
        recreatedBy: null,
      });
      const detail = (await get(`/api/${kind}/${name}`, { namespace }).expect(200)).body as {
        template: { annotations: Record<string, string> };
      };
      expect(detail.template.annotations[RESTARTED_AT]).toBe(res.body.restartedAt);
    });

    it('answers an unknown context with 404 CONTEXT_NOT_FOUND and changes nothing', async () => {
      const res = await post('/api/deployments/hello-web/restart', { namespace: 'default', context: 'prod' }).expect(
        404,
      );
      expect(res.body.code).toBe('CONTEXT_NOT_FOUND');
      const detail = (await get('/api/deployments/hello-web', { namespace: 'default' }).expect(200))
        .body as DeploymentDetail;
      expect(detail.template.annotations[RESTARTED_AT]).toBeUndefined();
    });
  });
});

describe('workload restart rules', () => {
  const deployment = (paused: boolean): V1Deployment => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', uid: 'u-web' },
    spec: { paused, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } } } },
  });

  it('restarts in the context the request names, not the current one', async () => {
    const calls: unknown[][] = [];
    const app = await createTestApp({
      port: createStrictClusterPort({
        contexts: ['kind-lab', 'prod'],
        overrides: {
          get: (async (...args: unknown[]) => {
            calls.push(['get', ...args]);
            return deployment(false);
          }) as ClusterPort['get'],
          restartWorkload: async (...args) => {
            calls.push(['restartWorkload', ...args]);
            return { restartedAt: '2026-11-27T10:17:00.000Z' };
          },
        },
      }),
    });
    try {
      const res = await fromConsole(request(app.getHttpServer()).post('/api/deployments/web/restart'))
        .query({ namespace: 'shop', context: 'prod' })
        .expect(200);
      expect(res.body).toEqual({
        name: 'web',
        namespace: 'shop',
        context: 'prod',
        restartedAt: '2026-11-27T10:17:00.000Z',
        action: 'rollout',
        recreatedBy: null,
      });
      expect(calls).toEqual([
        ['get', 'prod', 'deployments', 'web', 'shop'],
        ['restartWorkload', 'prod', 'deployments', 'shop', 'web', expect.any(Date)],
      ]);
      // Every mutation is in the audit log: who, what, on what, with which result.
      const audit = await request(app.getHttpServer()).get('/api/audit').query({ action: 'deployment.restart' }).expect(200);
      expect(audit.body.items).toEqual([
        expect.objectContaining({ actor: 'local', action: 'deployment.restart', target: 'context=prod namespace=shop name=web', result: 'success' }),
      ]);
    } finally {
      await app.close();
    }
  });

  it('refuses a paused deployment with 409 CONFLICT, as kubectl does, without patching it', async () => {
    // The strict port throws on restartWorkload: a patch would turn this test's 409 into a 500.
    const app = await createTestApp({
      port: createStrictClusterPort({ overrides: { get: (async () => deployment(true)) as ClusterPort['get'] } }),
    });
    try {
      const res = await fromConsole(request(app.getHttpServer()).post('/api/deployments/web/restart'))
        .query({ namespace: 'shop' })
        .expect(409);
      expect(res.body).toMatchObject({
        code: 'CONFLICT',
        details: { kind: 'Deployment', name: 'web', namespace: 'shop', reason: 'paused' },
      });
      expect(res.body.error).toMatch(/paused/);
    } finally {
      await app.close();
    }
  });
});

describe('workload routes in demo mode as configured', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp({ port: 'configured', env: { ORPHELIX_MODE: 'demo' } });
  });
  afterAll(() => app.close());

  it.each(['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs', 'cronjobs'])(
    'serves /api/%s from the simulation',
    async (kind) => {
      const res = await request(app.getHttpServer()).get(`/api/${kind}`).expect(200);
      expect(res.headers['x-orphelix-mode']).toBe('demo');
      expect(res.body.items.length).toBeGreaterThan(0);
    },
  );
});
