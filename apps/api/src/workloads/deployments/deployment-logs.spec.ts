import type { INestApplication } from '@nestjs/common';
import type { V1Deployment, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import type { DeploymentLogsResponse, ErrorEnvelope, LogStreamLine } from '@orphelix/contract';
import {
  ClusterError,
  type ClusterPort,
  gone,
  type LogOptions,
  notFound,
  type WatchEvent,
  type WatchOptions,
} from '@orphelix/k8s';
import { Observable, type Subscriber } from 'rxjs';
import request from 'supertest';
import { openSse, type ReceivedSseEvent, type SseConnection } from '../../common/sse/sse-client';
import { createStrictClusterPort } from '../../testing/strict-cluster-port';
import { createTestApp } from '../../testing/test-app';
import { containerInstance } from './deployment-log-follower';

const NS = 'shop';
const DEPLOYMENT: V1Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: NS, uid: 'dep-uid' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app' }, { name: 'sidecar' }] } },
  },
};

const replicaSet = (name: string, uid: string, ownerUid: string): V1ReplicaSet => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name,
    namespace: NS,
    uid,
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'owner', uid: ownerUid, controller: true }],
  },
});

type State = 'running' | 'waiting' | 'none';
function pod(name: string, rs: { name: string; uid: string } | null, states: Record<string, State>, rv = '10'): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: NS,
      uid: `${name}-uid`,
      resourceVersion: rv,
      labels: { app: 'web' },
      ownerReferences: rs
        ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.name, uid: rs.uid, controller: true }]
        : [],
    },
    spec: { containers: Object.keys(states).map((c) => ({ name: c })) },
    status: {
      containerStatuses: Object.entries(states)
        .filter(([, s]) => s !== 'none')
        .map(([c, s]) => ({
          name: c,
          image: c,
          imageID: '',
          ready: s === 'running',
          restartCount: 0,
          state:
            s === 'running'
              ? { running: { startedAt: new Date('2026-11-27T08:00:00Z') } }
              : { waiting: { reason: 'ContainerCreating' } },
        })),
    },
  };
}

const RS_OLD = { name: 'web-old', uid: 'rs-old' };
const RS_NEW = { name: 'web-new', uid: 'rs-new' };
const RS_OTHER = { name: 'lookalike', uid: 'rs-other' };

interface Upstream {
  pod: string;
  options: LogOptions;
  subscriber: Subscriber<string>;
  unsubscribed: boolean;
}
interface Watch {
  options: WatchOptions;
  subscriber: Subscriber<WatchEvent<V1Pod>>;
  unsubscribed: boolean;
}

let app: INestApplication;
let baseUrl: string;
let pods: V1Pod[] = [];
let listRv = '10';
const upstreams: Upstream[] = [];
const watches: Watch[] = [];
const listCalls: string[] = [];
const replicaSetGets: string[] = [];
let podLogs: (pod: string, options: LogOptions) => Promise<string> = async () => '';

const port: ClusterPort = createStrictClusterPort({
  overrides: {
    get: (async (_context: string, kind: string, name: string, namespace?: string) => {
      if (kind === 'deployments' && name === 'web' && namespace === NS) return structuredClone(DEPLOYMENT);
      if (kind === 'replicasets' && name === RS_NEW.name) {
        replicaSetGets.push(name);
        return replicaSet(RS_NEW.name, RS_NEW.uid, 'dep-uid');
      }
      throw notFound(kind === 'deployments' ? 'Deployment' : 'ReplicaSet', name, namespace);
    }) as ClusterPort['get'],
    list: (async (_context: string, kind: string, options?: { labelSelector?: string; namespace?: string }) => {
      listCalls.push(`${kind} ${options?.namespace} ${options?.labelSelector}`);
      if (kind === 'replicasets')
        return {
          items: [
            replicaSet(RS_OLD.name, RS_OLD.uid, 'dep-uid'),
            replicaSet(RS_OTHER.name, RS_OTHER.uid, 'someone-else'),
          ],
          resourceVersion: listRv,
        };
      if (kind === 'pods') return { items: structuredClone(pods), resourceVersion: listRv };
      throw new Error(`unexpected list of ${kind}`);
    }) as ClusterPort['list'],
    podLogs: async (_context, _namespace, podName, options) => podLogs(podName, options),
    followPodLogs: (_context, _namespace, podName, options) =>
      new Observable<string>((subscriber) => {
        const upstream: Upstream = { pod: podName, options, subscriber, unsubscribed: false };
        upstreams.push(upstream);
        return () => {
          upstream.unsubscribed = true;
        };
      }),
    watch: ((_context: string, kind: string, options: WatchOptions) =>
      new Observable<WatchEvent<V1Pod>>((subscriber) => {
        if (kind !== 'pods') throw new Error(`unexpected watch of ${kind}`);
        const watch: Watch = { options, subscriber, unsubscribed: false };
        watches.push(watch);
        return () => {
          watch.unsubscribed = true;
        };
      })) as ClusterPort['watch'],
  },
});

