import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { ERROR_CODES } from '@orphelix/contract';
import { createOrphelixClient, OrphelixApiError, type OrphelixClient, type OrphelixStreamEvent } from '@orphelix/sdk';
import { listen } from '../e2e/routes';
import { SDK_KIND_ROUTES, walkKindRoutes } from '../testing/sdk-routes';
import { createTestApp } from '../testing/test-app';

/** @orphelix/sdk against the real API in demo mode, listening on loopback: every route family, typed errors, the stream. */

jest.setTimeout(60_000);

const ADMIN_TOKEN = 'sdk-admin-token-for-tests-0123456789abcdef';
const DEMO = { ORPHELIX_MODE: 'demo', ORPHELIX_ADMIN_TOKEN: ADMIN_TOKEN };

let app: INestApplication;
let baseUrl: string;
let client: OrphelixClient;

const boot = (env: Record<string, string> = {}) => createTestApp({ port: 'configured', env: { ...DEMO, ...env } });

beforeAll(async () => {
  app = await boot();
  baseUrl = await listen(app);
  client = createOrphelixClient({ baseUrl, token: ADMIN_TOKEN });
});

afterAll(async () => {
  await app?.close();
});

/** Closes an app at once, as a crash or a restart would: open streams are cut. */
async function stop(running: INestApplication): Promise<void> {
  const server = running.getHttpServer() as Server;
  const closing = running.close();
  server.closeAllConnections();
  await closing;
}

describe('every kind through the SDK: list, detail, YAML, events, owned lists', () => {
  it.each(SDK_KIND_ROUTES.map((r) => [r.kind, r] as const))('%s', async (_kind, routes) => {
    const called = await walkKindRoutes(client, routes);
    expect(called).toEqual(expect.arrayContaining([routes.list, routes.get, routes.yaml, ...(routes.events ? [routes.events] : []), ...(routes.children ?? [])]));
  });
});

