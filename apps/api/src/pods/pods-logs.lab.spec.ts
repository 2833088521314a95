import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { LabInfo } from '@orphelix/lab-cluster';
import type { ErrorEnvelope, LogStreamLine } from '@orphelix/contract';
import request from 'supertest';
import { openSse, type SseConnection } from '../common/sse/sse-client';
import { createLabApp } from '../testing/lab-app';

let app: INestApplication;
let lab: LabInfo;
let baseUrl: string;
let storefront: string;

const kubectl = (...args: string[]): string =>
  execFileSync(lab.kubectl, ['--kubeconfig', lab.kubeconfig, ...args], { encoding: 'utf8' });

/** Appends one line, in the CRI format kwok reads, to the log every lab app container shares. */
function appendLogLine(text: string): void {
  appendFileSync(join(lab.podLogsDir, 'app.log'), `${new Date().toISOString()} stdout F ${text}\n`);
}

beforeAll(async () => {
  ({ app, lab } = await createLabApp());
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  storefront = kubectl(
    'get',
    'pods',
    '-n',
    'shop',
    '-l',
    'app=storefront',
    '-o',
    'jsonpath={.items[0].metadata.name}',
  ).trim();
  if (!storefront) throw new Error('no storefront pod in the lab');
});
afterAll(async () => {
  app?.getHttpServer().closeAllConnections();
  await app?.close();
});

describe('following a pod log against the lab', () => {
  let sse: SseConnection | undefined;
  afterEach(() => sse?.close());

  it('sends the tail, then each line appended to the container log as an event, at once', async () => {
    sse = await openSse(`${baseUrl}/api/pods/${storefront}/logs?namespace=shop&follow=true&tailLines=2`, {
      'accept-encoding': 'gzip',
    });
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(sse.headers['content-encoding']).toBeUndefined();
    await sse.waitFor((e) => e.event === 'log', 10_000, 1);
    const tail = sse.events.filter((e) => e.event === 'log').map((e) => JSON.parse(e.data) as LogStreamLine);
    expect(tail.map((l) => l.line)).toEqual([1, 2]);
    expect(tail[0]).toMatchObject({
      pod: storefront,
      container: 'storefront',
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });

    const timings: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const marker = `[WARN] follow-api-${process.pid}-${Date.now()}-${i}`;
      const count = sse.events.length;
      const started = performance.now();
      appendLogLine(marker);
      const event = await sse.waitFor(
        (e) => e.event === 'log' && (JSON.parse(e.data) as LogStreamLine).raw === marker,
        10_000,
        count,
      );
      timings.push(Math.round(event.at - started));
      const line = JSON.parse(event.data) as LogStreamLine;
      expect(line).toMatchObject({ pod: storefront, container: 'storefront', line: 3 + i, level: 'WARN' });
    }
    process.stdout.write(`append → SSE event (ms): ${timings.join(', ')}\n`);
    expect(sse.events.map((e) => e.event)).not.toContain('end');
  });

  it('keeps the apiserver timestamp in `raw` with timestamps=true', async () => {
    sse = await openSse(
      `${baseUrl}/api/pods/${storefront}/logs?namespace=shop&follow=true&tailLines=1&timestamps=true`,
    );
    const event = await sse.waitFor((e) => e.event === 'log');
    const line = JSON.parse(event.data) as LogStreamLine;
    expect(line.raw.startsWith(`${line.timestamp} `)).toBe(true);
  });

  it('answers a missing pod, an unknown container and a denied namespace before streaming, as JSON envelopes', async () => {
    const missing = await request(app.getHttpServer())
      .get('/api/pods/no-such-pod/logs')
      .query({ namespace: 'shop', follow: true })
      .expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect((missing.body as ErrorEnvelope).code).toBe('NOT_FOUND');

    const container = await request(app.getHttpServer())
      .get(`/api/pods/${storefront}/logs`)
      .query({ namespace: 'shop', follow: true, container: 'nope' })
      .expect(400);
    expect(container.body.details.fields[0].field).toBe('container');

    const payments = kubectl('get', 'pods', '-n', 'payments', '-o', 'jsonpath={.items[0].metadata.name}').trim();
    const denied = await request(app.getHttpServer())
      .get(`/api/pods/${payments}/logs`)
      .query({ namespace: 'payments', follow: true, context: 'lab-viewer' })
      .expect(403);
    expect((denied.body as ErrorEnvelope).code).toBe('FORBIDDEN');
  });
});
