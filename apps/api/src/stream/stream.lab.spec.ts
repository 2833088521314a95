import type { INestApplication } from '@nestjs/common';
import { type KubeCluster, type WatchCache } from '@orphelix/k8s';
import { type SseConnection, openSse, type ReceivedSseEvent } from '../common/sse/sse-client';
import { listen } from '../e2e/routes';
import { WATCH_CACHE } from '../live/live.tokens';
import { createLabApp } from '../testing/lab-app';
import { until as untilWithin } from '../testing/until';
import { labFault } from '@orphelix/lab-cluster';
import { CLUSTER_PORT } from '@orphelix/k8s';

const NS = `orx-stream-${process.pid}`;

let app: INestApplication;
let baseUrl: string;
let cluster: KubeCluster;
const open: SseConnection[] = [];

interface ChangeData {
  type: string;
  object: { name: string; namespace: string; data?: Record<string, string>; keys?: string[] };
}

const data = (e: ReceivedSseEvent): ChangeData => JSON.parse(e.data) as ChangeData;

async function connect(query: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const connection = await openSse(`${baseUrl}/api/stream?${query}`, headers);
  open.push(connection);
  return connection;
}

const until = (what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> => untilWithin(what, check, timeoutMs);

const http = () => cluster.http('lab-admin');

async function createConfigMap(name: string): Promise<void> {
  await http().send({ method: 'POST', path: `/api/v1/namespaces/${NS}/configmaps`, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } } });
}

async function patchConfigMap(name: string, value: string): Promise<void> {
  await http().send({
    method: 'PATCH',
    path: `/api/v1/namespaces/${NS}/configmaps/${name}`,
    contentType: 'application/merge-patch+json',
    body: { data: { k: value } },
  });
}

async function deleteConfigMap(name: string): Promise<void> {
  await http().send({ method: 'DELETE', path: `/api/v1/namespaces/${NS}/configmaps/${name}` });
}

const changesOf = (c: SseConnection, prefix: string): string[] =>
  c.events.filter((e) => e.event === 'configmap' && data(e).object.name.startsWith(prefix)).map((e) => `${data(e).type} ${data(e).object.name}`);

