import type { IncomingMessage } from 'node:http';
import { Observable } from 'rxjs';
import type { LogOptions } from '../port/cluster-port';
import { errorFromResponse, errorFromTransport } from './errors';
import type { KubeHttp, KubeRequest } from './http';

/** The whole body of an error answer (a Status object, usually a few hundred bytes). */
async function readBody(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `kubectl logs -f` over one context's connection: utf-8 text chunks as the apiserver relays them, until
 * it ends the response (the container stopped). A chunk may hold several lines or end mid-line; a
 * multi-byte character split between two network chunks is held back until it is whole. A non-2xx
 * answer errors with the ClusterError its Status means (404 pod, 400 container not started, 403), a
 * broken connection with CLUSTER_UNREACHABLE. Unsubscribing destroys the request.
 *
 * No whole-request deadline applies (a followed log may stay open for hours); the connect timeout of
 * {@link KubeHttp.open} still turns an unreachable apiserver into a 503 quickly.
 */
export function followPodLogs(http: KubeHttp, namespace: string, pod: string, options: LogOptions): Observable<string> {
  return new Observable<string>((subscriber) => {
    const controller = new AbortController();
    let response: IncomingMessage | undefined;

    const fail = (error: unknown): void => {
      if (!subscriber.closed) subscriber.error(error);
    };

    const stream = (res: IncomingMessage): void => {
      const decoder = new TextDecoder('utf-8');
      let ended = false;
      res.on('data', (chunk: Buffer) => {
        const text = decoder.decode(chunk, { stream: true });
        if (text !== '') subscriber.next(text);
      });
      res.on('end', () => {
        ended = true;
        const rest = decoder.decode();
        if (rest !== '') subscriber.next(rest);
        subscriber.complete();
      });
      res.on('error', (error) => fail(errorFromTransport(error, http.context, http.server)));
      const cutOff = (): void =>
        fail(errorFromTransport(Object.assign(new Error('the log stream was cut off'), { code: 'ECONNRESET' }), http.context, http.server));
      // Closed without its end: the connection dropped mid-stream.
      res.on('close', () => {
        if (!ended) cutOff();
      });
      // Closed in the same read as the headers, before these listeners existed: no event will come.
      if (res.destroyed && !res.complete) cutOff();
    };

    const request = podLogRequest(namespace, pod, options);
    http
      .open(
        { ...request, query: { ...request.query, follow: true } },
        controller.signal,
      )
      .then(
        async (res) => {
          response = res;
          if (subscriber.closed) {
            res.destroy();
            return;
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            stream(res);
            return;
          }
          try {
            fail(errorFromResponse(status, await readBody(res), http.context));
          } catch (error) {
            fail(errorFromTransport(error, http.context, http.server));
          }
        },
        // open() already maps transport failures; an abort after unsubscribing is nobody's concern.
        fail,
      );

    return () => {
      controller.abort();
      response?.destroy();
    };
  });
}

/** The apiserver's log request for a pod, as kubectl sends it (without `follow`). */
export function podLogRequest(namespace: string, pod: string, options: LogOptions): KubeRequest {
  return {
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`,
    query: {
      container: options.container,
      tailLines: options.tailLines,
      sinceSeconds: options.sinceSeconds,
      previous: options.previous || undefined,
      timestamps: options.timestamps || undefined,
    },
    // kubectl's own Accept for logs; text/plain alone is refused with 406.
    accept: 'application/json, */*',
  };
}
