import { execFileSync } from 'node:child_process';
import type { INestApplication } from '@nestjs/common';
import type { LabInfo } from '@orphelix/lab-cluster';
import type { PodLogsResponse, PodSummary } from '@orphelix/contract';
import request from 'supertest';
import { createLabApp } from '../testing/lab-app';
import { fromConsole } from '../testing/csrf';

let app: INestApplication;
let lab: LabInfo;

beforeAll(async () => {
  ({ app, lab } = await createLabApp());
});
afterAll(async () => {
  await app?.close();
});

/** The name of a list response's first item; fails the test when the list is empty. */
function firstName(items: PodSummary[]): string {
  const [first] = items;
  if (!first) throw new Error('expected at least one pod');
  return first.name;
}

const kubectl = (...args: string[]): string =>
  execFileSync(lab.kubectl, ['--kubeconfig', lab.kubeconfig, ...args], { encoding: 'utf8' });

describe('pods against the lab', () => {
  it('STATUS, READY and RESTARTS equal `kubectl get pods -A` for every pod', async () => {
    const res = await request(app.getHttpServer()).get('/api/pods').expect(200);
    const ours = new Map((res.body.items as PodSummary[]).map((p) => [`${p.namespace}/${p.name}`, p]));
    const rows = kubectl('get', 'pods', '-A', '--no-headers')
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/));
    expect(rows.length).toBeGreaterThan(20);
    for (const [namespace, name, ready, status, restarts] of rows) {
      const pod = ours.get(`${namespace}/${name}`);
      expect({ pod: `${namespace}/${name}`, status: pod?.status, ready: pod?.ready, restarts: pod?.restarts }).toEqual({
        pod: `${namespace}/${name}`,
        status,
        ready,
        restarts: Number(restarts),
      });
    }
    expect(res.body.total).toBe(rows.length);
  });

  it('gets a pod with its containers and owner, and its events', async () => {
    const list = await request(app.getHttpServer())
      .get('/api/pods')
      .query({ namespace: 'shop', labelSelector: 'app=checkout' })
      .expect(200);
    const name = firstName(list.body.items);
    const detail = await request(app.getHttpServer()).get(`/api/pods/${name}`).query({ namespace: 'shop' }).expect(200);
    expect(detail.body.status).toBe('CrashLoopBackOff');
    expect(detail.body.ownerReferences[0]).toMatchObject({ kind: 'ReplicaSet' });
    const events = await request(app.getHttpServer())
      .get(`/api/pods/${name}/events`)
      .query({ namespace: 'shop' })
      .expect(200);
    expect(events.body.items.map((e: { reason: string }) => e.reason)).toContain('BackOff');
  });

  it('reads logs with levels parsed, JSON lines included, and the previous container', async () => {
    const list = await request(app.getHttpServer())
      .get('/api/pods')
      .query({ namespace: 'shop', labelSelector: 'app=storefront' })
      .expect(200);
    const name = firstName(list.body.items);
    const res = await request(app.getHttpServer())
      .get(`/api/pods/${name}/logs`)
      .query({ namespace: 'shop' })
      .expect(200);
    const body = res.body as PodLogsResponse;
    expect(body.container).toBe('storefront');
    const byMessage = new Map(body.parsed.map((l) => [l.message, l]));
    expect(byMessage.get('checkout failed')).toMatchObject({
      level: 'ERROR',
      json: expect.objectContaining({ order: 'A-10293' }),
    });
    expect(byMessage.get('payment authorization failed: upstream timed out after 5s')?.level).toBe('ERROR');
    expect(body.parsed[0]?.timestamp).toBe('2026-11-27T08:02:30.000000000Z');
    const levels = new Set(body.parsed.map((l) => l.level));
    for (const level of ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'TRACE']) expect(levels).toContain(level);

    const crash = await request(app.getHttpServer())
      .get('/api/pods')
      .query({ namespace: 'shop', labelSelector: 'app=checkout' })
      .expect(200);
    const crashName = firstName(crash.body.items);
    const previous = await request(app.getHttpServer())
      .get(`/api/pods/${crashName}/logs`)
      .query({ namespace: 'shop', previous: true })
      .expect(200);
    expect((previous.body as PodLogsResponse).logs).toContain('ENOENT');
    const text = await request(app.getHttpServer())
      .get(`/api/pods/${crashName}/logs`)
      .query({ namespace: 'shop', previous: true, tailLines: 1 })
      .set('Accept', 'text/plain')
      .expect(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.text).toBe('[FATAL] exiting with code 1\n');
  });

  it('refuses logs of a container that does not exist, or a previous instance that never was', async () => {
    const list = await request(app.getHttpServer())
      .get('/api/pods')
      .query({ namespace: 'shop', labelSelector: 'app=storefront' })
      .expect(200);
    const name = firstName(list.body.items);
    const missing = await request(app.getHttpServer())
      .get(`/api/pods/${name}/logs`)
      .query({ namespace: 'shop', container: 'nope' })
      .expect(400);
    expect(missing.body.details.fields[0].field).toBe('container');
    const never = await request(app.getHttpServer())
      .get(`/api/pods/${name}/logs`)
      .query({ namespace: 'shop', previous: true })
      .expect(400);
    expect(never.body.details.fields[0].field).toBe('previous');
  });

  it('restarting a bare pod is 409 unless forced; a controlled pod is deleted and recreated', async () => {
    const bare = await fromConsole(request(app.getHttpServer()).post('/api/pods/debug-shell/restart'))
      .query({ namespace: 'default' })
      .expect(409);
    expect(bare.body.code).toBe('CONFLICT');
    const list = await request(app.getHttpServer())
      .get('/api/pods')
      .query({ namespace: 'monitoring', labelSelector: 'app=prometheus' })
      .expect(200);
    const name = firstName(list.body.items);
    const res = await fromConsole(request(app.getHttpServer()).post(`/api/pods/${name}/restart`))
      .query({ namespace: 'monitoring' })
      .expect(200);
    expect(res.body).toMatchObject({
      name,
      namespace: 'monitoring',
      context: 'lab-admin',
      action: 'deleted',
      recreatedBy: { kind: 'ReplicaSet' },
    });
  });
});
