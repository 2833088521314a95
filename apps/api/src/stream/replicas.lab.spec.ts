import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type ClientRequest, createServer, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { type FakeGitHub, type RunningFakeGitHub } from '@orphelix/github/testing';
import { CLUSTER_PORT, type KubeCluster, type WatchCache } from '@orphelix/k8s';
import { createOrphelixClient, type OrphelixClient, type OrphelixStreamEvent } from '@orphelix/sdk';
import request from 'supertest';
import { type SseConnection, openSse } from '../common/sse/sse-client';
import { listen } from '../e2e/routes';
import { WATCH_CACHE } from '../live/live.tokens';
import { postgresTestDatabase, type TestDatabase } from '../persistence/testing/test-databases';
import { gitHubEnv, loginWithGitHub, fakeGitHubForLogin } from '../testing/github-login';
import { createLabApp } from '../testing/lab-app';
import { until as untilWithin } from '../testing/until';

/**
 * Two API replicas on one PostgreSQL against the seeded lab, as the Helm chart runs them behind a
 * Service: each has its own data folder and its own watch cache; they share the database and
 * ORPHELIX_SECRET_KEY. A small balancer stands for the Service: a stream client is moved from one
 * replica to the other by cutting its connection mid-change, and the SDK reconnects through the
 * balancer with `Last-Event-ID`.
 */

const NS = `orx-replicas-${process.pid}`;
const ADMIN_TOKEN = 'replicas-lab-admin-token-0123456789abcdef';

/** Forwards every request to the current replica; `moveTo` cuts the connections open on the old one. */
class Balancer {
  private readonly server: Server;
  private readonly open = new Set<{ res: ServerResponse; upstream: ClientRequest }>();
  /** Every /api/stream request: the replica it went to and its Last-Event-ID. */
  readonly streams: { replica: string; lastEventId: string | null }[] = [];
  baseUrl = '';

  constructor(private target: { name: string; url: string }) {
    this.server = createServer((req, res) => this.forward(req, res));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  moveTo(target: { name: string; url: string }): void {
    this.target = target;
    for (const c of this.open) {
      c.upstream.destroy();
      c.res.destroy();
    }
    this.open.clear();
  }

  async close(): Promise<void> {
    this.moveTo(this.target);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Idle keep-alive connections of the SDK's fetch would hold `close` open.
    this.server.closeAllConnections();
    await closed;
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.target.url);
    if (url.pathname === '/api/stream') {
      const id = req.headers['last-event-id'];
      this.streams.push({ replica: this.target.name, lastEventId: typeof id === 'string' ? id : null });
    }
    const upstream = httpRequest(url, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    const entry = { res, upstream };
    this.open.add(entry);
    // The client went away (an aborted stream): so does the request to the replica.
    res.on('close', () => {
      this.open.delete(entry);
      upstream.destroy();
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }
}

interface Replica {
  name: string;
  app: INestApplication;
  url: string;
}

let database: TestDatabase;
let fake: FakeGitHub;
let github: RunningFakeGitHub;
let a: Replica;
let b: Replica;
let balancer: Balancer;
let sdk: OrphelixClient;
let cluster: KubeCluster;
const witnesses: SseConnection[] = [];
const dataDirs: string[] = [];

const until = (what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> => untilWithin(what, check, timeoutMs);

const http = () => cluster.http('lab-admin');

async function create(kind: 'configmaps' | 'services' | 'secrets', name: string): Promise<void> {
  const body =
    kind === 'configmaps'
      ? { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } }
      : kind === 'secrets'
        ? { apiVersion: 'v1', kind: 'Secret', metadata: { name }, stringData: { k: 'v' } }
        : { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }], selector: { app: name } } };
  await http().send({ method: 'POST', path: `/api/v1/namespaces/${NS}/${kind}`, body });
}

