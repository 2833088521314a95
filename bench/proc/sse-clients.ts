/**
 * Many `/api/stream` clients in one process of their own (so they do not share the API's CPU), parsed
 * with the project's SseParser. Every pod event carrying the benchmark's label is timed on arrival per
 * client; once every connected client has seen change i, the first and last arrival go to the
 * benchmark (`seq` event). Times are wall-clock milliseconds with sub-millisecond precision
 * (performance.timeOrigin + performance.now()), comparable with the benchmark's own.
 */
import { type ClientRequest, request } from 'node:http';
import { SseParser } from '../../apps/api/src/common/sse/sse-client.ts';
import { emit, num, serve, str } from './rpc.ts';

const now = (): number => performance.timeOrigin + performance.now();

interface Client {
  req: ClientRequest;
  connected: boolean;
  /** The highest change index this client has seen (each change counts once per client). */
  highest: number;
  closed: boolean;
}

interface Arrivals {
  count: number;
  first: number;
  last: number;
  reported: boolean;
}

const clients: Client[] = [];
const arrivals = new Map<number, Arrivals>();
let marker = '';
let markerPattern = /$^/;
let connectedCount = 0;
let dropped = 0;

function arrived(index: number, at: number): void {
  let a = arrivals.get(index);
  if (!a) arrivals.set(index, (a = { count: 0, first: at, last: at, reported: false }));
  a.count++;
  if (at < a.first) a.first = at;
  if (at > a.last) a.last = at;
  if (!a.reported && a.count >= connectedCount) {
    a.reported = true;
    emit('seq', { index, count: a.count, first: a.first, last: a.last });
  }
}

function open(url: string, onConnected: () => void, onFailed: (error: Error) => void): Client {
  const req = request(url, { agent: false, headers: { accept: 'text/event-stream' } });
  const client: Client = { req, connected: false, highest: 0, closed: false };
  const parser = new SseParser((event) => {
    if (event.event === 'connected' && !client.connected) {
      client.connected = true;
      onConnected();
      return;
    }
    if (event.event !== 'pod' || !event.data.includes(marker)) return;
    const at = now();
    const match = markerPattern.exec(event.data);
    const index = match?.[1] ? Number(match[1]) : 0;
    if (index > client.highest) {
      client.highest = index;
      arrived(index, at);
    }
  });
  req.on('response', (res) => {
    if (res.statusCode !== 200) {
      onFailed(new Error(`GET ${url} → ${res.statusCode}`));
      res.resume();
      return;
    }
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => parser.push(chunk));
    res.on('close', () => {
      if (!client.closed && client.connected) dropped++;
      client.closed = true;
    });
  });
  req.on('error', (error) => {
    if (!client.closed) onFailed(error);
    client.closed = true;
  });
  req.end();
  return client;
}

function closeAll(): void {
  for (const c of clients) {
    c.closed = true;
    c.req.destroy();
  }
}

serve(
  {
    /** Opens `count` streams, `concurrency` at a time, each awaited until `connected` (bounded). */
    open: async (args) => {
      const url = str(args, 'url', '');
      const count = num(args, 'count', 1000);
      const concurrency = num(args, 'concurrency', 100);
      const timeoutMs = num(args, 'timeoutMs', 180_000);
      // A retried open starts over.
      closeAll();
      clients.length = 0;
      arrivals.clear();
      connectedCount = 0;
      dropped = 0;
      marker = str(args, 'marker', '');
      const run = str(args, 'run', '');
      // "bench.orphelix.dev/seq":"<run>-<index>"
      markerPattern = new RegExp(`"${marker.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}":"${run}-(\\d+)"`);
      const t0 = performance.now();
      const deadline = Date.now() + timeoutMs;
      for (let start = 0; start < count; start += concurrency) {
        const batch = Math.min(concurrency, count - start);
        await Promise.all(
          Array.from(
            { length: batch },
            () =>
              new Promise<void>((resolve, reject) => {
                const timer = setTimeout(
                  () => reject(new Error(`a stream was not connected within ${timeoutMs} ms`)),
                  Math.max(1, deadline - Date.now()),
                );
                clients.push(
                  open(
                    url,
                    () => {
                      clearTimeout(timer);
                      connectedCount++;
                      resolve();
                    },
                    (error) => {
                      clearTimeout(timer);
                      reject(error);
                    },
                  ),
                );
              }),
          ),
        );
      }
      return { connected: connectedCount, ms: performance.now() - t0 };
    },
    /** Where change `index` stands (for a change that did not reach everyone in time). */
    status: (args) => {
      const a = arrivals.get(num(args, 'index', 0));
      return {
        connected: connectedCount,
        dropped,
        open: clients.filter((c) => !c.closed).length,
        count: a?.count ?? 0,
        first: a?.first ?? null,
        last: a?.last ?? null,
      };
    },
    /** This process's CPU time so far (what parsing every client's events costs). */
    usage: () => {
      const u = process.resourceUsage();
      return { cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 };
    },
    close: () => closeAll(),
  },
  () => closeAll(),
);
emit('ready', { pid: process.pid });
