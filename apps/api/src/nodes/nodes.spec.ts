import type { INestApplication } from '@nestjs/common';
import type { NodeSummary, PodSummary } from '@orphelix/contract';
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
  path: 'nodes',
  kind: 'Node',
  summary: 'NodeSummary',
  detail: 'NodeDetail',
  namespaced: false,
});

describe('nodes on the demo cluster', () => {
  it('shows status, roles and kubelet version', async () => {
    const nodes = (await get('/api/nodes').expect(200)).body.items as NodeSummary[];
    const byName = new Map(nodes.map((n) => [n.name, n]));
    expect(byName.get('demo-control-plane')?.roles).toEqual(['control-plane']);
    for (const node of nodes) {
      expect(node.status).toMatch(/^(Ready|NotReady|Unknown)(,SchedulingDisabled)?$/);
      expect(node.version).toMatch(/^v\d+\.\d+\.\d+/);
    }
  });

  it('lists the events of a node, which Kubernetes records outside any node namespace', async () => {
    const totals = await Promise.all(
      ['demo-control-plane', 'demo-worker-1', 'demo-worker-2', 'demo-worker-3'].map(
        async (name) => (await get(`/api/nodes/${name}/events`).expect(200)).body.total as number,
      ),
    );
    expect(totals.some((total) => total > 0)).toBe(true);
  });

  it('lists the pods on a node across namespaces, and only those', async () => {
    const all = (await get('/api/pods').expect(200)).body.items as PodSummary[];
    const node = 'demo-worker-1';
    const res = await get(`/api/nodes/${node}/pods`).expect(200);
    expect(listShapeErrors(res.body, 'PodSummary')).toEqual([]);
    const expected = all.filter((p) => p.nodeName === node).map((p) => `${p.namespace}/${p.name}`);
    expect(expected.length).toBeGreaterThan(0);
    expect(new Set(expected.map((k) => k.split('/')[0])).size).toBeGreaterThan(1);
    expect((res.body.items as PodSummary[]).map((p) => `${p.namespace}/${p.name}`)).toEqual(expected);
  });

  it('narrows the pods on a node to a namespace', async () => {
    const res = await get('/api/nodes/demo-worker-1/pods', { namespace: 'kube-system' }).expect(200);
    const pods = res.body.items as PodSummary[];
    expect(pods.length).toBeGreaterThan(0);
    expect(pods.every((p) => p.namespace === 'kube-system' && p.nodeName === 'demo-worker-1')).toBe(true);
  });

  it('answers pods of an unknown node with 404, not an empty list', async () => {
    const res = await get('/api/nodes/no-such-node/pods').expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect((await get('/api/nodes/Bad_Node/pods').expect(400)).body.details.fields[0].field).toBe('name');
  });
});