describe('the other route families through the SDK', () => {
  it('contexts, test-connection, cluster health, dashboard summary, health checks', async () => {
    const contexts = await client.listContexts();
    expect(contexts.items.map((c) => c.name)).toContain('demo');
    expect(await client.testConnection()).toMatchObject({ status: 'connected' });
    expect(await client.getClusterHealth()).toEqual(expect.objectContaining({ status: expect.any(String) }));
    expect(await client.getDashboardSummary()).toEqual(expect.objectContaining({ pods: expect.any(Object) }));
    await expect(client.checkLiveness()).resolves.toBeDefined();
    await expect(client.checkReadiness()).resolves.toBeDefined();
  });

  it('settings: read, a partial update, reset', async () => {
    const before = await client.getSettings();
    const updated = await client.updateSettings({ body: { theme: before.theme === 'dark' ? 'light' : 'dark', defaultNamespace: 'shop' } });
    expect(updated.defaultNamespace).toBe('shop');
    expect((await client.getSettings()).theme).toBe(updated.theme);
    await client.resetSettings();
    expect((await client.getSettings()).defaultNamespace).toBeNull();
  });

  it('identity: me, tokens created, used, listed and revoked, the audit log', async () => {
    expect(await client.me()).toEqual(expect.objectContaining({ user: expect.any(Object) }));
    const created = await client.createToken({ body: { name: 'sdk-spec' } });
    expect(created).toEqual(expect.objectContaining({ name: 'sdk-spec', prefix: created.token.slice(0, 12), revokedAt: null }));
    const own = createOrphelixClient({ baseUrl, token: created.token });
    await expect(own.listNamespaces()).resolves.toEqual(expect.objectContaining({ items: expect.any(Array) }));
    const listed = (await client.listTokens()).items.find((t) => t.id === created.id);
    expect(listed).toEqual(expect.objectContaining({ name: 'sdk-spec', prefix: created.prefix }));
    expect(listed?.lastUsedAt).toEqual(expect.any(Number));
    expect(listed).not.toHaveProperty('token');
    expect(await client.revokeToken({ path: { id: created.id } })).toEqual({ id: created.id, revoked: true });
    const refused = await own.listNamespaces().catch((e: unknown) => e);
    expect(OrphelixApiError.is(refused, 'UNAUTHENTICATED')).toBe(true);
    const audit = await client.auditLog({ query: { limit: 50 } });
    expect(audit.total).toBeGreaterThanOrEqual(2);
    expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(['token.create', 'token.revoke']));
  });

  it('restarts a Deployment, a StatefulSet, a DaemonSet and a Pod with a token (no CSRF needed)', async () => {
    const deployment = (await client.listDeployments()).items[0];
    const statefulSet = (await client.listStatefulSets()).items[0];
    const daemonSet = (await client.listDaemonSets()).items[0];
    const pod = (await client.listPods()).items[0];
    if (!deployment || !statefulSet || !daemonSet || !pod) throw new Error('the demo has no workloads to restart');
    const restarted = await client.restartDeployment({ path: { name: deployment.name }, query: { namespace: deployment.namespace ?? undefined } });
    expect(restarted).toMatchObject({ name: deployment.name, namespace: deployment.namespace, action: 'rollout' });
    await expect(client.restartStatefulSet({ path: { name: statefulSet.name }, query: { namespace: statefulSet.namespace ?? undefined } })).resolves.toMatchObject({ action: 'rollout' });
    await expect(client.restartDaemonSet({ path: { name: daemonSet.name }, query: { namespace: daemonSet.namespace ?? undefined } })).resolves.toMatchObject({ action: 'rollout' });
    await expect(client.restartPod({ path: { name: pod.name }, query: { namespace: pod.namespace ?? undefined } })).resolves.toMatchObject({ name: pod.name });
  });

  it('logs of a pod and of a deployment', async () => {
    // The last running pod: the restart spec deletes the first one.
    const pod = (await client.listPods()).items.filter((p) => p.phase === 'Running').at(-1);
    if (!pod?.namespace) throw new Error('no running pod');
    const logs = await client.getPodLogs({ path: { name: pod.name }, query: { namespace: pod.namespace, tailLines: 20 } });
    expect(logs.parsed.length).toBeGreaterThan(0);
    expect(logs.parsed[0]).toEqual(expect.objectContaining({ message: expect.any(String) }));
    const deployment = (await client.listDeployments()).items[0];
    const merged = await client.getDeploymentLogs({ path: { name: deployment?.name ?? '' }, query: { namespace: deployment?.namespace ?? undefined, tailLines: 10 } });
    expect(merged).toEqual(expect.objectContaining({ name: deployment?.name, parsed: expect.any(Array), sources: expect.any(Array) }));
  });

  it('AI findings and the preview of what would be sent, without a model', async () => {
    const findings = await client.getFindings();
    expect(Array.isArray(findings.findings)).toBe(true);
    const deployment = (await client.listDeployments()).items[0];
    const preview = await client.preview({ query: { namespace: deployment?.namespace ?? undefined, kind: 'deployments', name: deployment?.name ?? '' } });
    expect(preview.messages.length).toBeGreaterThan(0);
  });

  it('GitHub without a GitHub login: a typed error, not a crash', async () => {
    const error = await client.listGitHubRepos().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrphelixApiError);
    expect(ERROR_CODES).toContain((error as OrphelixApiError).code);
    expect((error as OrphelixApiError).requestId).toEqual(expect.any(String));
  });
});

describe('typed errors', () => {
  it('404 NOT_FOUND with the request id', async () => {
    const error = (await client.getPod({ path: { name: 'no-such-pod' }, query: { namespace: 'shop' } }).catch((e: unknown) => e)) as OrphelixApiError;
    expect(error).toBeInstanceOf(OrphelixApiError);
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', requestId: expect.stringMatching(/.+/) });
    expect(error.isNotFound()).toBe(true);
  });

  it('400 VALIDATION_ERROR naming the field', async () => {
    const error = (await client.listPods({ query: { namespace: 'Not_A_Namespace' } }).catch((e: unknown) => e)) as OrphelixApiError;
    expect(error.isValidationError() && error.details.fields.map((f) => f.field)).toEqual(['namespace']);
    expect(error.status).toBe(400);
  });

  it('404 CONTEXT_NOT_FOUND with the known contexts', async () => {
    const error = (await client.listNodes({ query: { context: 'nowhere' } }).catch((e: unknown) => e)) as OrphelixApiError;
    expect(error).toMatchObject({ status: 404, code: 'CONTEXT_NOT_FOUND', details: { context: 'nowhere', known: expect.arrayContaining(['demo']) } });
  });

  it('429 RATE_LIMITED with retryAfterSeconds, thrown at once when Retry-After exceeds the retry budget', async () => {
    const limited = await boot({ ORPHELIX_RATE_LIMIT: '2' });
    try {
      const url = await listen(limited);
      let attempts = 0;
      const sdk = createOrphelixClient({
        baseUrl: url,
        retries: { maxDelayMs: 1_000 },
        fetch: (request) => {
          attempts++;
          return fetch(request);
        },
      });
      await sdk.listNamespaces();
      await sdk.listNamespaces();
      const error = (await sdk.listNamespaces().catch((e: unknown) => e)) as OrphelixApiError;
      expect(error).toBeInstanceOf(OrphelixApiError);
      expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
      expect(error.requestId).toEqual(expect.any(String));
      expect(attempts).toBe(3);
    } finally {
      await limited.close();
    }
  });
});

