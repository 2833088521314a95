import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Observable, Subscription } from 'rxjs';
import { toErrorResponse } from '../errors/error-response';
import { ensureRequestId } from '../request-id/request-id';

/** One Server-Sent Event: its name, its data (sent as one line of JSON) and an optional id. */
export interface SseFrame {
  event: string;
  data: unknown;
  /** Sent as `id:`; a client resumes from it with `Last-Event-ID`. */
  id?: string;
  /** `data` already serialised (shared by many clients); sent instead of `data` when present. */
  json?: string;
  /** The whole event already formatted (shared by every client it is identical for); sent as is. */
  raw?: Buffer;
}

/** What {@link writeSse} logs: pino's calling convention (an object, then a message). */
export interface SseLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SseOptions {
  /** Reconnection delay the client is told with `retry:` (ms). Default 3000. */
  retryMs?: number;
  /** A `heartbeat` event this often (ms), so proxies keep an idle connection open. Default 15000. */
  heartbeatMs?: number;
  /**
   * A client that reads slower than events are written is dropped once this many bytes wait for it,
   * instead of being buffered without bound. Default 1 MiB.
   */
  maxBufferedBytes?: number;
  logger?: SseLogger;
  /** The data of the `error` event sent when the source fails; default: the error envelope's fields. */
  errorData?: (error: unknown, requestId: string) => unknown;
}

/** How a stream ended: the source completed or failed, the client went away, or it read too slowly. */
export type SseOutcome = 'complete' | 'error' | 'client-closed' | 'slow-client';

export const SSE_DEFAULTS = {
  retryMs: 3000,
  heartbeatMs: 15_000,
  maxBufferedBytes: 1024 * 1024,
} as const;

/** The headers of an event stream; `X-Accel-Buffering: no` keeps nginx from holding events back. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

/** The wire form of one event. The data is JSON, which never holds a raw line break. */
export function formatSseFrame(frame: SseFrame): string {
  const id = frame.id === undefined ? '' : `id: ${frame.id.replace(/[\r\n]/g, '')}\n`;
  return `${id}event: ${frame.event.replace(/[\r\n]/g, '')}\ndata: ${frame.json ?? JSON.stringify(frame.data) ?? 'null'}\n\n`;
}

/**
 * Serves `frames$` as `text/event-stream` on a response nothing has been written to yet: the headers go
 * out at once, then `retry:`, then each frame as it is emitted, and a `heartbeat` (`{ timestamp }`) every
 * `heartbeatMs`. The response ends when the source completes; when it fails, an `error` event (the error
 * envelope's fields) goes first. The source is unsubscribed when the client disconnects, and a client
 * that lets more than `maxBufferedBytes` pile up is disconnected. Resolves once the stream is over.
 *
 * Errors that can be known before streaming (404, 400, 403…) must be thrown before calling this, so
 * they are answered as the usual JSON envelope with their status.
 */
export function writeSse(
  req: IncomingMessage,
  res: ServerResponse,
  frames$: Observable<SseFrame>,
  options: SseOptions = {},
): Promise<SseOutcome> {
  const retryMs = options.retryMs ?? SSE_DEFAULTS.retryMs;
  const heartbeatMs = options.heartbeatMs ?? SSE_DEFAULTS.heartbeatMs;
  const maxBufferedBytes = options.maxBufferedBytes ?? SSE_DEFAULTS.maxBufferedBytes;
  const requestId = ensureRequestId(req, res);

  return new Promise<SseOutcome>((resolve) => {
    let over = false;
    // Added to once subscribed; unsubscribing it first makes a later add unsubscribe at once.
    const subscription = new Subscription();
    let heartbeat: NodeJS.Timeout | undefined;

    const finish = (outcome: SseOutcome): void => {
      if (over) return;
      over = true;
      clearInterval(heartbeat);
      res.off('close', onClose);
      subscription.unsubscribe();
      if (outcome === 'slow-client') res.destroy();
      else if (outcome !== 'client-closed') res.end();
      resolve(outcome);
    };

    const write = (text: string | Buffer): void => {
      if (over) return;
      if (!res.write(text) && res.writableLength > maxBufferedBytes) {
        options.logger?.warn(
          { requestId, bufferedBytes: res.writableLength, maxBufferedBytes },
          'Event stream client reads too slowly; disconnecting it',
        );
        finish('slow-client');
      }
    };

    const onClose = (): void => finish('client-closed');

    // Set before the head is written, so the compression middleware sees the type and leaves it alone.
    for (const [name, value] of Object.entries(SSE_HEADERS)) res.setHeader(name, value);
    res.writeHead(200);
    res.flushHeaders();
    // Small events must not wait for Nagle's algorithm to fill a packet.
    req.socket?.setNoDelay(true);
    // The response's 'close', not the request's: a request emits 'close' as soon as its body has been
    // read, long before the client goes away.
    res.on('close', onClose);
    write(`retry: ${retryMs}\n\n`);
    if (heartbeatMs > 0) {
      heartbeat = setInterval(
        () => write(formatSseFrame({ event: 'heartbeat', data: { timestamp: new Date().toISOString() } })),
        heartbeatMs,
      );
    }

    subscription.add(
      frames$.subscribe({
        next: (frame) => write(frame.raw ?? formatSseFrame(frame)),
        complete: () => finish('complete'),
        error: (error: unknown) => {
          const response = toErrorResponse(error, requestId);
          if (response.log === 'error') options.logger?.error({ err: error, requestId }, 'Event stream failed');
          else if (response.log === 'warn')
            options.logger?.warn(
              { code: response.envelope.code, error: response.envelope.error, requestId },
              'Event stream failed',
            );
          write(
            formatSseFrame({
              event: 'error',
              data: options.errorData ? options.errorData(error, requestId) : response.envelope,
            }),
          );
          finish('error');
        },
      }),
    );
    // The client had already left: nothing may stay subscribed.
    if (res.destroyed || req.socket?.destroyed) finish('client-closed');
  });
}
