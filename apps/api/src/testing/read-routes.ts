import type { INestApplication } from '@nestjs/common';
import type { ResourceSummary } from '@orphelix/contract';
import request from 'supertest';
import type { ContractSchemaName } from '../openapi/contract-schemas';
import { listShapeErrors, shapeErrors } from './contract-shape';

export interface ReadRoutesSpec {
  /** Route segment, e.g. `services`. */
  path: string;
  /** Kubernetes kind, as the YAML and events name it. */
  kind: string;
  summary: ContractSchemaName;
  detail: ContractSchemaName;
  namespaced: boolean;
  /** Whether `{name}/events` exists (every kind but events themselves). */
  events?: boolean;
  /** Whether the list's default order is namespace, then name (events come newest first instead). */
  sortedByName?: boolean;
}

/**
 * The behaviour every read-only kind shares, over HTTP on whatever cluster the app has: list, detail,
 * YAML and events in their documented shapes, namespace filtering, 404 for an unknown name and 400 for
 * a malformed one. Each kind's own spec adds what is particular to it.
 */
export function describeReadRoutes(getApp: () => INestApplication, spec: ReadRoutesSpec): void {
  const get = (path: string, query: Record<string, string> = {}) =>
    request(getApp().getHttpServer()).get(path).query(query);
  const base = `/api/${spec.path}`;
  let items: ResourceSummary[] = [];
  let sample: ResourceSummary;
  const scoped = (item: ResourceSummary): Record<string, string> =>
    item.namespace ? { namespace: item.namespace } : {};

  describe(`${base} (shared read routes)`, () => {
    beforeAll(async () => {
      const res = await get(base).expect(200);
      items = res.body.items as ResourceSummary[];
      if (items.length === 0) throw new Error(`${base} returned no items to test with`);
      sample = items[Math.floor(items.length / 2)] as ResourceSummary;
    });

    it('lists every object in the documented shape', async () => {
      const res = await get(base).expect(200);
      expect(listShapeErrors(res.body, spec.summary)).toEqual([]);
      expect(res.body.total).toBe(items.length);
      if (spec.sortedByName !== false) {
        const keys = items.map((i) => `${i.namespace ?? ''}\u0000${i.name}`);
        expect(keys).toEqual([...keys].sort());
      }
      for (const item of items) expect(item.namespace === null).toBe(!spec.namespaced);
    });

    if (spec.namespaced) {
      it('filters the list by namespace', async () => {
        const namespace = sample.namespace as string;
        const res = await get(base, { namespace }).expect(200);
        const expected = items.filter((i) => i.namespace === namespace).map((i) => i.name);
        expect((res.body.items as ResourceSummary[]).map((i) => i.name).sort()).toEqual(expected.sort());
        const empty = await get(base, { namespace: 'no-such-namespace' }).expect(200);
        expect(empty.body).toMatchObject({ items: [], total: 0 });
        expect((res.body.items as ResourceSummary[]).every((i) => i.namespace === namespace)).toBe(true);
      });
    } else {
      it('ignores namespace: the kind is cluster-scoped', async () => {
        const res = await get(base, { namespace: 'no-such-namespace' }).expect(200);
        expect(res.body.total).toBe(items.length);
      });
    }

    it('gets one object in the documented shape', async () => {
      const res = await get(`${base}/${sample.name}`, scoped(sample)).expect(200);
      expect(shapeErrors(res.body, spec.detail)).toEqual([]);
      expect(res.body).toMatchObject({ name: sample.name, namespace: sample.namespace, uid: sample.uid });
    });

    it('gets its YAML without managedFields', async () => {
      const res = await get(`${base}/${sample.name}/yaml`, scoped(sample)).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/yaml/);
      expect(res.text).toMatch(new RegExp(`^kind: ${spec.kind}$`, 'm'));
      expect(res.text).toContain(`name: ${sample.name}`);
      expect(res.text).not.toContain('managedFields');
    });

    if (spec.events !== false) {
      it('lists its events, all about it, newest first', async () => {
        const res = await get(`${base}/${sample.name}/events`, scoped(sample)).expect(200);
        expect(listShapeErrors(res.body, 'EventDto')).toEqual([]);
        const events = res.body.items as {
          involvedObject: { kind: string; name: string };
          lastTimestamp: string | null;
        }[];
        for (const event of events) expect(event.involvedObject).toMatchObject({ kind: spec.kind, name: sample.name });
        const times = events.map((e) => Date.parse(e.lastTimestamp ?? ''));
        expect(times).toEqual([...times].sort((a, b) => b - a));
      });

      it('answers events of an unknown object with 404, not an empty list', async () => {
        const res = await get(
          `${base}/no-such-object/events`,
          spec.namespaced ? { namespace: sample.namespace as string } : {},
        ).expect(404);
        expect(res.body.code).toBe('NOT_FOUND');
      });
    }

    it.each(['', '/yaml'])('answers an unknown name with 404 NOT_FOUND (%s)', async (suffix) => {
      const res = await get(
        `${base}/no-such-object${suffix}`,
        spec.namespaced ? { namespace: sample.namespace as string } : {},
      ).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', requestId: res.headers['x-request-id'] });
    });

    it.each(['', '/yaml', ...(spec.events !== false ? ['/events'] : [])])(
      'answers a malformed name with 400 naming `name` (%s)',
      async (suffix) => {
        const res = await get(`${base}/Not_A_Name${suffix}`).expect(400);
        expect(res.body.code).toBe('VALIDATION_ERROR');
        expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['name']);
      },
    );

    it('answers an unknown context with 404 CONTEXT_NOT_FOUND', async () => {
      const res = await get(base, { context: 'no-such-context' }).expect(404);
      expect(res.body.code).toBe('CONTEXT_NOT_FOUND');
    });
  });
}
