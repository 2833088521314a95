/**
 * Seeded randomness. The simulation never reads `Math.random`: every name, uid and jitter comes from here,
 * so the same seed and the same clock always produce the same cluster.
 */

/** The alphabet Kubernetes uses for generated name suffixes and template hashes (no vowels, no 0/1/3). */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** mulberry32: tiny, fast, and good enough for picking names. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  string(length: number, alphabet = SAFE_ALPHABET): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  hex(length: number): string {
    return this.string(length, '0123456789abcdef');
  }

  /** A version-4-shaped UUID, as the apiserver assigns to `metadata.uid`. */
  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[parseInt(h[16], 16) & 3];
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

/** 32-bit FNV-1a, the hash Kubernetes uses for pod-template hashes. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * `rand.SafeEncodeString` of apimachinery: maps every character onto the safe alphabet. Applied to the
 * decimal form of a hash it yields the familiar `5d8f6b9c4` pod-template-hash shape.
 */
export function safeEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** A seed derived from several parts, for values that must not depend on the order of PRNG calls. */
export function seedOf(...parts: (string | number)[]): number {
  return fnv1a32(parts.join('\u0000'));
}

const hexCache = new Map<string, string>();

/** A hex string of the given length derived from parts (image digests, container ids). */
export function hexOf(length: number, ...parts: (string | number)[]): string {
  // Statuses are re-rendered on every step; the same ids come back again and again.
  const key = `${length}\u0000${parts.join('\u0000')}`;
  let hex = hexCache.get(key);
  if (hex === undefined) {
    if (hexCache.size > 50_000) hexCache.clear();
    hex = new Prng(seedOf(...parts)).hex(length);
    hexCache.set(key, hex);
  }
  return hex;
}
