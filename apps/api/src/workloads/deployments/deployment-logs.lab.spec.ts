import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { DeploymentLogsResponse, ErrorEnvelope, LogStreamLine } from '@orphelix/contract';
import type { LabInfo } from '@orphelix/lab-cluster';
import request from 'supertest';
import { openSse, type ReceivedSseEvent, type SseConnection } from '../../common/sse/sse-client';
import { createLabApp } from '../../testing/lab-app';

let app: INestApplication;
let lab: LabInfo;
let baseUrl: string;

const PROBE = 'logs-follow-probe';

const kubectl = (...args: string[]): string =>
  execFileSync(lab.kubectl, ['--kubeconfig', lab.kubeconfig, ...args], { encoding: 'utf8' });
const podNames = (namespace: string, selector: string): string[] =>
  kubectl(
    'get',
    'pods',
    '-n',
    namespace,
    '-l',
    selector,
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}',
  )
    .split('\n')
    .filter(Boolean);

/** Appends one line, in the CRI format kwok reads, to the log every lab app container shares; returns when (`performance.now()`). */
function appendLogLine(text: string): number {
  appendFileSync(join(lab.podLogsDir, 'app.log'), `${new Date().toISOString()} stdout F ${text}\n`);
  return performance.now();
}

const lineOf = (event: ReceivedSseEvent): LogStreamLine => JSON.parse(event.data) as LogStreamLine;
const logLines = (sse: SseConnection): LogStreamLine[] => sse.events.filter((e) => e.event === 'log').map(lineOf);

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  ({ app, lab } = await createLabApp());
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
});
afterAll(async () => {
  if (lab) kubectl('delete', 'deployment', '-n', 'default', PROBE, '--ignore-not-found', '--wait=true');
  app?.getHttpServer().closeAllConnections();
  await app?.close();
});