describe('stream()', () => {
  const isChange = (e: OrphelixStreamEvent): boolean => e.event === 'pod' || e.event === 'event' || e.event === 'deployment' || e.event === 'replicaset';

  it('yields typed changes and ends cleanly on abort', async () => {
    const controller = new AbortController();
    const seen: OrphelixStreamEvent[] = [];
    for await (const e of client.stream({ kinds: ['pods', 'events', 'deployments', 'replicasets'], signal: controller.signal })) {
      seen.push(e);
      if (e.event === 'pod') expect(['ADDED', 'MODIFIED', 'DELETED']).toContain(e.data.type);
      if (seen.filter(isChange).length >= 2) controller.abort();
    }
    expect(seen[0]).toMatchObject({ event: 'connected', data: { mode: 'demo', context: 'demo' } });
    expect(seen.filter(isChange)[0]?.id).toMatch(/^pods:[\d.]+;events:[\d.]+;deployments:[\d.]+;replicasets:[\d.]+$/);
  });

  it('survives a server restart on the same port: reconnects with Last-Event-ID and keeps receiving changes (or relists on resync)', async () => {
    let running = await boot();
    const port = Number(new URL(await listen(running)).port);
    const lastEventIds: (string | null)[] = [];
    const sdk = createOrphelixClient({
      baseUrl: `http://127.0.0.1:${port}`,
      token: ADMIN_TOKEN,
      fetch: (request) => {
        if (new URL(request.url).pathname === '/api/stream') lastEventIds.push(request.headers.get('last-event-id'));
        return fetch(request);
      },
    });
    const controller = new AbortController();
    const relisted: string[][] = [];
    const seen: OrphelixStreamEvent[] = [];
    let restarted = false;
    let reconnected = false;
    let changesAfterRestart = 0;
    try {
      for await (const e of sdk.stream({
        kinds: ['pods', 'events'],
        signal: controller.signal,
        reconnect: { baseDelayMs: 100, maxDelayMs: 1_000 },
        onResync: async (kinds) => {
          relisted.push(kinds);
          expect((await sdk.listPods()).items.length).toBeGreaterThan(0);
        },
      })) {
        seen.push(e);
        // Changes read from the old connection's buffer after the restart do not count: only those of a new connection.
        if (restarted && e.event === 'connected') reconnected = true;
        if (!restarted && isChange(e)) {
          restarted = true;
          await stop(running);
          running = await boot();
          await running.listen(port, '127.0.0.1');
        } else if (reconnected && isChange(e) && ++changesAfterRestart >= 2) {
          controller.abort();
        }
      }
    } finally {
      await running.close();
    }
    expect(seen.filter((e) => e.event === 'connected').length).toBeGreaterThanOrEqual(2);
    expect(lastEventIds[0]).toBeNull();
    // The reconnection sent the id of the last change read before it.
    const second = seen.findIndex((e, i) => e.event === 'connected' && i > 0);
    const lastBefore = seen.slice(0, second).filter((e) => e.id !== null).at(-1)?.id;
    expect(lastBefore).toEqual(expect.any(String));
    expect(lastEventIds.slice(1)).toContain(lastBefore);
    expect(changesAfterRestart).toBe(2);
    // Either the new server resumed from the id, or it asked to relist and the relist was done.
    const resyncs = seen.filter((e) => e.event === 'resync');
    expect(relisted.length).toBe(resyncs.length);
  });
});
