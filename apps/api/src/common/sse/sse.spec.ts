import { createServer, get as httpGet, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { Controller, Get, type INestApplication, Req, Res } from '@nestjs/common';
import { ClusterError } from '@orphelix/k8s';
import type { Request, Response } from 'express';
import { finalize, interval, map, NEVER, Observable, of, startWith, throwError } from 'rxjs';
import { createTestApp } from '../../testing/test-app';
import { openSse } from './sse-client';
import { formatSseFrame, type SseFrame, type SseLogger, type SseOptions, type SseOutcome, writeSse } from './sse';

/** A plain HTTP server that answers every request with `writeSse` over the source `frames(res)` returns. */
async function sseServer(
  frames: (res: ServerResponse) => Observable<SseFrame>,
  options: SseOptions = {},
): Promise<{ url: string; outcomes: Promise<SseOutcome>[]; close: () => Promise<void> }> {
  const outcomes: Promise<SseOutcome>[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    outcomes.push(writeSse(req, res, frames(res), options));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    outcomes,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Resolves with `promise`, or rejects naming `what` after `ms`. */
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

async function until(what: string, check: () => boolean, ms = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

class RecordingLogger implements SseLogger {
  readonly warnings: { obj: object; msg: string }[] = [];
  readonly errors: { obj: object; msg: string }[] = [];
  warn(obj: object, msg: string): void {
    this.warnings.push({ obj, msg });
  }
  error(obj: object, msg: string): void {
    this.errors.push({ obj, msg });
  }
}

describe('formatSseFrame', () => {
  it('writes id, event and one line of JSON data', () => {
    expect(formatSseFrame({ event: 'log', data: { message: 'a\nb' }, id: '7' })).toBe(
      'id: 7\nevent: log\ndata: {"message":"a\\nb"}\n\n',
    );
    expect(formatSseFrame({ event: 'end', data: undefined })).toBe('event: end\ndata: null\n\n');
  });

  it('cannot be made to start another field through the event name or id', () => {
    expect(formatSseFrame({ event: 'log\ndata: forged', data: 1, id: '1\nevent: x' })).toBe(
      'id: 1event: x\nevent: logdata: forged\ndata: 1\n\n',
    );
  });
});

describe('writeSse', () => {
  it('sends the event-stream headers, retry, then every frame, and ends when the source completes', async () => {
    const server = await sseServer(
      () => of({ event: 'log', data: { n: 1 } }, { event: 'log', data: { n: 2 }, id: 'b' }),
      { retryMs: 1234 },
    );
    try {
      const sse = await openSse(server.url);
      await within(sse.ended, 5_000, 'the end of the stream');
      expect(sse.status).toBe(200);
      expect(sse.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(sse.headers['cache-control']).toBe('no-cache, no-transform');
      expect(sse.headers['connection']).toBe('keep-alive');
      expect(sse.headers['x-accel-buffering']).toBe('no');
      expect(sse.headers['x-request-id']).toEqual(expect.any(String));
      expect(sse.body().startsWith('retry: 1234\n\n')).toBe(true);
      expect(sse.retry).toBe(1234);
      expect(sse.events.map((e) => [e.event, JSON.parse(e.data), e.id])).toEqual([
        ['log', { n: 1 }, undefined],
        ['log', { n: 2 }, 'b'],
      ]);
      await expect(server.outcomes[0]).resolves.toBe('complete');
    } finally {
      await server.close();
    }
  });

  it('sends a heartbeat with the time every heartbeatMs while the source is quiet', async () => {
    const server = await sseServer(() => NEVER, { heartbeatMs: 40 });
    try {
      const sse = await openSse(server.url);
      await sse.waitFor((e) => e.event === 'heartbeat', 2_000, 1);
      const [first, second] = sse.events;
      expect(first?.event).toBe('heartbeat');
      expect(second?.event).toBe('heartbeat');
      const { timestamp } = JSON.parse(first?.data ?? '{}') as { timestamp: string };
      expect(Math.abs(Date.parse(timestamp) - Date.now())).toBeLessThan(5_000);
      expect(sse.events.filter((e) => e.event !== 'heartbeat')).toEqual([]);
      sse.close();
    } finally {
      await server.close();
    }
  });

  it('sends an error event with the envelope fields when the source fails, then ends', async () => {
    const logger = new RecordingLogger();
    const failure = new ClusterError('CLUSTER_UNREACHABLE', 'Cannot reach the cluster', { context: 'lab' });
    const server = await sseServer(() => throwError(() => failure).pipe(startWith({ event: 'log', data: 'before' })), {
      logger,
    });
    try {
      const sse = await openSse(server.url, { 'x-request-id': 'req-42' });
      await within(sse.ended, 5_000, 'the end of the stream');
      expect(sse.events.map((e) => e.event)).toEqual(['log', 'error']);
      expect(JSON.parse(sse.events[1]?.data ?? '{}')).toEqual({
        error: 'Cannot reach the cluster',
        code: 'CLUSTER_UNREACHABLE',
        details: { context: 'lab' },
        requestId: 'req-42',
      });
      await expect(server.outcomes[0]).resolves.toBe('error');
      expect(logger.warnings).toEqual([
        {
          obj: expect.objectContaining({ code: 'CLUSTER_UNREACHABLE', requestId: 'req-42' }),
          msg: 'Event stream failed',
        },
      ]);
    } finally {
      await server.close();
    }
  });

  it('unsubscribes from the source when the client disconnects', async () => {
    let unsubscribed = false;
    const server = await sseServer(() =>
      interval(20).pipe(
        map((n) => ({ event: 'tick', data: n })),
        finalize(() => {
          unsubscribed = true;
        }),
      ),
    );
    try {
      const sse = await openSse(server.url);
      await sse.waitFor((e) => e.event === 'tick');
      expect(unsubscribed).toBe(false);
      sse.close();
      await until('the source to be unsubscribed', () => unsubscribed, 2_000);
      await expect(
        within(server.outcomes[0] ?? Promise.reject(new Error('no stream')), 2_000, 'the outcome'),
      ).resolves.toBe('client-closed');
    } finally {
      await server.close();
    }
  });

  /**
   * A producer far faster than the slow client below reads: one 32 KiB frame every 2 ms, each written
   * after noting how much already waits for the client.
   */
  async function floodServer(maxBufferedBytes: number, logger: SseLogger) {
    const stats = { largest: 0, written: 0, unsubscribed: false };
    const frameData = 'x'.repeat(32 * 1024);
    const server = await sseServer(
      (res) =>
        new Observable<SseFrame>((subscriber) => {
          const timer = setInterval(() => {
            stats.largest = Math.max(stats.largest, res.writableLength);
            stats.written += frameData.length;
            subscriber.next({ event: 'bulk', data: frameData });
          }, 2);
          return () => {
            clearInterval(timer);
            stats.unsubscribed = true;
          };
        }),
      { maxBufferedBytes, logger, heartbeatMs: 0 },
    );
    const outcome = (): Promise<SseOutcome> =>
      new Promise<SseOutcome>((resolve, reject) => {
        const poll = setInterval(() => {
          const first = server.outcomes[0];
          if (first !== undefined) {
            clearInterval(poll);
            first.then(resolve, reject);
          }
        }, 5);
      });
    return { server, stats, frameBytes: frameData.length, outcome };
  }

  it('disconnects a client that never reads instead of buffering for it without bound', async () => {
    const logger = new RecordingLogger();
    const maxBufferedBytes = 256 * 1024;
    const { server, stats, frameBytes, outcome } = await floodServer(maxBufferedBytes, logger);
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    try {
      socket.on('error', () => undefined);
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
      // The client reads nothing from here on: its kernel buffers fill, then the server's.
      socket.pause();
      await expect(within(outcome(), 20_000, 'the slow client to be dropped')).resolves.toBe('slow-client');
      expect(stats.unsubscribed).toBe(true);
      // The kernel's buffers took their share first; then the server held at most the bound plus one write.
      expect(stats.written).toBeGreaterThan(maxBufferedBytes);
      expect(stats.largest).toBeGreaterThan(0);
      expect(stats.largest).toBeLessThanOrEqual(maxBufferedBytes + frameBytes + 64);
      expect(logger.warnings).toEqual([
        {
          obj: expect.objectContaining({ maxBufferedBytes }),
          msg: 'Event stream client reads too slowly; disconnecting it',
        },
      ]);
      socket.resume();
      await until('the connection to be closed', () => socket.closed, 5_000);
    } finally {
      socket.destroy();
      await server.close();
    }
  }, 30_000);

  it('keeps a client that reads as fast as the same producer writes', async () => {
    const logger = new RecordingLogger();
    const maxBufferedBytes = 256 * 1024;
    const { server, stats } = await floodServer(maxBufferedBytes, logger);
    try {
      const sse = await openSse(server.url);
      await until('several times the bound to be written', () => stats.written > 8 * maxBufferedBytes, 10_000);
      expect(server.outcomes).toHaveLength(1);
      expect(sse.events.length).toBeGreaterThan(8);
      expect(logger.warnings).toEqual([]);
      sse.close();
      await expect(
        within(server.outcomes[0] ?? Promise.reject(new Error('no stream')), 2_000, 'the outcome'),
      ).resolves.toBe('client-closed');
    } finally {
      await server.close();
    }
  }, 30_000);
});

@Controller('sse-probe')
class SseProbeController {
  @Get()
  async probe(@Req() req: Request, @Res() res: Response): Promise<void> {
    // One event, then nothing: the stream stays open, so the event can only arrive if it was not held back.
    await writeSse(req, res, NEVER.pipe(startWith({ event: 'log', data: { message: 'first' } })));
  }
}

describe('writeSse behind the application middleware', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await createTestApp({ controllers: [SseProbeController] });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/api/sse-probe`;
  });
  afterAll(async () => {
    app.getHttpServer().closeAllConnections();
    await app?.close();
  });

  it('is not compressed: an event arrives while the stream is open even when the client accepts gzip', async () => {
    const res = await within(
      new Promise<IncomingMessage>((resolve, reject) =>
        httpGet(url, { headers: { 'accept-encoding': 'gzip, deflate, br' } }, resolve).on('error', reject),
      ),
      5_000,
      'the response head',
    );
    try {
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      res.setEncoding('utf8');
      let text = '';
      res.on('data', (chunk: string) => (text += chunk));
      await until('the first event', () => text.includes('event: log\ndata: {"message":"first"}\n\n'), 5_000);
      expect(res.complete).toBe(false);
    } finally {
      res.destroy();
    }
  });
});
