import type { IncomingMessage } from 'node:http';
import { Observable } from 'rxjs';
import type { WatchEvent, WatchEventType, WatchOptions } from '../port/cluster-port';
import { errorFromResponse, errorFromTransport } from './errors';
import type { KubeHttp } from './http';

interface RawWatchEvent<T> {
  type: WatchEventType | 'ERROR';
  object: T;
}

interface WatchStatus {
  code?: number;
  message?: string;
}

const KNOWN_TYPES = new Set<string>(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);

/**
 * One watch request (`?watch=1`) on a collection, with bookmarks, as an Observable of its events.
 *
 * The response is newline-delimited JSON; each line is parsed as it completes. The watch has no
 * whole-request deadline (the server ends it after `timeoutSeconds`, which completes the Observable);
 * stall detection is the caller's, which sees every event and bookmark. An `ERROR` event carrying a
 * Status becomes the matching ClusterError (a 410 Gone: `isGone`), a dropped connection becomes
 * CLUSTER_UNREACHABLE. Unsubscribing aborts the request.
 */
export function watchCollection<T>(
  http: KubeHttp,
  path: string,
  options: WatchOptions,
  typed: (obj: T) => T,
): Observable<WatchEvent<T>> {
  return new Observable<WatchEvent<T>>((subscriber) => {
    const controller = new AbortController();
    let response: IncomingMessage | null = null;
    let done = false;
    const fail = (error: unknown): void => {
      if (done) return;
      done = true;
      subscriber.error(error);
    };

    http
      .open(
        {
          path,
          query: {
            watch: 1,
            resourceVersion: options.resourceVersion,
            allowWatchBookmarks: true,
            labelSelector: options.labelSelector,
            timeoutSeconds: options.timeoutSeconds,
          },
        },
        controller.signal,
      )
      .then(
        async (res) => {
          response = res;
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            const chunks: Buffer[] = [];
            for await (const chunk of res) chunks.push(chunk as Buffer);
            fail(errorFromResponse(status, Buffer.concat(chunks).toString('utf8'), http.context));
            return;
          }
          let pending = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (done) return;
            pending += chunk;
            let newline = pending.indexOf('\n');
            while (newline !== -1 && !done) {
              const line = pending.slice(0, newline);
              pending = pending.slice(newline + 1);
              if (line.trim() !== '') handleLine(line);
              newline = pending.indexOf('\n');
            }
          });
          res.on('end', () => {
            if (done) return;
            if (pending.trim() !== '') handleLine(pending);
            if (done) return;
            done = true;
            subscriber.complete();
          });
          const dropped = (): void =>
            fail(errorFromTransport(Object.assign(new Error('watch connection dropped'), { code: 'ECONNRESET' }), http.context, http.server));
          res.on('aborted', dropped);
          res.on('error', (error) => fail(errorFromTransport(error, http.context, http.server)));
          res.on('close', () => {
            if (!res.complete) dropped();
          });
          // The connection can close in the same read as the headers (an apiserver shutting down right
          // after accepting the watch): then the response was destroyed before these listeners existed,
          // none of them will ever fire, and the watch would look up while nothing can arrive.
          if (res.destroyed && !res.complete) {
            dropped();
            return;
          }
          // Accepted: say so at once (a bookmark at the RV asked for), so the caller knows the watch is
          // up even when nothing changes for minutes. Lines arrive no earlier than the next read.
          subscriber.next({ type: 'BOOKMARK', object: { metadata: { resourceVersion: options.resourceVersion } } as T });
        },
        (error: unknown) => fail(error),
      );

    function handleLine(line: string): void {
      let event: RawWatchEvent<T>;
      try {
        event = JSON.parse(line) as RawWatchEvent<T>;
      } catch {
        fail(new Error(`the apiserver sent a watch line that is not JSON (${line.length} bytes)`));
        return;
      }
      if (event.type === 'ERROR') {
        const status = event.object as WatchStatus;
        fail(errorFromResponse(status.code ?? 500, JSON.stringify(status), http.context));
        return;
      }
      if (!KNOWN_TYPES.has(event.type)) return;
      subscriber.next({ type: event.type, object: event.type === 'BOOKMARK' ? event.object : typed(event.object) });
    }

    return () => {
      done = true;
      controller.abort();
      response?.destroy();
    };
  });
}
