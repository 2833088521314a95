import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOrphelixClient } from './client.js';
import { OrphelixApiError, OrphelixNetworkError, parseRetryAfter } from './errors.js';
import { backoffDelay } from './retry.js';

type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;

/** A tiny HTTP server on loopback answering with `handler`; counts requests. */
async function serve(handler: Handler): Promise<{ baseUrl: string; requests: IncomingMessage[]; close: () => Promise<void> }> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req);
    handler(req, res, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const envelope = (code: string, error: string, details: Record<string, unknown> = {}) => ({ error, code, details, requestId: 'req-1' });
const fast = { baseDelayMs: 5, maxDelayMs: 2_000 };

describe('createOrphelixClient', () => {
  it('sends the bearer token and answers the body', async () => {
    const server = await serve((_req, res) => json(res, 200, { items: [], total: 0, limit: 100, offset: 0, resourceVersion: '1' }));
    try {
      const client = createOrphelixClient({ baseUrl: `${server.baseUrl}/api/`, token: 'orx_secret' });
      const list = await client.listPods({ query: { namespace: 'shop' } });
      expect(list.total).toBe(0);
      expect(server.requests[0]?.url).toBe('/api/pods?namespace=shop');
      expect(server.requests[0]?.headers.authorization).toBe('Bearer orx_secret');
    } finally {
      await server.close();
    }
  });

  it('turns an error envelope into an OrphelixApiError with its code, details and request id', async () => {
    const server = await serve((_req, res) => json(res, 400, envelope('VALIDATION_ERROR', 'Invalid request', { fields: [{ field: 'namespace', message: 'bad' }] })));
    try {
      const client = createOrphelixClient({ baseUrl: server.baseUrl });
      const error = await client.listPods({ query: { namespace: 'Nope' } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OrphelixApiError);
      const e = error as OrphelixApiError;
      expect(OrphelixApiError.is(e, 'VALIDATION_ERROR')).toBe(true);
      expect(e.isValidationError() && e.details.fields[0]?.field).toBe('namespace');
      expect(e).toMatchObject({ status: 400, code: 'VALIDATION_ERROR', message: 'Invalid request', requestId: 'req-1', method: 'GET' });
    } finally {
      await server.close();
    }
  });

  it('keeps a body that is not an envelope as the message, with an HTTP_ code', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html', 'X-Request-Id': 'proxy-9' });
      res.end('Bad gateway');
    });
    try {
      const error = (await createOrphelixClient({ baseUrl: server.baseUrl }).listNodes().catch((e: unknown) => e)) as OrphelixApiError;
      expect(error).toMatchObject({ status: 502, code: 'HTTP_502', message: 'Bad gateway', requestId: 'proxy-9' });
    } finally {
      await server.close();
    }
  });

  it('retries a GET on 503 with backoff until it succeeds', async () => {
    const server = await serve((_req, res, attempt) =>
      attempt < 3 ? json(res, 503, envelope('CLUSTER_UNREACHABLE', 'down')) : json(res, 200, { contexts: [], current: null }),
    );
    try {
      const client = createOrphelixClient({ baseUrl: server.baseUrl, retries: fast });
      await expect(client.listContexts()).resolves.toBeDefined();
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('gives up after max retries with the last error', async () => {
    const server = await serve((_req, res) => json(res, 503, envelope('CLUSTER_UNREACHABLE', 'down')));
    try {
      const client = createOrphelixClient({ baseUrl: server.baseUrl, retries: { ...fast, max: 2 } });
      const error = (await client.listContexts().catch((e: unknown) => e)) as OrphelixApiError;
      expect(error.isClusterUnreachable()).toBe(true);
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('waits Retry-After on 429 when it fits, and throws it with retryAfterSeconds when it does not', async () => {
    const short = await serve((_req, res, attempt) => (attempt === 1 ? json(res, 429, envelope('RATE_LIMITED', 'slow down'), { 'Retry-After': '1' }) : json(res, 200, { contexts: [] })));
    const long = await serve((_req, res) => json(res, 429, envelope('RATE_LIMITED', 'slow down'), { 'Retry-After': '60' }));
    try {
      const started = Date.now();
      await createOrphelixClient({ baseUrl: short.baseUrl, retries: fast }).listContexts();
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(short.requests).toHaveLength(2);
      const error = (await createOrphelixClient({ baseUrl: long.baseUrl, retries: fast }).listContexts().catch((e: unknown) => e)) as OrphelixApiError;
      expect(error.isRateLimited()).toBe(true);
      expect(error.retryAfterSeconds).toBe(60);
      expect(long.requests).toHaveLength(1);
    } finally {
      await short.close();
      await long.close();
    }
  });

  it('does not repeat a POST (a restart) unless its method is listed', async () => {
    const handler: Handler = (_req, res, attempt) => (attempt === 1 ? json(res, 503, envelope('CLUSTER_UNREACHABLE', 'down')) : json(res, 200, { restartedAt: 'now' }));
    const once = await serve(handler);
    const retried = await serve(handler);
    try {
      const options = { path: { name: 'web' }, query: { namespace: 'shop' } };
      await expect(createOrphelixClient({ baseUrl: once.baseUrl, retries: fast }).restartDeployment(options)).rejects.toBeInstanceOf(OrphelixApiError);
      expect(once.requests).toHaveLength(1);
      await createOrphelixClient({ baseUrl: retried.baseUrl, retries: { ...fast, methods: ['GET', 'POST'] } }).restartDeployment(options);
      expect(retried.requests).toHaveLength(2);
    } finally {
      await once.close();
      await retried.close();
    }
  });

  it('retries network errors, then throws OrphelixNetworkError', async () => {
    const server = await serve(() => undefined);
    const { baseUrl } = server;
    await server.close();
    let calls = 0;
    const client = createOrphelixClient({
      baseUrl,
      retries: { ...fast, max: 2 },
      fetch: (request) => {
        calls++;
        return fetch(request);
      },
    });
    const error = await client.listNamespaces().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrphelixNetworkError);
    expect(calls).toBe(3);
  });

  it('does not retry when retries are off', async () => {
    const server = await serve((_req, res) => json(res, 503, envelope('CLUSTER_UNREACHABLE', 'down')));
    try {
      await expect(createOrphelixClient({ baseUrl: server.baseUrl, retries: false }).listContexts()).rejects.toBeInstanceOf(OrphelixApiError);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe('backoff and Retry-After', () => {
  it('doubles within jitter and stays under the ceiling', () => {
    expect(backoffDelay(0, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(800);
    expect(backoffDelay(20, 100, 10_000, () => 1)).toBe(10_000);
  });

  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter(new Date(Date.now() + 5_000).toUTCString())).toBeGreaterThanOrEqual(4);
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
