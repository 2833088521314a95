import type { ListResponse } from '@orphelix/contract';
import { invalidField } from '../errors/request-validation.error';
import type { ListQueryDto } from './common-query.dto';

/** The list envelope of every list route (the contract's `ListResponse`). */
export type ListEnvelope<T> = ListResponse<T>;

/** What paginate needs of a list item; every list DTO has these fields. */
export interface ListItem {
  name: string;
  namespace?: string | null;
  /** ISO-8601. */
  createdAt?: string | null;
}

export type SortValue = string | number | null | undefined;
export type SortKeys<T> = Readonly<Record<string, (item: T) => SortValue>>;

export type PageQuery = Pick<ListQueryDto, 'q' | 'limit' | 'offset' | 'sort'>;

export interface PaginateOptions<T> {
  /** The list's resourceVersion from the port, passed through to the envelope. */
  resourceVersion?: string | null;
  /** Extra sort keys of the route (e.g. `status`, `restarts`), added to the defaults. */
  sortKeys?: SortKeys<T>;
  /** The items already come in the default order (namespace, then name): skip that sort. */
  presorted?: boolean;
}

const timestamp = (createdAt: string | null | undefined): number | null => {
  const ms = createdAt ? Date.parse(createdAt) : NaN;
  return Number.isNaN(ms) ? null : ms;
};

export const DEFAULT_SORT_KEYS: SortKeys<ListItem> = {
  name: (item) => item.name,
  namespace: (item) => item.namespace ?? '',
  createdAt: (item) => timestamp(item.createdAt),
  // Ascending age means youngest first, as `kubectl get --sort-by=.metadata.creationTimestamp` reversed.
  age: (item) => {
    const ms = timestamp(item.createdAt);
    return ms === null ? null : -ms;
  },
};

/**
 * Filters by `q`, sorts, and cuts the page a list route returns. Pure: the input array is not touched.
 * An unknown `sort` key is the caller's mistake and answers 400 naming `sort`.
 */
export function paginate<T extends ListItem>(
  items: readonly T[],
  query: PageQuery,
  options: PaginateOptions<T> = {},
): ListEnvelope<T> {
  const keys: SortKeys<T> = { ...DEFAULT_SORT_KEYS, ...options.sortKeys };
  const needle = query.q?.toLowerCase();
  const matching = needle ? items.filter((item) => item.name.toLowerCase().includes(needle)) : [...items];

  const byDefault = (a: T, b: T): number =>
    compareValues(a.namespace ?? '', b.namespace ?? '') || compareValues(a.name, b.name);
  if (query.sort) {
    const descending = query.sort.startsWith('-');
    const keyName = descending ? query.sort.slice(1) : query.sort;
    const key = Object.hasOwn(keys, keyName) ? keys[keyName] : undefined;
    if (!key) {
      throw invalidField(
        'sort',
        `sort must be one of ${Object.keys(keys).sort().join(', ')}, optionally prefixed with "-"`,
      );
    }
    matching.sort((a, b) => compareSortValues(key(a), key(b), descending) || byDefault(a, b));
  } else if (!options.presorted) {
    matching.sort(byDefault);
  }

  const offset = query.offset ?? 0;
  const limit = query.limit ?? null;
  return {
    items: matching.slice(offset, limit === null ? undefined : offset + limit),
    total: matching.length,
    offset,
    limit,
    resourceVersion: options.resourceVersion ?? null,
  };
}

/** Missing values sort last in both directions, so "-age" does not start with objects lacking a date. */
function compareSortValues(a: SortValue, b: SortValue, descending: boolean): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) {
    return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  }
  const order = compareValues(a, b);
  return descending ? -order : order;
}

// Code-unit order like kubectl's, not locale order, so results do not depend on the server's locale.
function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
