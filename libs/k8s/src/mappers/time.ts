/** A timestamp as it arrives: a `Date` from client-node, an RFC 3339 string from JSON, or nothing. */
export type TimeInput = Date | string | null | undefined;

// JavaScript's Date parses at most millisecond precision reliably; RFC3339Nano fractions are cut to it.
const RFC3339_FRACTION = /^(.*T\d{2}:\d{2}:\d{2})\.(\d+)(.*)$/;

/** The timestamp as a Date; `null` when absent or unparseable. */
export function toDate(value: TimeInput): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const match = RFC3339_FRACTION.exec(value);
  const normalised = match ? `${match[1]}.${match[2].slice(0, 3).padEnd(3, '0')}${match[3]}` : value;
  const date = new Date(normalised);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The timestamp as ISO-8601 UTC; `null` when absent or unparseable. */
export function toIso(value: TimeInput): string | null {
  return toDate(value)?.toISOString() ?? null;
}

/**
 * A duration as kubectl prints ages: a port of apimachinery's `duration.HumanDuration`, which keeps
 * two or three significant figures (`119s`, `2m1s`, `179m`, `7h59m`, `47h`, `7d23h`, `729d`, `7y364d`,
 * `8y`). Up to 2 s in the future counts as `0s` (clock skew); further in the future is `<invalid>`.
 */
export function humanDuration(milliseconds: number): string {
  if (horizon !== null) horizon = Math.min(horizon, untilNextChange(milliseconds));
  const seconds = Math.trunc(milliseconds / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(milliseconds / 60_000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(milliseconds / 3_600_000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** Time elapsed from `value` to `now` as kubectl prints it; `<unknown>` without a timestamp, as kubectl does. */
export function since(value: TimeInput, now: Date): string {
  const date = toDate(value);
  return date ? humanDuration(now.getTime() - date.getTime()) : '<unknown>';
}

/** While a {@link withTimeHorizon} call runs: the shortest time until a duration it printed changes. */
let horizon: number | null = null;

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long until `humanDuration(ms)` prints something else (its current unit's next step). */
export function untilNextChange(milliseconds: number): number {
  if (milliseconds < 0) return -milliseconds % SECOND || SECOND;
  const step =
    milliseconds < 10 * MINUTE
      ? SECOND
      : milliseconds < 8 * HOUR
        ? MINUTE
        : milliseconds < 8 * DAY
          ? HOUR
          : DAY;
  return step - (milliseconds % step);
}

/**
 * Runs a mapping and tells how long its result stays true: every age or duration it printed through
 * {@link humanDuration} is followed to its next change. A cache keeps the result that long instead of
 * mapping every object again on each request. Synchronous only.
 */
export function withTimeHorizon<T>(map: () => T): { value: T; validForMs: number } {
  const outer = horizon;
  horizon = Number.POSITIVE_INFINITY;
  try {
    const value = map();
    const validForMs = horizon;
    return { value, validForMs };
  } finally {
    horizon = outer === null ? null : Math.min(outer, horizon ?? Number.POSITIVE_INFINITY);
  }
}
