import type { INestApplication } from '@nestjs/common';
import type { V1Pod } from '@kubernetes/client-node';
import type { ErrorEnvelope, LogStreamEnd, LogStreamLine, PodLogsResponse } from '@orphelix/contract';
import { ClusterError, type ClusterPort, type LogOptions, notFound } from '@orphelix/k8s';
import { Observable, type Subscriber } from 'rxjs';
import request from 'supertest';
import { openSse, type ReceivedSseEvent } from '../common/sse/sse-client';
import { createStrictClusterPort } from '../testing/strict-cluster-port';
import { createTestApp } from '../testing/test-app';
import { FOLLOW_FIRST_ANSWER_WAIT_MS } from './pods.service';

const POD: V1Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'shop', uid: 'pod-uid' },
  spec: { containers: [{ name: 'app' }, { name: 'sidecar' }] },
  status: {
    containerStatuses: [
      {
        name: 'app',
        image: 'app',
        imageID: '',
        ready: true,
        restartCount: 2,
        state: { running: {} },
        lastState: { terminated: { exitCode: 1 } },
      },
      { name: 'sidecar', image: 'sidecar', imageID: '', ready: true, restartCount: 0, state: { running: {} } },
    ],
  },
};

const TS1 = '2026-11-27T08:00:01.000000000Z';
const TS2 = '2026-11-27T08:00:02.000000000Z';

/** One followed log the test drives: what was asked for, and the upstream's subscriber. */
interface Upstream {
  pod: string;
  options: LogOptions;
  subscriber: Subscriber<string>;
  unsubscribed: boolean;
}

let app: INestApplication;
let baseUrl: string;
const upstreams: Upstream[] = [];
/** What the next followPodLogs call does when subscribed (default: stays open, the test drives it). */
let onFollow: (upstream: Upstream) => void = () => undefined;

