import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';

/**
 * A minimal EventSource for tests and tools: one request, the events parsed as they arrive, bounded
 * waits. It never reconnects, so a test sees exactly what one connection carried.
 */

/** One dispatched event, with its data still as the text that was sent. */
export interface ReceivedSseEvent {
  event: string;
  data: string;
  id?: string;
  /** When it was parsed (`performance.now()`, for measuring latencies). */
  at: number;
}

export interface SseConnection {
  status: number;
  headers: IncomingHttpHeaders;
  /** Every event so far, in order. */
  events: ReceivedSseEvent[];
  /** The `retry:` value, once received. */
  retry: number | undefined;
  /** Resolves once the server has ended the response (or the connection dropped). */
  ended: Promise<void>;
  /** The raw body so far (for an answer that is not an event stream, e.g. an error envelope). */
  body(): string;
  /** The first event (counting from `from`) that satisfies `match`; rejects after `timeoutMs`. */
  waitFor(match: (event: ReceivedSseEvent) => boolean, timeoutMs?: number, from?: number): Promise<ReceivedSseEvent>;
  /** Closes the connection from the client side. */
  close(): void;
}

/** Parses `text/event-stream` incrementally: feed it chunks, it calls `dispatch` per event. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;

  constructor(
    private readonly dispatch: (event: ReceivedSseEvent) => void,
    private readonly onRetry: (ms: number) => void = () => undefined,
  ) {}

  push(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      if (end === -1) return;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0)
        this.dispatch({
          event: this.event || 'message',
          data: this.data.join('\n'),
          ...(this.id !== undefined ? { id: this.id } : {}),
          at: performance.now(),
        });
      this.data = [];
      this.event = '';
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id') this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.onRetry(Number(value));
  }
}

/**
 * Opens `url` and resolves once the response headers are in. `body` (JSON) makes it a POST, as a route
 * that streams its answer to a request (troubleshooting) is called.
 */
export function openSse(url: string, headers: Record<string, string> = {}, body?: unknown): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(url, {
      method: payload === undefined ? 'GET' : 'POST',
      headers: { accept: 'text/event-stream', ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    });
    req.on('error', reject);
    req.on('response', (res: IncomingMessage) => {
      const events: ReceivedSseEvent[] = [];
      const waiters = new Set<() => void>();
      let raw = '';
      let retry: number | undefined;
      const parser = new SseParser(
        (event) => {
          events.push(event);
          for (const wake of [...waiters]) wake();
        },
        (ms) => {
          retry = ms;
        },
      );
      const ended = new Promise<void>((done) => {
        res.on('close', () => {
          done();
          for (const wake of [...waiters]) wake();
        });
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        parser.push(chunk);
      });
      res.on('error', () => undefined);
      req.on('error', () => undefined);
      const connection: SseConnection = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        get retry() {
          return retry;
        },
        ended,
        body: () => raw,
        waitFor(match, timeoutMs = 10_000, from = 0) {
          return new Promise((found, fail) => {
            const check = (): void => {
              const event = events.slice(from).find(match);
              if (event) {
                done();
                found(event);
              } else if (res.closed) {
                done();
                fail(
                  new Error(
                    `the stream ended without the event awaited; it carried: ${events.map((e) => e.event).join(', ') || 'nothing'}`,
                  ),
                );
              }
            };
            const timer = setTimeout(() => {
              done();
              fail(
                new Error(
                  `no such event within ${timeoutMs} ms; received: ${events.map((e) => `${e.event} ${e.data.slice(0, 120)}`).join(' | ') || 'nothing'}`,
                ),
              );
            }, timeoutMs);
            const done = (): void => {
              clearTimeout(timer);
              waiters.delete(check);
            };
            waiters.add(check);
            check();
          });
        },
        close: () => req.destroy(),
      };
      resolve(connection);
    });
    req.end(payload);
  });
}
