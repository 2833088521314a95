import type { INestApplication } from '@nestjs/common';
import type { DeploymentLogsResponse, DeploymentSummary, LogStreamLine, PodSummary } from '@orphelix/contract';
import request from 'supertest';
import { openSse, type ReceivedSseEvent, type SseConnection } from '../common/sse/sse-client';
import { createTestApp } from '../testing/test-app';
import { fromConsole } from '../testing/csrf';

/** The follow routes against the demo cluster, whose containers write new lines as its clock ticks. */

let app: INestApplication;
let baseUrl: string;

beforeAll(async () => {
  app = await createTestApp({ env: { ORPHELIX_MODE: 'demo' }, port: 'configured' });
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
}, 60_000);
afterAll(async () => {
  app?.getHttpServer().closeAllConnections();
  await app?.close();
});

const lineOf = (event: ReceivedSseEvent): LogStreamLine => JSON.parse(event.data) as LogStreamLine;

async function until(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('following logs in demo mode', () => {
  let sse: SseConnection | undefined;
  afterEach(() => sse?.close());

  it("streams a running pod's tail, then the lines it writes afterwards", async () => {
    const pods = (
      await request(app.getHttpServer())
        .get('/api/pods')
        .query({ namespace: 'production', labelSelector: 'app=storefront' })
        .expect(200)
    ).body.items as PodSummary[];
    const pod = pods.find((p) => p.status === 'Running');
    if (!pod) throw new Error('no running storefront pod in the demo');
    sse = await openSse(`${baseUrl}/api/pods/${pod.name}/logs?namespace=production&follow=true&tailLines=2`, {
      'accept-encoding': 'gzip',
    });
    expect(sse.status).toBe(200);
    expect(sse.headers['x-orphelix-mode']).toBe('demo');
    expect(sse.headers['content-encoding']).toBeUndefined();
    await sse.waitFor((e) => e.event === 'log', 10_000, 1);
    const connectedAt = Date.now();
    const tailReadAt = performance.now();
    const fresh = await sse.waitFor((e) => e.event === 'log' && e.at > tailReadAt, 30_000);
    const line = lineOf(fresh);
    expect(line.line).toBeGreaterThan(2);
    expect(line).toMatchObject({ pod: pod.name, container: expect.any(String) });
    expect(Date.parse(line.timestamp ?? '')).toBeGreaterThan(connectedAt - 60_000);
    // Room for the waits above (10 s for the tail, 30 s for a new line): the demo writes on its own clock.
  }, 60_000);

  it("merges the lines of a deployment's pods, and picks up the new pods of a rollout", async () => {
    const deployments = (
      await request(app.getHttpServer()).get('/api/deployments').query({ namespace: 'production' }).expect(200)
    ).body.items as DeploymentSummary[];
    const deployment = deployments.find((d) => d.name === 'checkout-api');
    if (!deployment) throw new Error('no checkout-api deployment in the demo');
    const before = (
      await request(app.getHttpServer())
        .get(`/api/deployments/${deployment.name}/pods`)
        .query({ namespace: 'production' })
        .expect(200)
    ).body.items as PodSummary[];
    const running = before.filter((p) => p.status === 'Running').map((p) => p.name);
    expect(running.length).toBeGreaterThan(1);

    const once = (
      await request(app.getHttpServer())
        .get(`/api/deployments/${deployment.name}/logs`)
        .query({ namespace: 'production', tailLines: 5 })
        .expect(200)
    ).body as DeploymentLogsResponse;
    expect(new Set(once.parsed.map((l) => l.pod))).toEqual(new Set(running));
    const times = once.parsed.map((l) => Date.parse(l.timestamp ?? ''));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    sse = await openSse(
      `${baseUrl}/api/deployments/${deployment.name}/logs?namespace=production&follow=true&tailLines=1`,
    );
    expect(sse.status).toBe(200);
    const seen = (): Set<string> => new Set(sse?.events.filter((e) => e.event === 'log').map((e) => lineOf(e).pod));
    await until('a line from every running pod', () => running.every((name) => seen().has(name)), 30_000);

    await fromConsole(request(app.getHttpServer()).post(`/api/deployments/${deployment.name}/restart`))
      .query({ namespace: 'production' })
      .expect(200);
    await until(
      'a line from a pod the rollout created',
      () => [...seen()].some((name) => !before.some((p) => p.name === name)),
      60_000,
    );
    expect(sse.events.map((e) => e.event)).not.toContain('error');
    expect(sse.events.map((e) => e.event)).not.toContain('end');
  }, 90_000);
});