/** Creates the objects one after another, ~20 ms apart, while the test moves its client. */
async function createOneByOne(kind: 'configmaps' | 'secrets', names: string[]): Promise<void> {
  for (const name of names) {
    await create(kind, name);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An SSE connection straight to a replica (another browser on it), so its channel is warm. */
async function witness(replica: Replica, kinds: string): Promise<SseConnection> {
  const c = await openSse(`${replica.url}/api/stream?kinds=${kinds}&namespace=${NS}`, { Authorization: `Bearer ${ADMIN_TOKEN}` });
  witnesses.push(c);
  await c.waitFor((e) => e.event === 'connected');
  return c;
}

const nameOf = (e: OrphelixStreamEvent): string | null => (e.event === 'configmap' || e.event === 'secret' ? e.data.object.name : null);

/** Iterates a stream in the background; `stop` aborts it and waits for the iteration to end. */
function follow(kinds: ('configmaps' | 'secrets')[], onResync?: (kinds: string[]) => Promise<void>) {
  const controller = new AbortController();
  const events: OrphelixStreamEvent[] = [];
  const done = (async () => {
    for await (const e of sdk.stream({
      kinds,
      namespace: NS,
      signal: controller.signal,
      reconnect: { baseDelayMs: 50, maxDelayMs: 200 },
      ...(onResync ? { onResync } : {}),
    })) {
      events.push(e);
    }
  })();
  return {
    events,
    names: (prefix: string) => events.map(nameOf).filter((n): n is string => n !== null && n.startsWith(prefix)),
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

beforeAll(async () => {
  database = await postgresTestDatabase();
  fake = fakeGitHubForLogin({ expiringTokens: true });
  github = await fake.start();
  fake.addUser({ login: 'octo-ops', name: 'Octo Ops' });
  const secretKey = randomBytes(32).toString('base64');
  const replica = async (name: string): Promise<Replica> => {
    const dataDir = mkdtempSync(join(tmpdir(), `orx-replica-${name}-`));
    dataDirs.push(dataDir);
    const { app } = await createLabApp({
      env: {
        ...gitHubEnv(github.baseUrl, dataDir),
        DATABASE_URL: database.env['DATABASE_URL'] ?? '',
        ORPHELIX_SECRET_KEY: secretKey,
        ORPHELIX_AUTH: 'required',
        ORPHELIX_ADMIN_TOKEN: ADMIN_TOKEN,
      },
    });
    return { name, app, url: await listen(app) };
  };
  a = await replica('a');
  b = await replica('b');
  cluster = a.app.get<KubeCluster>(CLUSTER_PORT);
  await http().send({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
  balancer = new Balancer(a);
  await balancer.start();
});

afterAll(async () => {
  for (const c of witnesses) c.close();
  await balancer?.close();
  await http()
    .send({ method: 'DELETE', path: `/api/v1/namespaces/${NS}` })
    .catch(() => undefined);
  await a?.app.close();
  await b?.app.close();
  await github?.close();
  await database?.dispose();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('two API replicas on one PostgreSQL, against the lab', () => {
  it('share sessions, settings and API tokens; each keeps its own watch cache', async () => {
    // The login starts on A and GitHub sends the browser back to B (the signed state cookie is
    // checked there); the session works on both, for cluster routes and for a CSRF-protected change.
    const login = await loginWithGitHub(a.app, { callbackOn: b.app });
    await request(a.app.getHttpServer()).get(`/api/namespaces/${NS}`).set('Cookie', `orx_session=${login.session}`).expect(200);
    await request(b.app.getHttpServer()).get(`/api/configmaps?namespace=${NS}`).expect(401);
    await request(b.app.getHttpServer()).get(`/api/configmaps?namespace=${NS}`).set('Cookie', `orx_session=${login.session}`).expect(200);
    const me = await request(b.app.getHttpServer()).get('/api/auth/me').set('Cookie', `orx_session=${login.session}`).expect(200);
    expect(me.body).toMatchObject({ authenticated: true, user: { login: 'octo-ops' } });
    await login.as(request(b.app.getHttpServer()).post('/api/settings')).send({ theme: 'dark', defaultNamespace: NS }).expect(200);
    const read = await request(a.app.getHttpServer()).get('/api/settings').set('Cookie', `orx_session=${login.session}`).expect(200);
    expect(read.body).toMatchObject({ theme: 'dark', defaultNamespace: NS });

    // An API token made through A is accepted by B (the SDK below uses it through the balancer).
    const token = await request(a.app.getHttpServer()).post('/api/auth/tokens').set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ name: 'replicas' }).expect(201);
    const created = token.body as { token: string };
    await request(b.app.getHttpServer()).get(`/api/services?namespace=${NS}`).set('Authorization', `Bearer ${created.token}`).expect(200);
    sdk = createOrphelixClient({ baseUrl: balancer.baseUrl, token: created.token });

    // Two caches: the configmaps B listed are not in A's.
    expect(b.app.get<WatchCache>(WATCH_CACHE).peek('lab-admin', 'configmaps', null)).toBeDefined();
    expect(a.app.get<WatchCache>(WATCH_CACHE)).not.toBe(b.app.get<WatchCache>(WATCH_CACHE));
  });

  it('costs the apiserver one watch per kind per replica, whatever the number of clients', async () => {
    // Read from the apiserver itself: its open WATCH requests on ingresses (which nothing else in the
    // lab watches, and neither replica has yet).
    const watches = async (): Promise<number> => {
      const metrics = (await http().send({ method: 'GET', path: '/metrics' })).body;
      return metrics
        .split('\n')
        .filter((l) => l.startsWith('apiserver_longrunning_requests{') && l.includes('resource="ingresses"') && l.includes('verb="WATCH"'))
        .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf('}') + 1)), 0);
    };
    const settle = async (expected: number): Promise<number> => {
      const deadline = Date.now() + 10_000;
      let seen = await watches();
      while (seen !== expected && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        seen = await watches();
      }
      return seen;
    };
    const before = await watches();
    for (let i = 0; i < 5; i++) await witness(a, 'ingress');
    expect(await settle(before + 1)).toBe(before + 1);
    for (let i = 0; i < 5; i++) await witness(b, 'ingress');
    expect(await settle(before + 2)).toBe(before + 2);
  });

  it('resumes a client on a replica whose watch is behind the id it brings, without a resync', async () => {
    // B has watched configmaps for a while; A's watch starts later, after other writes moved the
    // cluster's resourceVersion on: the id A gives the client is ahead of anything B's watch saw.
    await witness(b, 'configmaps');
    expect(a.app.get<WatchCache>(WATCH_CACHE).peek('lab-admin', 'configmaps', null)).toBeUndefined();
    await create('services', 'move-rv-on');
    balancer.moveTo(a);
    const client = follow(['configmaps']);
    try {
      await until('connected through A', () => client.events.some((e) => e.event === 'connected'));
      const fromA = client.events.find((e) => e.event === 'connected')?.id ?? '';
      const position = BigInt(/^configmaps:(\d+)/.exec(fromA)?.[1] ?? '0');
      const bWatch = b.app.get<WatchCache>(WATCH_CACHE).peek('lab-admin', 'configmaps', null);
      expect(BigInt(bWatch?.resourceVersion ?? '0')).toBeLessThan(position);

      balancer.moveTo(b);
      await until('connected through B', () => client.events.filter((e) => e.event === 'connected').length === 2);
      await create('configmaps', 'ahead-0');
      await until('ahead-0 through B', () => client.names('ahead-').includes('ahead-0'));
      expect(balancer.streams.slice(-2)).toEqual([
        { replica: 'a', lastEventId: null },
        { replica: 'b', lastEventId: fromA },
      ]);
      expect(client.events.some((e) => e.event === 'resync')).toBe(false);
    } finally {
      await client.stop();
    }
  });

  it('moves a client between two replicas mid-change: every change once, in order, no resync', async () => {
    await witness(a, 'configmaps');
    balancer.moveTo(b);
    const client = follow(['configmaps']);
    const names = Array.from({ length: 40 }, (_, i) => `moved-${String(i).padStart(2, '0')}`);
    try {
      await until('connected through B', () => client.events.some((e) => e.event === 'connected'));
      const writer = createOneByOne('configmaps', names);
      // Moved to A after the 10th change, and back to B after the 25th, while the writer goes on.
      await until('10 changes through B', () => client.names('moved-').length >= 10);
      balancer.moveTo(a);
      await until('25 changes', () => client.names('moved-').length >= 25);
      balancer.moveTo(b);
      await writer;
      await until('all 40 changes', () => client.names('moved-').length >= names.length);
      expect(client.names('moved-')).toEqual(names);
      expect(client.events.some((e) => e.event === 'resync')).toBe(false);
      const moves = balancer.streams.slice(-3);
      expect(moves.map((s) => s.replica)).toEqual(['b', 'a', 'b']);
      expect(moves.slice(1).every((s) => s.lastEventId?.startsWith('configmaps:'))).toBe(true);
    } finally {
      await client.stop();
    }
  });

  it('moves a client to a replica that has never watched the kind: resync, and the relist through it has everything', async () => {
    balancer.moveTo(a);
    const relisted: string[][] = [];
    const client = follow(['secrets'], async () => {
      const listed = await sdk.listSecrets({ query: { namespace: NS } });
      relisted.push(listed.items.map((s) => s.name));
    });
    const names = Array.from({ length: 20 }, (_, i) => `cold-${String(i).padStart(2, '0')}`);
    try {
      expect(b.app.get<WatchCache>(WATCH_CACHE).peek('lab-admin', 'secrets', null)).toBeUndefined();
      await until('connected through A', () => client.events.some((e) => e.event === 'connected'));
      const writer = createOneByOne('secrets', names);
      await until('5 changes through A', () => client.names('cold-').length >= 5);
      balancer.moveTo(b);
      await writer;
      await until('the resync', () => client.events.some((e) => e.event === 'resync'));
      // Known to the client: what it was sent, and what it listed when told to relist.
      const known = () => new Set([...client.names('cold-'), ...relisted.flat().filter((n) => n.startsWith('cold-'))]);
      await until('every secret known', () => names.every((n) => known().has(n)));
      expect(client.events.find((e) => e.event === 'resync')?.data).toMatchObject({ kinds: ['secrets'] });
      expect(balancer.streams.at(-1)?.replica).toBe('b');
    } finally {
      await client.stop();
    }
  });
});
