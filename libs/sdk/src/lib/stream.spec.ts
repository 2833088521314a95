import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOrphelixClient } from './client.js';
import { OrphelixApiError } from './errors.js';
import { readSse } from './sse.js';
import type { OrphelixStreamEvent } from './stream.js';

/** A scripted `/api/stream`: each connection gets the next script; records the requests. */
async function sseServer(scripts: ((req: IncomingMessage, res: ServerResponse) => void)[]) {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    const script = scripts[Math.min(requests.length, scripts.length) - 1];
    script?.(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const open = (res: ServerResponse): void => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  res.write('retry: 10\n\n');
  res.write(`event: connected\ndata: ${JSON.stringify({ context: 'demo', namespace: null, kinds: ['pods'], mode: 'demo', timestamp: 'now' })}\n\n`);
};
const pod = (res: ServerResponse, id: string, name: string): void => {
  res.write(`event: pod\nid: ${id}\ndata: ${JSON.stringify({ type: 'MODIFIED', object: { name } })}\n\n`);
};

async function collect(events: AsyncIterable<OrphelixStreamEvent>, until: (seen: OrphelixStreamEvent[]) => boolean): Promise<OrphelixStreamEvent[]> {
  const seen: OrphelixStreamEvent[] = [];
  for await (const e of events) {
    seen.push(e);
    if (until(seen)) break;
  }
  return seen;
}

describe('stream()', () => {
  it('yields typed events, and after a dropped connection resumes with Last-Event-ID', async () => {
    const server = await sseServer([
      (_req, res) => {
        open(res);
        pod(res, 'pods:1', 'a');
        pod(res, 'pods:2', 'b');
        setTimeout(() => res.destroy(), 20);
      },
      (_req, res) => {
        open(res);
        pod(res, 'pods:3', 'c');
      },
    ]);
    try {
      const client = createOrphelixClient({ baseUrl: server.baseUrl, token: 'orx_t' });
      const controller = new AbortController();
      const seen = await collect(client.stream({ kinds: ['pods'], namespace: 'shop', signal: controller.signal, reconnect: { baseDelayMs: 10 } }), (s) => s.filter((e) => e.event === 'pod').length === 3);
      controller.abort();
      const names = seen.flatMap((e) => (e.event === 'pod' ? [e.data.object.name] : []));
      expect(names).toEqual(['a', 'b', 'c']);
      expect(seen.filter((e) => e.event === 'connected')).toHaveLength(2);
      expect(server.requests[0]?.url).toBe('/api/stream?kinds=pods&namespace=shop');
      expect(server.requests[0]?.headers['authorization']).toBe('Bearer orx_t');
      expect(server.requests[0]?.headers['last-event-id']).toBeUndefined();
      expect(server.requests[1]?.headers['last-event-id']).toBe('pods:2');
    } finally {
      await server.close();
    }
  });

  it('calls onResync with the kinds to relist and yields the resync', async () => {
    const server = await sseServer([
      (_req, res) => {
        open(res);
        res.write(`event: resync\ndata: ${JSON.stringify({ kinds: ['pods'], reason: 'too old' })}\n\n`);
        pod(res, 'pods:9', 'z');
      },
    ]);
    try {
      const relisted: string[][] = [];
      const client = createOrphelixClient({ baseUrl: server.baseUrl });
      const seen = await collect(client.stream({ kinds: ['pods'], lastEventId: 'pods:1', onResync: (kinds) => void relisted.push(kinds) }), (s) => s.some((e) => e.event === 'pod'));
      expect(relisted).toEqual([['pods']]);
      expect(seen.map((e) => e.event)).toEqual(['connected', 'resync', 'pod']);
      expect(server.requests[0]?.headers['last-event-id']).toBe('pods:1');
    } finally {
      await server.close();
    }
  });

  it('ends without an error when the signal aborts, while waiting for events', async () => {
    const server = await sseServer([(_req, res) => open(res)]);
    try {
      const controller = new AbortController();
      const events = createOrphelixClient({ baseUrl: server.baseUrl }).stream({ kinds: ['pods'], signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      const seen = await collect(events, () => false);
      expect(seen.map((e) => e.event)).toEqual(['connected']);
    } finally {
      await server.close();
    }
  });

  it('ends without an error when aborted while reconnecting', async () => {
    const server = await sseServer([(_req, res) => res.destroy()]);
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 150);
      const events = createOrphelixClient({ baseUrl: server.baseUrl }).stream({ kinds: ['pods'], signal: controller.signal, reconnect: { baseDelayMs: 20 } });
      await expect(collect(events, () => false)).resolves.toEqual([]);
      expect(server.requests.length).toBeGreaterThan(1);
    } finally {
      await server.close();
    }
  });

  it('throws a 4xx answer as an OrphelixApiError, without retrying', async () => {
    const server = await sseServer([
      (_req, res) => {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'unknown kind', code: 'VALIDATION_ERROR', details: { fields: [{ field: 'kinds', message: 'x' }] }, requestId: 'r' }));
      },
    ]);
    try {
      const events = createOrphelixClient({ baseUrl: server.baseUrl }).stream({ kinds: ['pods'] });
      const error = await collect(events, () => false).catch((e: unknown) => e);
      expect(OrphelixApiError.is(error, 'VALIDATION_ERROR')).toBe(true);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('retries 503 answers with backoff', async () => {
    const server = await sseServer([
      (_req, res) => {
        res.writeHead(503, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'down', code: 'CLUSTER_UNREACHABLE', details: {}, requestId: 'r' }));
      },
      (_req, res) => open(res),
    ]);
    try {
      const events = createOrphelixClient({ baseUrl: server.baseUrl }).stream({ kinds: ['pods'], reconnect: { baseDelayMs: 10 } });
      const seen = await collect(events, (s) => s.length === 1);
      expect(seen[0]?.event).toBe('connected');
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});

describe('readSse', () => {
  const bytes = (...chunks: string[]): ReadableStream<Uint8Array> =>
    new ReadableStream({
      start(controller) {
        for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
        controller.close();
      },
    });

  it('parses fields split across chunks, CRLF and CR line ends, multi-line data and comments', async () => {
    const out = [];
    for await (const e of readSse(bytes(': hi\r\nevent: po', 'd\r\nid: 1\r\ndata: {"a":\r', '\ndata: 1}\r\n\r\n', 'data: x\r\rretry: 5\n\nevent: cut\ndata: y'))) out.push(e);
    expect(out).toEqual([
      { event: 'pod', data: '{"a":\n1}', id: '1', retry: null },
      { event: 'message', data: 'x', id: null, retry: null },
      { event: '', data: '', id: null, retry: 5 },
    ]);
  });
});

describe('stream() after an abort', () => {
  it('yields nothing more, even events already read', async () => {
    const server = await sseServer([
      (_req, res) => {
        open(res);
        for (let i = 1; i <= 5; i++) pod(res, `pods:${i}`, `p${i}`);
      },
    ]);
    try {
      const controller = new AbortController();
      const seen: OrphelixStreamEvent[] = [];
      for await (const e of createOrphelixClient({ baseUrl: server.baseUrl }).stream({ kinds: ['pods'], signal: controller.signal })) {
        seen.push(e);
        if (e.event === 'pod') controller.abort();
      }
      expect(seen.map((e) => e.event)).toEqual(['connected', 'pod']);
    } finally {
      await server.close();
    }
  });
});
