/**
 * Timed HTTP GETs against the API under test with node:http: no Accept-Encoding header is sent (fetch
 * would ask for gzip), so the figures are for the uncompressed body, to its last byte.
 */
import { Agent, request } from 'node:http';

export interface Timed {
  status: number;
  /** Request written → response headers in. */
  headersMs: number;
  /** Request written → last byte received. */
  totalMs: number;
  bytes: number;
  body: Buffer;
}

/** One keep-alive connection, reused as a browser would. */
export const keepAlive = (): Agent => new Agent({ keepAlive: true, maxSockets: 1 });

export function timedGet(
  url: string,
  agent: Agent,
  timeoutMs = 120_000,
  headers: Record<string, string> = {},
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(url, { agent, headers: { accept: 'application/json', ...headers } }, (res) => {
      const headersMs = performance.now() - t0;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => {
        const totalMs = performance.now() - t0;
        resolve({
          status: res.statusCode ?? 0,
          headersMs,
          totalMs,
          bytes: size,
          body: chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size),
        });
      });
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** timedGet that insists on 200. */
export async function timedOk(url: string, agent: Agent, timeoutMs?: number): Promise<Timed> {
  const res = await timedGet(url, agent, timeoutMs);
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`);
  return res;
}
