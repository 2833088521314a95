/**
 * A deep copy of plain JSON-like data with Dates, like `structuredClone`, but the Dates are made by this
 * realm's `Date`. `structuredClone` builds them in Node's main realm, so under Jest (which runs tests in
 * a separate realm) they would fail `instanceof Date` in the callers' own tests.
 */
export function deepCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Object.prototype.toString.call(value) === '[object Date]') {
    return new Date((value as unknown as Date).getTime()) as unknown as T;
  }
  if (Array.isArray(value)) return value.map((v) => deepCopy(v)) as unknown as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = deepCopy(v);
  return out as T;
}
