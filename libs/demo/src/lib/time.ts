/** Time helpers. The simulation counts in epoch milliseconds and writes `Date`s into objects. */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const date = (ms: number): Date => new Date(ms);

/** RFC 3339 with whole seconds, as `kubectl rollout restart` writes `restartedAt`. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / SECOND) * SECOND).toISOString().replace('.000Z', 'Z');
}

/**
 * The kubelet's log timestamp: RFC 3339 with exactly nine fractional digits, in UTC
 * (`RFC3339NanoFixed`), so that prefixes line up and sort as text.
 */
export function rfc3339NanoFixed(ms: number, subMillisecondNanos = 0): string {
  const whole = Math.floor(ms / SECOND) * SECOND;
  const nanos = (ms - whole) * 1_000_000 + subMillisecondNanos;
  return `${new Date(whole).toISOString().slice(0, 19)}.${String(nanos).padStart(9, '0')}Z`;
}

interface CronField {
  values: Set<number>;
  /** `*` (or `*` with a step): the day-of-month/day-of-week OR rule only applies to restricted fields. */
  wildcard: boolean;
}

const CRON_RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
];

function parseCronField(text: string, [min, max]: [number, number]): CronField {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let from = min;
    let to = max;
    if (range !== '*') {
      const [a, b] = range.split('-').map(Number);
      from = a;
      to = b === undefined ? (stepText === undefined ? a : max) : b;
    }
    if (![from, to, step].every(Number.isInteger) || step < 1) throw new Error(`invalid cron field "${text}"`);
    for (let v = from; v <= to; v += step) values.add(v === 7 && max === 6 ? 0 : v);
  }
  return { values, wildcard: text.startsWith('*') };
}

/** A five-field cron schedule evaluated in UTC, as kube-controller-manager does without `timeZone`. */
export class CronSchedule {
  private readonly fields: CronField[];

  constructor(readonly expression: string) {
    const parts = expression.trim().split(/\s+/);
    if (parts.length !== 5) throw new Error(`invalid cron schedule "${expression}"`);
    this.fields = parts.map((p, i) => parseCronField(p, CRON_RANGES[i]));
  }

  matches(ms: number): boolean {
    const d = new Date(ms);
    const [minute, hour, dom, month, dow] = this.fields;
    if (!minute.values.has(d.getUTCMinutes()) || !hour.values.has(d.getUTCHours())) return false;
    if (!month.values.has(d.getUTCMonth() + 1)) return false;
    const domOk = dom.values.has(d.getUTCDate());
    const dowOk = dow.values.has(d.getUTCDay());
    if (!dom.wildcard && !dow.wildcard) return domOk || dowOk;
    return domOk && dowOk;
  }

  /** The first fire time strictly after `ms`, or null within a year. */
  next(ms: number): number | null {
    let t = Math.floor(ms / MINUTE) * MINUTE + MINUTE;
    for (let i = 0; i < 366 * 24 * 60; i++, t += MINUTE) if (this.matches(t)) return t;
    return null;
  }

  /** The last fire time at or before `ms`, or null within a year. */
  previous(ms: number): number | null {
    let t = Math.floor(ms / MINUTE) * MINUTE;
    for (let i = 0; i < 366 * 24 * 60; i++, t -= MINUTE) if (this.matches(t)) return t;
    return null;
  }
}

/** Go's `time.Duration` String() for the kubelet's pull messages: `1.234s`, `1m20.5s`. */
export function goDuration(ms: number): string {
  const minutes = Math.floor(ms / MINUTE);
  const seconds = (ms - minutes * MINUTE) / SECOND;
  const secText = `${Number(seconds.toFixed(3))}s`;
  return minutes > 0 ? `${minutes}m${secText}` : secText;
}