const port: ClusterPort = createStrictClusterPort({
  overrides: {
    get: (async (_context: string, kind: string, name: string, namespace?: string) => {
      if (kind === 'pods' && name === 'web-0' && namespace === 'shop') return structuredClone(POD);
      throw notFound('Pod', name, namespace);
    }) as ClusterPort['get'],
    podLogs: async () => `${TS1} [INFO] started\n${TS2} {"level":"error","msg":"boom"}\n`,
    followPodLogs: (_context, _namespace, pod, options) =>
      new Observable<string>((subscriber) => {
        const upstream: Upstream = { pod, options, subscriber, unsubscribed: false };
        upstreams.push(upstream);
        onFollow(upstream);
        return () => {
          upstream.unsubscribed = true;
        };
      }),
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
  upstreams.length = 0;
  onFollow = () => undefined;
});

const logsUrl = (query: string): string => `${baseUrl}/api/pods/web-0/logs?namespace=shop&follow=true${query}`;
const dataOf = <T>(event: ReceivedSseEvent | undefined): T => JSON.parse(event?.data ?? 'null') as T;
const logEvents = (events: ReceivedSseEvent[]): LogStreamLine[] =>
  events.filter((e) => e.event === 'log').map((e) => dataOf<LogStreamLine>(e));

async function until(what: string, check: () => boolean, ms = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe('GET /api/pods/{name}/logs?follow=true', () => {
  it('streams each line as a log event, holds a partial line until its newline, and ends with `end`', async () => {
    onFollow = (u) => u.subscriber.next(`${TS1} [INFO] started\n${TS2} {"level":"error","msg":"bo`);
    const sse = await openSse(logsUrl('&container=sidecar'));
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await sse.waitFor((e) => e.event === 'log');
    const [upstream] = upstreams;
    if (!upstream) throw new Error('no upstream');
    expect(upstream.options).toEqual({
      container: 'sidecar',
      tailLines: 500,
      sinceSeconds: undefined,
      previous: false,
      timestamps: true,
    });

    // The second line has no newline yet: it must not be sent.
    await new Promise((r) => setTimeout(r, 150));
    expect(logEvents(sse.events)).toHaveLength(1);
    upstream.subscriber.next('om"}\n');
    await sse.waitFor((e) => e.event === 'log', 5_000, 1);
    const [first, second] = logEvents(sse.events);
    expect(first).toEqual({
      line: 1,
      timestamp: TS1,
      level: 'INFO',
      message: 'started',
      raw: '[INFO] started',
      json: null,
      pod: 'web-0',
      container: 'sidecar',
    });
    expect(second).toMatchObject({
      line: 2,
      timestamp: TS2,
      level: 'ERROR',
      message: 'boom',
      raw: '{"level":"error","msg":"boom"}',
      json: { level: 'error', msg: 'boom' },
    });

    upstream.subscriber.complete();
    await within(sse.ended, 5_000, 'the end of the stream');
    expect(sse.events.map((e) => e.event)).toEqual(['log', 'log', 'end']);
    expect(dataOf<LogStreamEnd>(sse.events[2])).toEqual({
      reason: 'container-stopped',
      pod: 'web-0',
      namespace: 'shop',
      container: 'sidecar',
    });
    expect(sse.retry).toBe(3000);
  });

  it('keeps the timestamp prefix in `raw` with timestamps=true, and passes tailLines, sinceSeconds and previous on', async () => {
    onFollow = (u) => {
      u.subscriber.next(`${TS1} exiting\n`);
      u.subscriber.complete();
    };
    const sse = await openSse(logsUrl('&timestamps=true&previous=true&tailLines=7&sinceSeconds=60'));
    await within(sse.ended, 5_000, 'the end of the stream');
    expect(upstreams[0]?.options).toEqual({
      container: 'app',
      tailLines: 7,
      sinceSeconds: 60,
      previous: true,
      timestamps: true,
    });
    expect(logEvents(sse.events).map((l) => l.raw)).toEqual([`${TS1} exiting`]);
    expect(dataOf<LogStreamEnd>(sse.events.find((e) => e.event === 'end'))).toMatchObject({
      reason: 'previous-read',
      container: 'app',
    });
  });

  it('answers what fails before the first event as the JSON envelope with its status', async () => {
    const missing = await request(app.getHttpServer())
      .get('/api/pods/nope/logs')
      .query({ namespace: 'shop', follow: true })
      .expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect((missing.body as ErrorEnvelope).code).toBe('NOT_FOUND');

    const container = await request(app.getHttpServer())
      .get('/api/pods/web-0/logs')
      .query({ namespace: 'shop', follow: true, container: 'nope' })
      .expect(400);
    expect(container.body.details.fields[0].field).toBe('container');

    const never = await request(app.getHttpServer())
      .get('/api/pods/web-0/logs')
      .query({ namespace: 'shop', follow: true, container: 'sidecar', previous: true })
      .expect(400);
    expect(never.body.details.fields[0].field).toBe('previous');
    expect(upstreams).toHaveLength(0);

    // The log endpoint itself refuses, a moment after the request went out.
    onFollow = (u) =>
      setTimeout(
        () =>
          u.subscriber.error(
            new ClusterError('FORBIDDEN', 'cannot get resource "pods/log"', { verb: 'get', resource: 'pods/log' }),
          ),
        30,
      );
    const forbidden = await request(app.getHttpServer())
      .get('/api/pods/web-0/logs')
      .query({ namespace: 'shop', follow: true })
      .expect(403);
    expect(forbidden.headers['content-type']).toMatch(/^application\/json/);
    expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN', details: { resource: 'pods/log' } });

    onFollow = (u) => u.subscriber.error(new ClusterError('CLUSTER_UNREACHABLE', 'connection refused', {}));
    const unreachable = await request(app.getHttpServer())
      .get('/api/pods/web-0/logs')
      .query({ namespace: 'shop', follow: true })
      .expect(503);
    expect(unreachable.body.code).toBe('CLUSTER_UNREACHABLE');
  });

  it('sends an error event when the log fails mid-stream, then ends', async () => {
    onFollow = (u) => u.subscriber.next(`${TS1} one\n`);
    const sse = await openSse(logsUrl(''));
    await sse.waitFor((e) => e.event === 'log');
    upstreams[0]?.subscriber.error(
      new ClusterError('CLUSTER_UNREACHABLE', 'the log stream was cut off', { context: 'kind-lab' }),
    );
    await within(sse.ended, 5_000, 'the end of the stream');
    expect(sse.events.map((e) => e.event)).toEqual(['log', 'error']);
    expect(dataOf<ErrorEnvelope>(sse.events[1])).toMatchObject({
      code: 'CLUSTER_UNREACHABLE',
      error: 'the log stream was cut off',
      requestId: sse.headers['x-request-id'],
    });
  });

  it('starts streaming an empty log once the first-answer wait is over, and closes the upstream when the client leaves', async () => {
    const started = Date.now();
    const sse = await openSse(logsUrl(''));
    expect(sse.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(FOLLOW_FIRST_ANSWER_WAIT_MS - 50);
    const [upstream] = upstreams;
    if (!upstream) throw new Error('no upstream');
    upstream.subscriber.next(`${TS1} late\n`);
    expect(dataOf<LogStreamLine>(await sse.waitFor((e) => e.event === 'log')).message).toBe('late');
    expect(upstream.unsubscribed).toBe(false);
    sse.close();
    await until('the upstream to be unsubscribed', () => upstream.unsubscribed, 2_000);
  });
});

describe('GET /api/pods/{name}/logs', () => {
  it('drops the timestamps from `logs` unless asked for, and keeps them in each parsed line', async () => {
    const plain = await request(app.getHttpServer())
      .get('/api/pods/web-0/logs')
      .query({ namespace: 'shop' })
      .expect(200);
    const body = plain.body as PodLogsResponse;
    expect(body.logs).toBe('[INFO] started\n{"level":"error","msg":"boom"}\n');
    expect(body.parsed.map((l) => l.timestamp)).toEqual([TS1, TS2]);
    const stamped = await request(app.getHttpServer())
      .get('/api/pods/web-0/logs')
      .query({ namespace: 'shop', timestamps: true })
      .expect(200);
    expect((stamped.body as PodLogsResponse).logs).toBe(
      `${TS1} [INFO] started\n${TS2} {"level":"error","msg":"boom"}\n`,
    );
  });
});
