/** Kubernetes resource quantities, just enough for the scheduler's fit check and ResourceQuota usage. */

const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The value of a quantity in base units (cores, bytes, counts). Unparseable input counts as 0. */
export function parseQuantity(value: string | number | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const match = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/.exec(value.trim());
  if (!match) return 0;
  const factor = SUFFIXES[match[2]];
  return factor === undefined ? 0 : Number(match[1]) * factor;
}

/** Millicores of a CPU quantity, rounded up as the apiserver does. */
export function milliCpu(value: string | number | undefined): number {
  return Math.ceil(parseQuantity(value) * 1000 - 1e-9);
}

/** CPU in canonical form: `2`, `2500m`. */
export function formatCpu(millicores: number): string {
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}

/** Bytes in canonical binary form: the largest suffix that keeps the number whole. */
export function formatBytes(bytes: number): string {
  if (bytes === 0) return '0';
  for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
    const factor = SUFFIXES[suffix];
    if (bytes % factor === 0) return `${bytes / factor}${suffix}`;
  }
  return String(Math.round(bytes));
}
