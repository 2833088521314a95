import type { INestApplication } from '@nestjs/common';
import { type SseConnection, openSse, type ReceivedSseEvent } from '../common/sse/sse-client';
import { listen } from '../e2e/routes';
import { createTestApp } from '../testing/test-app';
import { formatEventId, parseEventId } from './stream.service';

/** `/api/stream` in demo mode: the simulation runs on its own clock and feeds the same stream. */

jest.setTimeout(45_000);

let app: INestApplication;
let baseUrl: string;
const open: SseConnection[] = [];

beforeAll(async () => {
  app = await createTestApp({ port: 'configured', env: { ORPHELIX_MODE: 'demo' } });
  baseUrl = await listen(app);
});

afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

afterAll(async () => {
  await app?.close();
});

async function connect(query: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const c = await openSse(`${baseUrl}/api/stream?${query}`, headers);
  open.push(c);
  return c;
}

const KINDS = 'pods,events,deployments,replicasets';
const changes = (c: SseConnection, from = 0): ReceivedSseEvent[] =>
  c.events.slice(from).filter((e) => e.event === 'pod' || e.event === 'event' || e.event === 'deployment' || e.event === 'replicaset');

describe('event ids', () => {
  it('hold one position per kind and parse back', () => {
    const positions = parseEventId('pods:120;events:98.2;widgets:3;deployments:x');
    expect([...positions.keys()]).toEqual(['pods', 'events']);
    expect(formatEventId(['pods', 'events', 'nodes'], positions)).toBe('pods:120;events:98.2;nodes:0');
  });
});

describe('GET /api/stream in demo mode', () => {
  it('emits changes on its own, as list DTOs, marked demo', async () => {
    const c = await connect(`kinds=${KINDS}`);
    const connected = await c.waitFor((e) => e.event === 'connected');
    expect(JSON.parse(connected.data)).toMatchObject({ mode: 'demo', context: 'demo', namespace: null });
    expect(c.retry).toBeGreaterThan(0);
    const change = await c.waitFor((e) => changes(c).includes(e), 15_000);
    const data = JSON.parse(change.data) as { type: string; object: { name: string; namespace: string; createdAt: string } };
    expect(['ADDED', 'MODIFIED', 'DELETED']).toContain(data.type);
    expect(data.object).toEqual(expect.objectContaining({ name: expect.any(String), namespace: expect.any(String) }));
    expect(change.id).toMatch(/^pods:\d+(\.\d+)?;events:\d+(\.\d+)?;deployments:\d+(\.\d+)?;replicasets:\d+(\.\d+)?$/);
  });

  it('a client that resumes with Last-Event-ID gets exactly what a connected client got: no gap, no duplicate', async () => {
    const witness = await connect(`kinds=${KINDS}`);
    await witness.waitFor((e) => e.event === 'connected');
    const first = await connect(`kinds=${KINDS}`);
    await first.waitFor((e) => e.event === 'connected');
    const before = await first.waitFor((e) => changes(first).includes(e), 15_000);
    first.close();
    // Changes happen while it is away.
    const missedFrom = witness.events.findIndex((e) => e.id === before.id);
    expect(missedFrom).toBeGreaterThanOrEqual(0);
    await witness.waitFor((e) => changes(witness).includes(e), 15_000, missedFrom + 1);
    const second = await connect(`kinds=${KINDS}`, { 'Last-Event-ID': before.id ?? '' });
    await second.waitFor((e) => e.event === 'connected');
    // Wait until both have seen a change after the reconnection.
    const later = await second.waitFor((e) => changes(second).includes(e) && !witness.events.slice(0, missedFrom + 1).some((w) => w.id === e.id), 15_000);
    await witness.waitFor((e) => e.id === later.id, 15_000);
    const got = [...changes(first).slice(0, changes(first).indexOf(before) + 1), ...changes(second)].map((e) => `${e.id} ${e.data}`);
    const expected = changes(witness)
      .slice(0, changes(witness).findIndex((e) => e.id === later.id) + 1)
      .map((e) => `${e.id} ${e.data}`);
    // The witness may have connected a moment before the first client: compare from the first client's first event on.
    const start = expected.indexOf(got[0]);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(got.slice(0, expected.length - start)).toEqual(expected.slice(start));
    expect(second.events.some((e) => e.event === 'resync')).toBe(false);
  });

  it('releases its watches when clients disconnect', async () => {
    const c = await connect('kinds=nodes');
    await c.waitFor((e) => e.event === 'connected');
    c.close();
    const { WATCH_CACHE } = await import('../live/live.tokens');
    const cache = app.get<{ info(): { kind: string; holders: number }[] }>(WATCH_CACHE);
    const deadline = Date.now() + 5_000;
    while (cache.info().find((i) => i.kind === 'nodes')?.holders !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(cache.info().find((i) => i.kind === 'nodes')?.holders).toBe(0);
  });
});
