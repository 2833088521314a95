import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { LabInfo } from '@orphelix/lab-cluster';
import { createOrphelixClient, OrphelixApiError, type OrphelixClient, type OrphelixStreamEvent } from '@orphelix/sdk';
import { listen } from '../e2e/routes';
import { kubectl } from '../testing/kubectl-table';
import { createLabApp } from '../testing/lab-app';
import { SDK_KIND_ROUTES, walkKindRoutes } from '../testing/sdk-routes';

/**
 * @orphelix/sdk against the API in cluster mode on the seeded lab: every route family, and stream()
 * resuming across a restart of the API while kubectl changes the cluster. Seeded objects are only
 * read; what is changed lives in this suite's own namespace, deleted afterwards.
 */

const ADMIN_TOKEN = 'sdk-lab-admin-token-0123456789abcdef0123';
const NS = `orx-sdk-${process.pid}`;

let app: INestApplication;
let lab: LabInfo;
let baseUrl: string;
let client: OrphelixClient;

const boot = async (): Promise<INestApplication> => (await createLabApp({ env: { ORPHELIX_ADMIN_TOKEN: ADMIN_TOKEN } })).app;

beforeAll(async () => {
  ({ app, lab } = await createLabApp({ env: { ORPHELIX_ADMIN_TOKEN: ADMIN_TOKEN } }));
  baseUrl = await listen(app);
  client = createOrphelixClient({ baseUrl, token: ADMIN_TOKEN });
  kubectl(lab, 'create', 'namespace', NS);
  kubectl(lab, '-n', NS, 'create', 'configmap', 'sdk-settings', '--from-literal=k=v');
  kubectl(lab, '-n', NS, 'create', 'deployment', 'sdk-web', '--image=registry.lab.invalid/sdk/web:1', '--replicas=1');
});

afterAll(async () => {
  try {
    kubectl(lab, 'delete', 'namespace', NS, '--wait=false', '--ignore-not-found');
  } finally {
    await app?.close();
  }
});

describe('every kind through the SDK against the lab', () => {
  it.each(SDK_KIND_ROUTES.map((r) => [r.kind, r] as const))('%s', async (_kind, routes) => {
    const called = await walkKindRoutes(client, routes);
    expect(called).toEqual(expect.arrayContaining([routes.list, routes.get, routes.yaml]));
  });
});

describe('the other route families through the SDK against the lab', () => {
  it('contexts, test-connection, cluster health, dashboard summary, health checks', async () => {
    expect((await client.listContexts()).items.map((c) => c.name)).toEqual(expect.arrayContaining(['lab-admin', 'lab-viewer']));
    expect(await client.testConnection()).toMatchObject({ status: 'connected' });
    expect(await client.getClusterHealth()).toEqual(expect.objectContaining({ status: expect.any(String) }));
    expect(await client.getDashboardSummary({ query: { namespace: 'shop' } })).toEqual(expect.objectContaining({ pods: expect.any(Object) }));
    await expect(client.checkReadiness()).resolves.toBeDefined();
  });

  it('settings and identity', async () => {
    expect(await client.me()).toEqual(expect.objectContaining({ user: expect.any(Object) }));
    expect((await client.updateSettings({ body: { defaultNamespace: NS } })).defaultNamespace).toBe(NS);
    await client.resetSettings();
    expect((await client.getSettings()).defaultNamespace).toBeNull();
  });

  it('restarts its own Deployment with a token', async () => {
    const restarted = await client.restartDeployment({ path: { name: 'sdk-web' }, query: { namespace: NS } });
    expect(restarted).toMatchObject({ name: 'sdk-web', namespace: NS, action: 'rollout', context: 'lab-admin' });
    const annotation = kubectl(lab, '-n', NS, 'get', 'deployment', 'sdk-web', '-o', "jsonpath={.spec.template.metadata.annotations['kubectl\\.kubernetes\\.io/restartedAt']}");
    expect(annotation).not.toBe('');
  });

  it('logs of a seeded pod and deployment', async () => {
    const pods = (await client.listPods({ query: { namespace: 'shop' } })).items.filter((p) => p.phase === 'Running');
    const pod = pods[0];
    if (!pod) throw new Error('no running pod in shop');
    const logs = await client.getPodLogs({ path: { name: pod.name }, query: { namespace: 'shop', tailLines: 20 } });
    expect(logs).toEqual(expect.objectContaining({ parsed: expect.any(Array) }));
    const deployment = (await client.listDeployments({ query: { namespace: 'shop' } })).items[0];
    const merged = await client.getDeploymentLogs({ path: { name: deployment?.name ?? '' }, query: { namespace: 'shop', tailLines: 10 } });
    expect(merged).toEqual(expect.objectContaining({ parsed: expect.any(Array) }));
  });

  it('findings, and typed errors from the cluster', async () => {
    expect(Array.isArray((await client.getFindings({ query: { namespace: 'shop' } })).findings)).toBe(true);
    const missing = (await client.getConfigMap({ path: { name: 'no-such-configmap' }, query: { namespace: NS } }).catch((e: unknown) => e)) as OrphelixApiError;
    expect(missing).toBeInstanceOf(OrphelixApiError);
    expect(missing).toMatchObject({ status: 404, code: 'NOT_FOUND', requestId: expect.any(String) });
    const viewer = (await client.restartDeployment({ path: { name: 'sdk-web' }, query: { namespace: NS, context: 'lab-viewer' } }).catch((e: unknown) => e)) as OrphelixApiError;
    expect(viewer).toBeInstanceOf(OrphelixApiError);
    expect(viewer.code).toBe('FORBIDDEN');
  });
});

