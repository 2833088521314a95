import { RESOURCE_KIND_NAMES, STREAM_KIND_EVENT_NAMES } from '@orphelix/contract';
import { KIND_NAMES, KINDS } from '../kinds/kinds';
import { KIND_MAPPERS, toDetail, toSummary } from './registry';

const NOW = new Date('2025-06-01T12:00:00Z');

describe('kind registry', () => {
  it('covers exactly the kinds the port serves, as the contract names them', () => {
    expect([...RESOURCE_KIND_NAMES].sort()).toEqual([...KIND_NAMES].sort());
    expect(Object.keys(KIND_MAPPERS).sort()).toEqual([...KIND_NAMES].sort());
  });

  it('uses the kind metadata singular as the SSE event name', () => {
    for (const kind of KIND_NAMES) expect(STREAM_KIND_EVENT_NAMES[kind]).toBe(KINDS[kind].singular);
  });

  it.each([...KIND_NAMES])('maps a bare %s object without throwing and keeps the common fields', (kind) => {
    const obj = {
      metadata: { name: 'x', namespace: 'ns', uid: 'u', creationTimestamp: '2025-06-01T11:59:00Z', labels: { a: 'b' } },
    };
    const summary = toSummary(kind, obj, NOW);
    expect(summary).toMatchObject({
      name: 'x',
      namespace: 'ns',
      uid: 'u',
      createdAt: '2025-06-01T11:59:00.000Z',
      age: '60s',
      labels: { a: 'b' },
    });
    expect(toDetail(kind, obj, NOW)).toMatchObject({ name: 'x' });
  });
});
