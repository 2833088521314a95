import type { INestApplication } from '@nestjs/common';
import type { EventDto, NodeDetail, NodeSummary, PodSummary } from '@orphelix/contract';
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
  path: 'nodes',
  kind: 'Node',
  summary: 'NodeSummary',
  detail: 'NodeDetail',
  namespaced: false,
});

describe('nodes against the lab', () => {
  it('STATUS, ROLES and VERSION equal `kubectl get nodes` for every node', async () => {
    const rows = kubectlTable(lab, 'nodes');
    const res = await get('/api/nodes').expect(200);
    const ours = new Map((res.body.items as NodeSummary[]).map((n) => [n.name, n]));
    expect(rows.map((r) => r['NAME'])).toEqual(expect.arrayContaining(['lab-node-1', 'lab-node-2', 'lab-node-3']));
    for (const row of rows) {
      const node = ours.get(row['NAME'] as string);
      expect({
        name: node?.name,
        status: node?.status,
        roles: node?.roles.join(',') || '<none>',
        version: node?.version,
      }).toEqual({
        name: row['NAME'],
        status: row['STATUS'],
        roles: row['ROLES'],
        version: row['VERSION'],
      });
    }
    expect(res.body.total).toBe(rows.length);
    expect(ours.get('lab-node-3')?.status).toBe('NotReady');
  });

  it('shows the memory pressure of lab-node-2', async () => {
    const body = (await get('/api/nodes/lab-node-2').expect(200)).body as NodeDetail;
    expect(body.pressure).toEqual({ memory: true, disk: false, pid: false, networkUnavailable: false });
    expect(body.conditions.find((c) => c.type === 'MemoryPressure')).toMatchObject({
      status: 'True',
      reason: 'KubeletHasInsufficientMemory',
    });
    expect(body.allocatable).toMatchObject({ cpu: '4', memory: '8Gi', pods: '110' });
    const healthy = (await get('/api/nodes/lab-node-1').expect(200)).body as NodeDetail;
    expect(healthy.pressure.memory).toBe(false);
  });

  it("lists a node's events, recorded in the default namespace", async () => {
    const rows = kubectlTable(
      lab,
      'events',
      '-A',
      '--field-selector',
      'involvedObject.kind=Node,involvedObject.name=lab-node-1',
      '-o',
      'custom-columns=UID:.metadata.uid,REASON:.reason',
    );
    expect(rows.length).toBeGreaterThan(0);
    const res = await get('/api/nodes/lab-node-1/events').expect(200);
    const events = res.body.items as EventDto[];
    expect(events.map((e) => e.uid)).toEqual(expect.arrayContaining(rows.map((r) => r['UID'])));
    expect(events.every((e) => e.involvedObject.kind === 'Node' && e.involvedObject.name === 'lab-node-1')).toBe(true);
    expect(events.map((e) => e.reason)).toContain('RegisteredNode');
  });

  it('lists the pods on a node in every namespace, as `kubectl get pods -A --field-selector spec.nodeName=`', async () => {
    for (const node of ['lab-node-1', 'lab-node-2']) {
      const rows = kubectlTable(lab, 'pods', '-A', '--field-selector', `spec.nodeName=${node}`);
      const res = await get(`/api/nodes/${node}/pods`).expect(200);
      const pods = res.body.items as PodSummary[];
      expect(pods.map((p) => `${p.namespace}/${p.name}`).sort()).toEqual(
        rows.map((r) => `${r['NAMESPACE']}/${r['NAME']}`).sort(),
      );
      expect(pods.every((p) => p.nodeName === node)).toBe(true);
    }
    const all = kubectlTable(lab, 'pods', '-A', '--field-selector', 'spec.nodeName=lab-node-1');
    expect(new Set(all.map((r) => r['NAMESPACE'])).size).toBeGreaterThan(1);
    const shop = await get('/api/nodes/lab-node-1/pods', { namespace: 'shop' }).expect(200);
    expect((shop.body.items as PodSummary[]).map((p) => p.name).sort()).toEqual(
      all
        .filter((r) => r['NAMESPACE'] === 'shop')
        .map((r) => r['NAME'])
        .sort(),
    );
  });

  it('answers a namespace-scoped identity with 403 naming the verb and resource', async () => {
    const res = await get('/api/nodes', { context: 'lab-viewer' }).expect(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN', details: { verb: 'list', resource: 'nodes' } });
    const one = await get('/api/nodes/lab-node-1', { context: 'lab-viewer' }).expect(403);
    expect(one.body).toMatchObject({ code: 'FORBIDDEN', details: { verb: 'get', resource: 'nodes' } });
  });

  it('answers an unknown node with 404', async () => {
    expect((await get('/api/nodes/no-such-node').expect(404)).body.code).toBe('NOT_FOUND');
  });
});
