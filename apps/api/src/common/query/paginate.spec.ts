import { RequestValidationError } from '../errors/request-validation.error';
import { paginate } from './paginate';

interface Item {
  name: string;
  namespace: string | null;
  createdAt: string | null;
  status?: string;
}

const item = (namespace: string | null, name: string, createdAt: string | null = null, status?: string): Item => ({
  name,
  namespace,
  createdAt,
  status,
});

const ITEMS: readonly Item[] = Object.freeze([
  item('web', 'frontend', '2024-01-03T00:00:00Z', 'Running'),
  item('api', 'backend', '2024-01-01T00:00:00Z', 'CrashLoopBackOff'),
  item('web', 'Backend-Canary', '2024-01-02T00:00:00Z', 'Pending'),
  item('api', 'api-gateway', null, 'Running'),
]);

const names = (items: Item[]): string[] => items.map((i) => `${i.namespace ?? ''}/${i.name}`);

describe('paginate', () => {
  it('sorts by namespace then name by default and returns the envelope', () => {
    expect(paginate(ITEMS, {}, { resourceVersion: '42' })).toEqual({
      items: [ITEMS[3], ITEMS[1], ITEMS[2], ITEMS[0]],
      total: 4,
      offset: 0,
      limit: null,
      resourceVersion: '42',
    });
  });

  it('puts cluster-scoped items (no namespace) first and defaults resourceVersion to null', () => {
    const result = paginate([item(null, 'b'), item('a', 'a'), item(null, 'a')], {});
    expect(names(result.items)).toEqual(['/a', '/b', 'a/a']);
    expect(result.resourceVersion).toBeNull();
  });

  it('filters by a case-insensitive name substring before counting', () => {
    const result = paginate(ITEMS, { q: 'BACKEND' });
    expect(names(result.items)).toEqual(['api/backend', 'web/Backend-Canary']);
    expect(result.total).toBe(2);
  });

  it('applies offset and limit after counting', () => {
    const result = paginate(ITEMS, { offset: 1, limit: 2 });
    expect(names(result.items)).toEqual(['api/backend', 'web/Backend-Canary']);
    expect(result).toMatchObject({ total: 4, offset: 1, limit: 2 });
    expect(paginate(ITEMS, { offset: 10 }).items).toEqual([]);
  });

  it('sorts by a key, descending with "-"', () => {
    expect(names(paginate(ITEMS, { sort: 'name' }).items)).toEqual([
      'web/Backend-Canary',
      'api/api-gateway',
      'api/backend',
      'web/frontend',
    ]);
    expect(names(paginate(ITEMS, { sort: '-name' }).items)[0]).toBe('web/frontend');
  });

  it('sorts by age youngest first, and items without a date last in both directions', () => {
    expect(names(paginate(ITEMS, { sort: 'age' }).items)).toEqual([
      'web/frontend',
      'web/Backend-Canary',
      'api/backend',
      'api/api-gateway',
    ]);
    expect(names(paginate(ITEMS, { sort: '-age' }).items)).toEqual([
      'api/backend',
      'web/Backend-Canary',
      'web/frontend',
      'api/api-gateway',
    ]);
    expect(names(paginate(ITEMS, { sort: 'createdAt' }).items)[0]).toBe('api/backend');
  });

  it('takes route-specific sort keys and breaks ties by namespace and name', () => {
    const result = paginate(ITEMS, { sort: 'status' }, { sortKeys: { status: (i) => i.status } });
    expect(names(result.items)).toEqual(['api/backend', 'web/Backend-Canary', 'api/api-gateway', 'web/frontend']);
  });

  it('rejects an unknown sort key with a 400 naming sort and the allowed keys', () => {
    let error: unknown;
    try {
      paginate(ITEMS, { sort: '-restarts' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).fields).toEqual([
      { field: 'sort', message: expect.stringContaining('age, createdAt, name, namespace') },
    ]);
  });

  it('does not modify its input', () => {
    const input = [...ITEMS];
    paginate(input, { sort: '-name', limit: 1 });
    expect(input).toEqual(ITEMS);
  });
});
