/**
 * A client-node model as a mapper accepts it. Objects from client-node carry `Date` timestamps; objects
 * parsed from JSON or YAML (watch events, demo fixtures) carry ISO strings. Mappers read both, so they
 * take this widened type and never depend on which source produced the object.
 */
export type Wire<T> = T extends Date
  ? Date | string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** Go's string ordering (byte-wise for ASCII), which kubectl's sorted output follows; not locale-aware on purpose. */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Sorted copy without duplicates. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings);
}

/** A shallow copy of a string map, `{}` when absent, so DTOs never alias the source object. */
export function stringMap(value: Record<string, string> | undefined | null): Record<string, string> {
  return value ? { ...value } : {};
}