describe('stream() against the lab', () => {
  it('resumes across an API restart and sees what kubectl changed while the API was down', async () => {
    const port = Number(new URL(baseUrl).port);
    const lastEventIds: (string | null)[] = [];
    const sdk = createOrphelixClient({
      baseUrl,
      token: ADMIN_TOKEN,
      fetch: (request) => {
        if (new URL(request.url).pathname === '/api/stream') lastEventIds.push(request.headers.get('last-event-id'));
        return fetch(request);
      },
    });
    const controller = new AbortController();
    const seen: OrphelixStreamEvent[] = [];
    let relistedWhileDown = false;
    let phase = 'before' as 'before' | 'down' | 'after';
    const done = (async () => {
      for await (const e of sdk.stream({
        kinds: ['configmaps'],
        namespace: NS,
        signal: controller.signal,
        reconnect: { baseDelayMs: 200, maxDelayMs: 1_000 },
        onResync: async () => {
          const names = (await sdk.listConfigMaps({ query: { namespace: NS } })).items.map((c) => c.name);
          if (names.includes('sdk-while-down')) relistedWhileDown = true;
        },
      })) {
        seen.push(e);
        const sawWhileDown = e.event === 'configmap' && e.data.object.name === 'sdk-while-down';
        if (phase === 'after' && (sawWhileDown || relistedWhileDown)) controller.abort();
      }
    })();
    const waitFor = async (what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await waitFor('connected', () => seen.some((e) => e.event === 'connected'));
      kubectl(lab, '-n', NS, 'create', 'configmap', 'sdk-before', '--from-literal=k=v');
      await waitFor('the change before the restart', () => seen.some((e) => e.event === 'configmap' && e.data.object.name === 'sdk-before'));
      const idBefore = seen.filter((e) => e.id !== null).at(-1)?.id;

      phase = 'down';
      const server = app.getHttpServer() as Server;
      const closing = app.close();
      server.closeAllConnections();
      await closing;
      kubectl(lab, '-n', NS, 'create', 'configmap', 'sdk-while-down', '--from-literal=k=v');
      app = await boot();
      phase = 'after';
      await app.listen(port, '127.0.0.1');
      await waitFor('the change made while the API was down', () => controller.signal.aborted, 60_000);
      await done;

      expect(seen.filter((e) => e.event === 'connected').length).toBeGreaterThanOrEqual(2);
      expect(lastEventIds[0]).toBeNull();
      expect(lastEventIds.slice(1)).toContain(idBefore);
    } finally {
      controller.abort();
      await done.catch(() => undefined);
    }
  });
});
