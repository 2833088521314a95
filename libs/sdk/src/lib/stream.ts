import type { ResourceKindName, StreamEventName, StreamKindEventName, StreamPayloadByEvent } from '../generated/types.gen.js';
import { OrphelixApiError, OrphelixNetworkError } from './errors.js';
import { backoffDelay, type FetchLike, isAbortError, sleep } from './retry.js';
import { type RawSseEvent, readSse } from './sse.js';

/** One event of `/api/stream`, typed by its name: `event` narrows `data`. */
export type OrphelixStreamEvent = {
  [E in StreamEventName]: {
    /** The SSE event name: a kind in the singular (`pod`, `deployment`, …) or `connected`, `resync`, `error`, `heartbeat`. */
    event: E;
    data: StreamPayloadByEvent[E];
    /** The event's `id:` (one position per kind) when it had one — what a later `lastEventId` may be. */
    id: string | null;
  };
}[StreamEventName];

/** A change of one object: `{ type, object }` with the object as its list route returns it. */
export type OrphelixChangeEvent = Extract<OrphelixStreamEvent, { event: StreamKindEventName }>;

export interface StreamOptions {
  /** The kinds to watch, as the list routes name them (`pods`, `deployments`, …). */
  kinds: readonly ResourceKindName[];
  /** One namespace; omitted: all. */
  namespace?: string;
  /** The kubeconfig context; omitted: the server's current one. */
  context?: string;
  /** Ends the stream: the iteration finishes without an error. */
  signal?: AbortSignal;
  /** Resume after this event id (a previous event's `id`), or `pods:<resourceVersion>` of a list. */
  lastEventId?: string;
  /**
   * Called (and awaited) when the server can no longer resume some kinds and they must be listed
   * again; the `resync` event is yielded after it either way.
   */
  onResync?: (kinds: ResourceKindName[]) => void | Promise<void>;
  /** Yield `heartbeat` events too (default: they are read and dropped). */
  heartbeats?: boolean;
  /** Reconnection backoff. `maxAttempts` failed attempts in a row end the stream with the last error (default: no limit). */
  reconnect?: { baseDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
}

export interface StreamTransport {
  baseUrl: string;
  headers: Record<string, string>;
  fetch: FetchLike;
}

/**
 * `/api/stream` read with fetch (so it sends the bearer token and runs in Node): yields typed events,
 * reconnects with backoff and `Last-Event-ID` when the connection drops or the server restarts, and
 * returns when `signal` aborts. Answers 4xx other than 429 end it with an {@link OrphelixApiError}.
 */
export async function* openStream(transport: StreamTransport, options: StreamOptions): AsyncGenerator<OrphelixStreamEvent, void, undefined> {
  const { signal } = options;
  const baseDelayMs = options.reconnect?.baseDelayMs;
  const maxDelayMs = options.reconnect?.maxDelayMs ?? 30_000;
  const maxAttempts = options.reconnect?.maxAttempts ?? Infinity;
  const url = new URL('/api/stream', transport.baseUrl);
  url.searchParams.set('kinds', options.kinds.join(','));
  if (options.namespace !== undefined) url.searchParams.set('namespace', options.namespace);
  if (options.context !== undefined) url.searchParams.set('context', options.context);

  let lastEventId = options.lastEventId ?? null;
  let serverRetryMs: number | null = null;
  let failures = 0;

  /** Waits before the next attempt; false when the stream must end (aborted). */
  const pause = async (retryAfterSeconds: number | null = null): Promise<boolean> => {
    const base = baseDelayMs ?? serverRetryMs ?? 1000;
    const wait = retryAfterSeconds !== null ? Math.min(retryAfterSeconds * 1000, maxDelayMs) : backoffDelay(Math.max(0, failures - 1), base, maxDelayMs);
    try {
      await sleep(wait, signal);
      return true;
    } catch {
      return false;
    }
  };

  while (!signal?.aborted) {
    const headers: Record<string, string> = { ...transport.headers, Accept: 'text/event-stream', 'Cache-Control': 'no-cache' };
    if (lastEventId) headers['Last-Event-ID'] = lastEventId;
    const request = new Request(url, { headers, signal });
    let response: Response;
    try {
      response = await transport.fetch(request);
    } catch (error) {
      if (signal?.aborted || isAbortError(error)) return;
      failures++;
      if (failures >= maxAttempts) throw new OrphelixNetworkError(`GET ${url} failed: ${error instanceof Error ? error.message : String(error)}`, error, 'GET', url.toString());
      if (!(await pause())) return;
      continue;
    }
    if (!response.ok || !response.body) {
      const text = await response.text().catch(() => '');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      const error = OrphelixApiError.fromResponse(response, body, request);
      if (response.ok || !(response.status === 429 || response.status >= 500)) throw error;
      failures++;
      if (failures >= maxAttempts) throw error;
      if (!(await pause(error.retryAfterSeconds))) return;
      continue;
    }

    const events = readSse(response.body);
    try {
      for (;;) {
        let next: IteratorResult<RawSseEvent, void>;
        try {
          next = await events.next();
        } catch (error) {
          if (signal?.aborted || isAbortError(error)) return;
          break; // dropped mid-stream: reconnect
        }
        if (signal?.aborted) return; // nothing more after an abort, not even what was already read
        if (next.done) break; // the server ended it (e.g. shutting down): reconnect
        const raw = next.value;
        if (raw.retry !== null) serverRetryMs = raw.retry;
        if (raw.id !== null) lastEventId = raw.id === '' ? null : raw.id;
        if (raw.event === '') continue;
        let data: unknown;
        try {
          data = JSON.parse(raw.data);
        } catch {
          continue;
        }
        if (raw.event === 'connected') failures = 0;
        if (raw.event === 'heartbeat' && !options.heartbeats) continue;
        if (raw.event === 'resync' && options.onResync) await options.onResync((data as StreamPayloadByEvent['resync']).kinds);
        yield { event: raw.event, data, id: raw.id } as OrphelixStreamEvent;
      }
    } finally {
      await events.return(undefined).catch(() => undefined);
    }
    if (signal?.aborted) return;
    failures++;
    if (failures >= maxAttempts) throw new OrphelixNetworkError(`GET ${url}: the stream ended ${failures} times in a row`, null, 'GET', url.toString());
    if (!(await pause())) return;
  }
}

/** The id a stream may resume from, from the `resourceVersion` of a list: `pods:<rv>`. */
export function sinceList(kind: ResourceKindName, resourceVersion: string): string {
  return `${kind}:${resourceVersion}`;
}
