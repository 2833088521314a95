import type { INestApplication } from '@nestjs/common';
import type { EventDto } from '@orphelix/contract';
import type { LabInfo } from '@orphelix/lab-cluster';
import request from 'supertest';
import { kubectlTable } from '../testing/kubectl-table';
import { createLabApp } from '../testing/lab-app';
import { describeReadRoutes } from '../testing/read-routes';

let app: INestApplication;
let lab: LabInfo;

beforeAll(async () => {
  ({ app, lab } = await createLabApp());
});
afterAll(async () => {
  await app?.close();
});

const get = (path: string, query: Record<string, string> = {}) => request(app.getHttpServer()).get(path).query(query);
const uidsOf = (lab: LabInfo, ...args: string[]): string[] =>
  kubectlTable(lab, 'events', ...args, '-o', 'custom-columns=UID:.metadata.uid').map((r) => r['UID'] as string);

describeReadRoutes(() => app, {
  path: 'events',
  kind: 'Event',
  summary: 'EventDto',
  detail: 'EventDto',
  namespaced: true,
  events: false,
  sortedByName: false,
});

describe('events against the lab', () => {
  // Controllers keep recording events while the tests run: what kubectl saw first must be in our answer.
  it('lists the events of a namespace as `kubectl get events -n shop` does, newest first', async () => {
    const expected = uidsOf(lab, '-n', 'shop');
    const res = await get('/api/events', { namespace: 'shop' }).expect(200);
    const events = res.body.items as EventDto[];
    expect(expected.length).toBeGreaterThan(0);
    expect(events.map((e) => e.uid)).toEqual(expect.arrayContaining(expected));
    expect(events.every((e) => e.namespace === 'shop')).toBe(true);
    const times = events.map((e) => Date.parse(e.lastTimestamp ?? e.createdAt ?? ''));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(events.find((e) => e.reason === 'BackOff')?.involvedObject).toMatchObject({
      kind: 'Pod',
      namespace: 'shop',
    });
  });

  it('keeps only warnings with type=Warning, as `--field-selector type=Warning`', async () => {
    const expected = uidsOf(lab, '-n', 'shop', '--field-selector', 'type=Warning');
    const res = await get('/api/events', { namespace: 'shop', type: 'Warning' }).expect(200);
    const events = res.body.items as EventDto[];
    expect(expected.length).toBeGreaterThan(0);
    expect(events.map((e) => e.uid)).toEqual(expect.arrayContaining(expected));
    expect(events.every((e) => e.type === 'Warning')).toBe(true);
  });

  it('lists the events of every namespace when none is given', async () => {
    const res = await get('/api/events', { sinceMinutes: '525600', limit: '5000' }).expect(200);
    const namespaces = new Set((res.body.items as EventDto[]).map((e) => e.namespace));
    expect([...namespaces]).toEqual(expect.arrayContaining(['default', 'shop']));
  });

  it('answers a namespace-scoped identity, for all namespaces, with the namespaces it may read; 403 for one it may not', async () => {
    const own = await get('/api/events', { context: 'lab-viewer', namespace: 'shop' }).expect(200);
    const all = await get('/api/events', { context: 'lab-viewer' }).expect(200);
    const namespaces = new Set((all.body.items as EventDto[]).map((e) => e.namespace));
    expect([...namespaces]).toEqual(['shop']);
    expect(all.body.total).toBe(own.body.total);
    const other = await get('/api/events', { context: 'lab-viewer', namespace: 'payments' }).expect(403);
    expect(other.body).toMatchObject({ code: 'FORBIDDEN', details: { verb: 'list', resource: 'events' } });
  });
});