describe("a deployment's logs against the lab", () => {
  let sse: SseConnection | undefined;
  afterEach(() => sse?.close());

  it('merges the recent lines of every storefront pod, tagged and in time order', async () => {
    const pods = podNames('shop', 'app=storefront');
    expect(pods).toHaveLength(3);
    const res = await request(app.getHttpServer())
      .get('/api/deployments/storefront/logs')
      .query({ namespace: 'shop', tailLines: 4 })
      .expect(200);
    const body = res.body as DeploymentLogsResponse;
    expect(body.sources.map((s) => s.pod).sort()).toEqual([...pods].sort());
    expect(body.sources.every((s) => s.container === 'storefront' && s.lines === 4)).toBe(true);
    expect(body.parsed).toHaveLength(12);
    const times = body.parsed.map((l) => l.timestamp ?? '');
    expect([...times].sort()).toEqual(times);
    expect(new Set(body.parsed.map((l) => l.pod))).toEqual(new Set(pods));
  });

  it('streams a line appended to the log from every pod of the deployment, tagged with pod and container', async () => {
    const pods = podNames('shop', 'app=storefront');
    sse = await openSse(`${baseUrl}/api/deployments/storefront/logs?namespace=shop&follow=true&tailLines=1`);
    expect(sse.status).toBe(200);
    await until(
      'the tail of every pod',
      () => pods.every((p) => logLines(sse as SseConnection).some((l) => l.pod === p)),
      10_000,
    );

    const marker = `[INFO] deployment-follow-${process.pid}-${Date.now()}`;
    const appendedAt = appendLogLine(marker);
    await until(
      'the marker from every pod',
      () => pods.every((p) => logLines(sse as SseConnection).some((l) => l.pod === p && l.raw === marker)),
      10_000,
    );
    const arrivals = sse.events
      .filter((e) => e.event === 'log' && lineOf(e).raw === marker)
      .map((e) => Math.round(e.at - appendedAt));
    process.stdout.write(`append → deployment SSE event, per pod (ms): ${arrivals.join(', ')}\n`);
    expect(
      logLines(sse)
        .filter((l) => l.raw === marker)
        .map((l) => [l.pod, l.container, l.level])
        .sort(),
    ).toEqual(pods.map((p) => [p, 'storefront', 'INFO']).sort());
  });

  it('follows the pods a rollout adds, and ends the stream of a deleted pod without ending the whole', async () => {
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: PROBE, namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: PROBE } },
        template: {
          metadata: { labels: { app: PROBE } },
          spec: {
            containers: ['app', 'sidecar'].map((name) => ({
              name,
              image: `registry.lab.invalid/${name}:1`,
              resources: { requests: { cpu: '10m', memory: '16Mi' } },
            })),
          },
        },
      },
    };
    execFileSync(lab.kubectl, ['--kubeconfig', lab.kubeconfig, 'apply', '-f', '-'], {
      input: JSON.stringify(manifest),
      encoding: 'utf8',
    });
    kubectl('rollout', 'status', '-n', 'default', `deployment/${PROBE}`, '--timeout=60s');
    const original = podNames('default', `app=${PROBE}`);
    expect(original).toHaveLength(2);

    sse = await openSse(`${baseUrl}/api/deployments/${PROBE}/logs?namespace=default&follow=true&tailLines=1`);
    const live = sse;
    const sources = (): Set<string> => new Set(logLines(live).map((l) => `${l.pod}/${l.container}`));
    await until(
      'the tail of both containers of both pods',
      () => original.every((p) => sources().has(`${p}/app`) && sources().has(`${p}/sidecar`)),
      15_000,
    );

    // Scaled up: the new pod's log appears, from its first line.
    kubectl('scale', '-n', 'default', `deployment/${PROBE}`, '--replicas=3');
    await until(
      'a line from the added pod',
      () => [...sources()].some((s) => !original.some((p) => s.startsWith(`${p}/`))),
      30_000,
    );
    const added = podNames('default', `app=${PROBE}`).find((p) => !original.includes(p));
    expect(added).toBeDefined();
    const firstOfAdded = logLines(live).find((l) => l.pod === added);
    expect(firstOfAdded?.line).toBe(1);

    // One original pod deleted: its ReplicaSet replaces it; the stream stays open.
    const [deleted, kept] = original as [string, string];
    kubectl('delete', 'pod', '-n', 'default', deleted, '--wait=true');
    await until(
      'the replacement pod',
      () => podNames('default', `app=${PROBE}`).length === 3 && !podNames('default', `app=${PROBE}`).includes(deleted),
      30_000,
    );
    const current = podNames('default', `app=${PROBE}`);
    await until('a line from the replacement', () => current.every((p) => sources().has(`${p}/app`)), 30_000);

    const marker = `[INFO] rollout-follow-${process.pid}-${Date.now()}`;
    appendLogLine(marker);
    const withMarker = (): Set<string> =>
      new Set(
        logLines(live)
          .filter((l) => l.raw === marker)
          .map((l) => `${l.pod}/${l.container}`),
      );
    await until(
      'the marker from every live container',
      () => current.every((p) => withMarker().has(`${p}/app`) && withMarker().has(`${p}/sidecar`)),
      15_000,
    );
    // kwok would go on serving the deleted pod's log file: only our ending its stream keeps the marker out.
    await new Promise((r) => setTimeout(r, 1000));
    expect([...withMarker()].filter((s) => s.startsWith(`${deleted}/`))).toEqual([]);
    expect(withMarker().has(`${kept}/app`)).toBe(true);
    expect(live.events.map((e) => e.event).filter((e) => e !== 'log' && e !== 'heartbeat')).toEqual([]);
  }, 120_000);

  it('answers a missing deployment before streaming as a 404 envelope', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/deployments/no-such-deployment/logs')
      .query({ namespace: 'shop', follow: true })
      .expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect((res.body as ErrorEnvelope).code).toBe('NOT_FOUND');
  });
});