beforeAll(async () => {
  app = await createTestApp({ port });
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
});
afterAll(async () => {
  app.getHttpServer().closeAllConnections();
  await app?.close();
});
beforeEach(() => {
  pods = [];
  listRv = '10';
  upstreams.length = 0;
  watches.length = 0;
  listCalls.length = 0;
  replicaSetGets.length = 0;
  podLogs = async () => '';
});

async function until(what: string, check: () => boolean, ms = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const lines = (events: ReceivedSseEvent[]): LogStreamLine[] =>
  events.filter((e) => e.event === 'log').map((e) => JSON.parse(e.data) as LogStreamLine);
const upstream = (podName: string, container: string): Upstream | undefined =>
  upstreams.find((u) => u.pod === podName && u.options.container === container && !u.unsubscribed);
async function upstreamOf(podName: string, container: string): Promise<Upstream> {
  await until(`a follow of ${podName}/${container}`, () => upstream(podName, container) !== undefined);
  return upstream(podName, container) as Upstream;
}

describe('GET /api/deployments/{name}/logs', () => {
  it("merges the recent lines of the deployment's own pods by timestamp, each tagged with pod and container", async () => {
    pods = [
      pod('web-old-a', RS_OLD, { app: 'running', sidecar: 'running' }),
      pod('web-old-b', RS_OLD, { app: 'running', sidecar: 'waiting' }),
      pod('lookalike-x', RS_OTHER, { app: 'running', sidecar: 'running' }),
      pod('bare', null, { app: 'running', sidecar: 'running' }),
    ];
    const asked: string[] = [];
    podLogs = async (podName, options) => {
      asked.push(`${podName}/${options.container} tail=${options.tailLines} ts=${options.timestamps}`);
      if (podName === 'web-old-a' && options.container === 'app')
        return '2026-11-27T08:00:01.5Z a1\n2026-11-27T08:00:03.000000001Z a2\n';
      if (podName === 'web-old-a') return '2026-11-27T08:00:02.000000000Z s1\n';
      return '2026-11-27T08:00:03.000000000Z b1\n';
    };
    const res = await request(app.getHttpServer())
      .get('/api/deployments/web/logs')
      .query({ namespace: NS })
      .expect(200);
    const body = res.body as DeploymentLogsResponse;
    expect(asked.sort()).toEqual([
      'web-old-a/app tail=100 ts=true',
      'web-old-a/sidecar tail=100 ts=true',
      'web-old-b/app tail=100 ts=true',
    ]);
    expect(body.parsed.map((l) => [l.message, l.pod, l.container, l.line])).toEqual([
      ['a1', 'web-old-a', 'app', 1],
      ['s1', 'web-old-a', 'sidecar', 1],
      ['b1', 'web-old-b', 'app', 1],
      ['a2', 'web-old-a', 'app', 2],
    ]);
    expect(body).toMatchObject({ name: 'web', namespace: NS, container: null, previous: false, totalLines: 4 });
    expect(body.sources).toEqual([
      { pod: 'web-old-a', container: 'app', lines: 2 },
      { pod: 'web-old-a', container: 'sidecar', lines: 1 },
      { pod: 'web-old-b', container: 'app', lines: 1 },
    ]);
    expect(body.skipped).toEqual([
      { pod: 'web-old-b', container: 'sidecar', reason: 'not started: ContainerCreating' },
    ]);
    expect(listCalls).toContain(`pods ${NS} app=web`);

    const text = await request(app.getHttpServer())
      .get('/api/deployments/web/logs')
      .query({ namespace: NS, container: 'app', tailLines: 5 })
      .set('Accept', 'text/plain')
      .expect(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.text).toBe('[pod/web-old-a/app] a1\n[pod/web-old-b/app] b1\n[pod/web-old-a/app] a2\n');
  });

  it('skips a pod deleted while its log was read, and refuses an unknown container or deployment', async () => {
    pods = [
      pod('web-old-a', RS_OLD, { app: 'running', sidecar: 'none' }),
      pod('web-old-b', RS_OLD, { app: 'running', sidecar: 'none' }),
    ];
    podLogs = async (podName) => {
      if (podName === 'web-old-b') throw notFound('Pod', podName, NS);
      return '2026-11-27T08:00:01Z only\n';
    };
    const res = await request(app.getHttpServer())
      .get('/api/deployments/web/logs')
      .query({ namespace: NS, container: 'app' })
      .expect(200);
    expect((res.body as DeploymentLogsResponse).parsed.map((l) => l.pod)).toEqual(['web-old-a']);
    expect((res.body as DeploymentLogsResponse).skipped).toEqual([
      { pod: 'web-old-b', container: 'app', reason: expect.stringContaining('web-old-b') },
    ]);

    const container = await request(app.getHttpServer())
      .get('/api/deployments/web/logs')
      .query({ namespace: NS, container: 'nope' })
      .expect(400);
    expect(container.body.details.fields[0].field).toBe('container');
    await request(app.getHttpServer()).get('/api/deployments/nope/logs').query({ namespace: NS }).expect(404);
    podLogs = async () => {
      throw new ClusterError('FORBIDDEN', 'cannot get pods/log', {});
    };
    await request(app.getHttpServer()).get('/api/deployments/web/logs').query({ namespace: NS }).expect(403);
  });
});

describe('GET /api/deployments/{name}/logs?follow=true', () => {
  const followUrl = (query = ''): string => `${baseUrl}/api/deployments/web/logs?namespace=${NS}&follow=true${query}`;
  let sse: SseConnection | undefined;
  afterEach(() => sse?.close());

  it('follows the pods running at the start and those a rollout adds, and ends the streams of deleted pods', async () => {
    pods = [
      pod('web-old-a', RS_OLD, { app: 'running', sidecar: 'running' }),
      pod('lookalike-x', RS_OTHER, { app: 'running', sidecar: 'running' }),
    ];
    listRv = '42';
    sse = await openSse(followUrl());
    expect(sse.status).toBe(200);

    const oldApp = await upstreamOf('web-old-a', 'app');
    const oldSidecar = await upstreamOf('web-old-a', 'sidecar');
    expect(oldApp.options).toEqual({ container: 'app', timestamps: true, tailLines: 100, sinceSeconds: undefined });
    expect(upstreams.map((u) => u.pod)).not.toContain('lookalike-x');
    await until('the watch', () => watches.length === 1);
    const watch = watches[0] as Watch;
    expect(watch.options).toEqual({ namespace: NS, resourceVersion: '42', labelSelector: 'app=web' });

    oldApp.subscriber.next('2026-11-27T08:00:01Z from old app\n');
    oldSidecar.subscriber.next('2026-11-27T08:00:01Z from old sidecar\n');
    await sse.waitFor((e) => e.event === 'log', 5_000, 1);

    // A rollout: a pod of a ReplicaSet created after the start, first pending, then running.
    watch.subscriber.next({ type: 'ADDED', object: pod('web-new-a', RS_NEW, { app: 'none', sidecar: 'none' }, '43') });
    await until('the new ReplicaSet to be looked up', () => replicaSetGets.length === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(upstreams.filter((u) => u.pod === 'web-new-a')).toEqual([]);
    watch.subscriber.next({
      type: 'MODIFIED',
      object: pod('web-new-a', RS_NEW, { app: 'running', sidecar: 'waiting' }, '44'),
    });
    const newApp = await upstreamOf('web-new-a', 'app');
    // A pod that starts later is read from its first line.
    expect(newApp.options).toEqual({ container: 'app', timestamps: true });
    newApp.subscriber.next('2026-11-27T08:00:05Z new pod up\n');

    watch.subscriber.next({
      type: 'DELETED',
      object: pod('web-old-a', RS_OLD, { app: 'running', sidecar: 'running' }, '45'),
    });
    await until("the deleted pod's streams to end", () => oldApp.unsubscribed && oldSidecar.unsubscribed);
    newApp.subscriber.next('2026-11-27T08:00:06Z still here\n');
    await sse.waitFor((e) => e.event === 'log' && e.data.includes('still here'));
    expect(lines(sse.events).map((l) => [l.pod, l.container, l.message])).toEqual([
      ['web-old-a', 'app', 'from old app'],
      ['web-old-a', 'sidecar', 'from old sidecar'],
      ['web-new-a', 'app', 'new pod up'],
      ['web-new-a', 'app', 'still here'],
    ]);
    expect(sse.events.map((e) => e.event)).not.toContain('end');

    sse.close();
    await until('every stream and the watch to be closed', () => newApp.unsubscribed && watch.unsubscribed);
  });

  it('resumes a watch that ends from its last resourceVersion, and relists after one that fails', async () => {
    pods = [pod('web-old-a', RS_OLD, { app: 'running', sidecar: 'none' })];
    sse = await openSse(followUrl('&container=app'));
    await until('the watch', () => watches.length === 1);
    const first = watches[0] as Watch;
    first.subscriber.next({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '77' } } });
    first.subscriber.complete();
    await until('the watch to resume', () => watches.length === 2, 3_000);
    expect(watches[1]?.options.resourceVersion).toBe('77');

    // The resourceVersion is too old: relist (a pod appeared meanwhile), then watch from the list.
    pods = [...pods, pod('web-old-b', RS_OLD, { app: 'running', sidecar: 'none' })];
    listRv = '90';
    const listsBefore = listCalls.filter((c) => c.startsWith('pods')).length;
    watches[1]?.subscriber.error(gone('too old resource version'));
    await until('the watch after the relist', () => watches.length === 3, 3_000);
    expect(listCalls.filter((c) => c.startsWith('pods')).length).toBe(listsBefore + 1);
    expect(watches[2]?.options.resourceVersion).toBe('90');
    const added = await upstreamOf('web-old-b', 'app');
    expect(added.options).toEqual({ container: 'app', timestamps: true });
    // The pod followed from the start is not followed twice.
    expect(upstreams.filter((u) => u.pod === 'web-old-a')).toHaveLength(1);
  });

  it("reports one pod's failing log as an error naming it, and goes on with the others", async () => {
    pods = [
      pod('web-old-a', RS_OLD, { app: 'running', sidecar: 'none' }),
      pod('web-old-b', RS_OLD, { app: 'running', sidecar: 'none' }),
    ];
    sse = await openSse(followUrl());
    const a = await upstreamOf('web-old-a', 'app');
    const b = await upstreamOf('web-old-b', 'app');
    a.subscriber.error(new ClusterError('CLUSTER_UNREACHABLE', 'the log stream was cut off', {}));
    const error = await sse.waitFor((e) => e.event === 'error');
    expect(JSON.parse(error.data) as ErrorEnvelope).toMatchObject({
      code: 'CLUSTER_UNREACHABLE',
      details: { pod: 'web-old-a', container: 'app' },
      requestId: sse.headers['x-request-id'],
    });
    b.subscriber.next('2026-11-27T08:00:01Z b is fine\n');
    await sse.waitFor((e) => e.event === 'log' && e.data.includes('b is fine'));
  });

  it('ends with an error event when the watch is refused', async () => {
    pods = [];
    sse = await openSse(followUrl());
    await until('the watch', () => watches.length === 1);
    watches[0]?.subscriber.error(new ClusterError('FORBIDDEN', 'cannot watch pods', { verb: 'watch' }));
    await sse.ended;
    expect(
      sse.events
        .filter((e) => e.event !== 'heartbeat')
        .map((e) => [e.event, (JSON.parse(e.data) as ErrorEnvelope).code]),
    ).toEqual([['error', 'FORBIDDEN']]);
  });

  it('answers what fails before streaming as the JSON envelope with its status', async () => {
    const missing = await request(app.getHttpServer())
      .get('/api/deployments/nope/logs')
      .query({ namespace: NS, follow: true })
      .expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    const previous = await request(app.getHttpServer())
      .get('/api/deployments/web/logs')
      .query({ namespace: NS, follow: true, previous: true })
      .expect(400);
    expect(previous.body.details.fields[0].field).toBe('previous');
    const container = await request(app.getHttpServer())
      .get('/api/deployments/web/logs')
      .query({ namespace: NS, follow: true, container: 'nope' })
      .expect(400);
    expect(container.body.details.fields[0].field).toBe('container');
    expect(watches).toEqual([]);
  });
});

describe('containerInstance', () => {
  it('names one run of a container alike while it runs, after it stopped and while it waits to restart', () => {
    const startedAt = new Date('2026-11-27T08:00:00Z');
    const running = containerInstance({
      name: 'c',
      image: '',
      imageID: '',
      ready: true,
      restartCount: 3,
      state: { running: { startedAt } },
    });
    const stopped = containerInstance({
      name: 'c',
      image: '',
      imageID: '',
      ready: false,
      restartCount: 3,
      state: { terminated: { exitCode: 1, startedAt } },
    });
    const waiting = containerInstance({
      name: 'c',
      image: '',
      imageID: '',
      ready: false,
      restartCount: 3,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 1, startedAt } },
    });
    expect(running).not.toBeNull();
    expect(stopped).toBe(running);
    expect(waiting).toBe(running);
    expect(
      containerInstance({
        name: 'c',
        image: '',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { waiting: { reason: 'ContainerCreating' } },
      }),
    ).toBeNull();
    expect(
      containerInstance({
        name: 'c',
        image: '',
        imageID: '',
        ready: true,
        restartCount: 4,
        state: { running: { startedAt: new Date('2026-11-27T09:00:00Z') } },
      }),
    ).not.toBe(running);
  });
});
