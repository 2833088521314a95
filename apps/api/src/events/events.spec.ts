import type { INestApplication } from '@nestjs/common';
import type { EventDto } from '@orphelix/contract';
import request from 'supertest';
import { listShapeErrors } from '../testing/contract-shape';
import { describeReadRoutes } from '../testing/read-routes';
import { createTestApp } from '../testing/test-app';

let app: INestApplication;

beforeAll(async () => {
  app = await createTestApp({ port: 'configured', env: { ORPHELIX_MODE: 'demo' } });
});
afterAll(async () => {
  await app?.close();
});

const get = (path: string, query: Record<string, string> = {}) => request(app.getHttpServer()).get(path).query(query);
const lastSeen = (e: EventDto): number => Date.parse(e.lastTimestamp ?? e.createdAt ?? '');

describeReadRoutes(() => app, {
  path: 'events',
  kind: 'Event',
  summary: 'EventDto',
  detail: 'EventDto',
  namespaced: true,
  events: false,
  sortedByName: false,
});

describe('events on the demo cluster', () => {
  let all: EventDto[];
  beforeAll(async () => {
    all = (await get('/api/events').expect(200)).body.items as EventDto[];
  });

  it('lists the events of every namespace, newest first, with the object each is about', async () => {
    const res = await get('/api/events').expect(200);
    expect(listShapeErrors(res.body, 'EventDto')).toEqual([]);
    expect(new Set(all.map((e) => e.namespace)).size).toBeGreaterThan(2);
    const times = all.map(lastSeen);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.every((e) => e.involvedObject.kind !== '' && e.involvedObject.name !== '')).toBe(true);
  });

  it('sorts by another key when asked', async () => {
    const items = (await get('/api/events', { sort: 'reason' }).expect(200)).body.items as EventDto[];
    const reasons = items.map((e) => e.reason);
    expect(reasons).toEqual([...reasons].sort());
    expect((await get('/api/events', { sort: 'colour' }).expect(400)).body.details.fields[0].field).toBe('sort');
  });

  // The demo cluster keeps recording events while the tests run, so the checks compare by uid with a
  // list taken earlier instead of comparing totals.
  const uids = (items: EventDto[]): Set<string> => new Set(items.map((e) => e.uid));

  it.each(['Warning', 'Normal'])('keeps only events of type %s', async (type) => {
    const kept = (await get('/api/events', { type }).expect(200)).body.items as EventDto[];
    expect(kept.every((e) => e.type === type)).toBe(true);
    const expected = all.filter((e) => e.type === type);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    const got = uids(kept);
    expect(expected.filter((e) => !got.has(e.uid))).toEqual([]);
  });

  it('keeps only events last seen within sinceMinutes, without a hidden cap', async () => {
    const now = Date.now();
    const ageOf = (e: EventDto): number => (now - lastSeen(e)) / 60_000;
    // A window that splits the events in two, so the filter visibly keeps some and drops others.
    const sorted = all.map(ageOf).sort((a, b) => a - b);
    const minutes = Math.ceil(sorted[Math.floor(sorted.length / 2)] as number) + 1;
    const kept = (await get('/api/events', { sinceMinutes: String(minutes) }).expect(200)).body.items as EventDto[];
    expect(kept.every((e) => ageOf(e) <= minutes + 0.1)).toBe(true);
    const got = uids(kept);
    const inside = all.filter((e) => ageOf(e) < minutes - 0.1);
    const outside = all.filter((e) => ageOf(e) > minutes + 0.1 && !got.has(e.uid));
    expect(inside.length).toBeGreaterThan(0);
    expect(outside.length).toBeGreaterThan(0);
    expect(inside.filter((e) => !got.has(e.uid))).toEqual([]);

    const year = (await get('/api/events', { sinceMinutes: '525600' }).expect(200)).body.items as EventDto[];
    const everything = uids(year);
    expect(all.filter((e) => !everything.has(e.uid))).toEqual([]);
  });

  it('filters by namespace and combines the filters', async () => {
    const kept = (await get('/api/events', { namespace: 'production', type: 'Warning' }).expect(200)).body
      .items as EventDto[];
    expect(kept.every((e) => e.namespace === 'production' && e.type === 'Warning')).toBe(true);
    const expected = all.filter((e) => e.namespace === 'production' && e.type === 'Warning');
    expect(expected.length).toBeGreaterThan(0);
    const got = uids(kept);
    expect(expected.filter((e) => !got.has(e.uid))).toEqual([]);
  });

  it('pages after filtering', async () => {
    // Oldest first, so events recorded meanwhile land after the page.
    const full = (await get('/api/events', { type: 'Warning', sort: 'createdAt' }).expect(200)).body as {
      items: EventDto[];
      total: number;
    };
    const res = await get('/api/events', { type: 'Warning', sort: 'createdAt', limit: '2', offset: '1' }).expect(200);
    expect(res.body).toMatchObject({ offset: 1, limit: 2 });
    expect(res.body.total).toBeGreaterThanOrEqual(full.total);
    expect((res.body.items as EventDto[]).map((e) => e.uid)).toEqual(full.items.slice(1, 3).map((e) => e.uid));
  });

  it.each([
    ['an unknown type', { type: 'Error' }, 'type'],
    ['a lowercase type', { type: 'warning' }, 'type'],
    ['sinceMinutes 0', { sinceMinutes: '0' }, 'sinceMinutes'],
    ['a negative sinceMinutes', { sinceMinutes: '-5' }, 'sinceMinutes'],
    ['sinceMinutes over a year', { sinceMinutes: '525601' }, 'sinceMinutes'],
    ['a fractional sinceMinutes', { sinceMinutes: '1.5' }, 'sinceMinutes'],
    ['a non-numeric sinceMinutes', { sinceMinutes: 'day' }, 'sinceMinutes'],
  ])('rejects %s with 400 naming it', async (_case, query, field) => {
    const res = await get('/api/events', query).expect(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
    expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual([field]);
  });

  it('has no events-of-an-event route', async () => {
    const name = (all[0] as EventDto).name;
    await get(`/api/events/${name}/events`, { namespace: (all[0] as EventDto).namespace as string }).expect(404);
  });
});
