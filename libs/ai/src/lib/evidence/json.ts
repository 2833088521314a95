/**
 * Reading the apiserver's JSON without trusting its shape: the bundle builder takes objects of any kind as
 * `Record<string, unknown>`, so every field is checked before it is used.
 */

export type JsonRecord = Record<string, unknown>;

export function rec(value: unknown): JsonRecord | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
    ? (value as JsonRecord)
    : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A timestamp as an ISO string (client-node gives Dates, the apiserver's JSON strings); `undefined` when absent or unreadable. */
export function isoTime(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Milliseconds since the epoch, 0 when absent or unreadable. */
export function millis(value: unknown): number {
  const iso = isoTime(value);
  if (!iso) return 0;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

/** The object with only the keys whose value is not `undefined`, so the bundle's JSON carries no empty fields. */
export function defined(entries: Record<string, unknown>): JsonRecord {
  const out: JsonRecord = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) out[k] = v;
  return out;
}

export interface TrimLimits {
  /** Longest string kept whole; longer ones keep their start and say how much was cut. */
  maxString: number;
  /** Longest array kept whole; longer ones keep their first items and say how many were left out. */
  maxArray: number;
  /** Nesting below this depth is replaced by a marker. */
  maxDepth: number;
}

export const DEFAULT_TRIM: TrimLimits = { maxString: 2000, maxArray: 20, maxDepth: 10 };

/**
 * A JSON-safe copy bounded in size (`undefined` for `undefined`): Dates become ISO strings, `managedFields` go (they are the apiserver's
 * bookkeeping), long strings and arrays are cut with a note saying so, so a cut is never silent.
 */
export function trimJson(value: unknown, limits: TrimLimits = DEFAULT_TRIM, depth = 0): unknown {
  // `undefined` stays so (`defined` then leaves the field out); inside arrays it becomes null, as in JSON.
  if (value === undefined || value === null) return value;
  if (value instanceof Date) return isoTime(value) ?? null;
  if (typeof value === 'string') {
    return value.length > limits.maxString
      ? `${value.slice(0, limits.maxString)}… (${value.length - limits.maxString} more characters cut)`
      : value;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'object') return null;
  if (depth >= limits.maxDepth) return '… (nested too deep, cut)';
  if (Array.isArray(value)) {
    const kept = value.slice(0, limits.maxArray).map((v) => trimJson(v, limits, depth + 1) ?? null);
    if (value.length > limits.maxArray) kept.push(`… (${value.length - limits.maxArray} more items cut)`);
    return kept;
  }
  const out: JsonRecord = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'managedFields' || v === undefined) continue;
    out[k] = trimJson(v, limits, depth + 1);
  }
  return out;
}