beforeAll(async () => {
  ({ app } = await createLabApp());
  baseUrl = await listen(app);
  cluster = app.get<KubeCluster>(CLUSTER_PORT);
  await http().send({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
});

afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

afterAll(async () => {
  await http().send({ method: 'DELETE', path: `/api/v1/namespaces/${NS}` }).catch(() => undefined);
  await app?.close();
});

describe('GET /api/stream against the lab', () => {
  it('sends connected, then every change as the list DTO, in order, with resumable ids', async () => {
    const c = await connect(`kinds=configmaps&namespace=${NS}`);
    expect(c.status).toBe(200);
    expect(c.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(c.headers['x-accel-buffering']).toBe('no');
    const connected = await c.waitFor((e) => e.event === 'connected');
    expect(JSON.parse(connected.data)).toMatchObject({ context: 'lab-admin', namespace: NS, kinds: ['configmaps'], mode: 'cluster' });
    await createConfigMap('live-a');
    await patchConfigMap('live-a', 'two');
    await createConfigMap('live-b');
    await deleteConfigMap('live-a');
    await until('four changes', () => changesOf(c, 'live-').length >= 4);
    expect(changesOf(c, 'live-')).toEqual(['ADDED live-a', 'MODIFIED live-a', 'ADDED live-b', 'DELETED live-a']);
    const added = c.events.find((e) => e.event === 'configmap');
    // The same DTO the list route returns.
    const list = (await (await fetch(`${baseUrl}/api/configmaps?namespace=${NS}`)).json()) as { items: { name: string }[] };
    expect(Object.keys(data(added as ReceivedSseEvent).object).sort()).toEqual(Object.keys(list.items.find((i) => i.name === 'live-b') ?? {}).sort());
    for (const e of c.events.filter((x) => x.event === 'configmap')) expect(e.id).toMatch(/^configmaps:\d+(\.\d+)?$/);
  });

  it('replays exactly the missed changes to a client that resumes with Last-Event-ID', async () => {
    const first = await connect(`kinds=configmaps,secrets&namespace=${NS}`);
    await first.waitFor((e) => e.event === 'connected');
    await createConfigMap('resume-0');
    const seen = await first.waitFor((e) => e.event === 'configmap' && data(e).object.name === 'resume-0');
    first.close();
    await createConfigMap('resume-1');
    await patchConfigMap('resume-0', 'x');
    await deleteConfigMap('resume-1');
    await createConfigMap('resume-2');
    // Let the cache see them before reconnecting, so they are replayed rather than delivered live.
    const cache = app.get<WatchCache>(WATCH_CACHE);
    await until('the cache to see resume-2', () => cache.peek('lab-admin', 'configmaps', null)?.getByKey(`${NS}/resume-2`) !== undefined);
    const second = await connect(`kinds=configmaps,secrets&namespace=${NS}`, { 'Last-Event-ID': seen.id ?? '' });
    await createConfigMap('resume-3');
    await until('resume-3', () => changesOf(second, 'resume-').includes('ADDED resume-3'));
    expect(changesOf(second, 'resume-')).toEqual(['ADDED resume-1', 'MODIFIED resume-0', 'DELETED resume-1', 'ADDED resume-2', 'ADDED resume-3']);
    expect(second.events.some((e) => e.event === 'resync')).toBe(false);
  });

  it('sends resync when the id cannot be resumed', async () => {
    const c = await connect(`kinds=configmaps&namespace=${NS}`, { 'Last-Event-ID': 'configmaps:1' });
    const resync = await c.waitFor((e) => e.event === 'resync');
    expect(JSON.parse(resync.data)).toMatchObject({ kinds: ['configmaps'] });
  });

  it('sends resync for an id ahead of where the cluster is (an id from another cluster)', async () => {
    const c = await connect(`kinds=configmaps&namespace=${NS}`, { 'Last-Event-ID': 'configmaps:999999999999' });
    const resync = await c.waitFor((e) => e.event === 'resync');
    expect(JSON.parse(resync.data)).toMatchObject({ kinds: ['configmaps'] });
  });

  it('serves many clients from one upstream watch per kind and scope', async () => {
    const clients = await Promise.all(Array.from({ length: 25 }, () => connect(`kinds=configmaps,pods&namespace=${NS}`)));
    await Promise.all(clients.map((c) => c.waitFor((e) => e.event === 'connected')));
    await createConfigMap('fanout');
    await Promise.all(clients.map((c) => c.waitFor((e) => e.event === 'configmap' && data(e).object.name === 'fanout')));
    const informers = app.get<WatchCache>(WATCH_CACHE).info().filter((i) => i.context === 'lab-admin' && (i.kind === 'configmaps' || i.kind === 'pods'));
    expect(informers.map((i) => `${i.kind} ${i.namespace ?? '*'}`).sort()).toEqual(['configmaps *', 'pods *']);
    for (const i of informers) {
      expect(i.stats.lists).toBe(1);
      expect(i.holders).toBeGreaterThanOrEqual(25);
    }
  });

  it('is not held back by compression', async () => {
    const c = await connect(`kinds=configmaps&namespace=${NS}`, { 'Accept-Encoding': 'gzip' });
    await c.waitFor((e) => e.event === 'connected');
    expect(c.headers['content-encoding']).toBeUndefined();
    await createConfigMap('gzip');
    await c.waitFor((e) => e.event === 'configmap' && data(e).object.name === 'gzip');
  });

  it('answers bad requests with the error envelope before streaming', async () => {
    const bad = await fetch(`${baseUrl}/api/stream?kinds=pods,widgets`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_ERROR', details: { fields: [expect.objectContaining({ field: 'kinds' })] } });
    expect((await fetch(`${baseUrl}/api/stream`)).status).toBe(400);
    expect((await fetch(`${baseUrl}/api/stream?kinds=pods&context=nope`)).status).toBe(404);
    const forbidden = await fetch(`${baseUrl}/api/stream?kinds=nodes&context=lab-viewer`);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('says at once when the cluster becomes unreachable, and asks for a relist once it is back', async () => {
    const c = await connect(`kinds=configmaps,pods&namespace=${NS}`);
    await until('connected', () => c.events.some((e) => e.event === 'connected'));
    await labFault('stop', 'kube-apiserver');
    try {
      await until('an error event per kind', () => c.events.filter((e) => e.event === 'error').length >= 2, 20_000);
      // A client that connects during the outage hears of it at once, right after `connected`.
      const late = await connect(`kinds=configmaps,pods&namespace=${NS}`);
      await until('the late client\'s error events', () => late.events.filter((e) => e.event === 'error').length >= 2, 5_000);
      expect(late.events[0]?.event).toBe('connected');
    } finally {
      await labFault('start', 'kube-apiserver');
    }
    const errors = c.events.filter((e) => e.event === 'error').map((e) => JSON.parse(e.data) as { kind: string; code: string });
    expect(errors.map((e) => e.kind).sort()).toEqual(['configmaps', 'pods']);
    expect(errors.every((e) => e.code === 'CLUSTER_UNREACHABLE')).toBe(true);
    await until('a resync per kind', () => c.events.filter((e) => e.event === 'resync').length >= 2, 60_000);
    const kinds = c.events.filter((e) => e.event === 'resync').flatMap((e) => (JSON.parse(e.data) as { kinds: string[] }).kinds);
    expect(kinds.sort()).toEqual(['configmaps', 'pods']);
    // And it streams again.
    await createConfigMap('after-outage');
    await until('the change after the outage', () => changesOf(c, 'after-outage').length > 0, 30_000);
  });

  it('streams what a namespace-scoped identity may read and reports the kinds it may not', async () => {
    const c = await connect('kinds=pods,nodes&namespace=shop&context=lab-viewer');
    const connected = await c.waitFor((e) => e.event === 'connected');
    expect(JSON.parse(connected.data)).toMatchObject({ kinds: ['pods'] });
    const error = await c.waitFor((e) => e.event === 'error');
    expect(JSON.parse(error.data)).toMatchObject({ code: 'FORBIDDEN', kind: 'nodes' });
  });
});
