import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The cookie the console reads and echoes in {@link CSRF_HEADER}; readable by scripts of this origin only. */
export const CSRF_COOKIE = 'orx_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Reads never change state; every other method must prove it comes from our own pages. */
export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time equality of two tokens; false when either is missing or empty. */
export function tokensMatch(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Whether the page that sent a state-changing request may: its `Origin` (or, when a browser sent none,
 * the origin of its `Referer`) must be this API's own origin or one of the configured CORS origins.
 * A request with neither header is not a browser's cross-site request (a form post from another site
 * always carries `Origin` in current browsers), so it passes this check and still needs the token.
 */
export function originAllowed(headers: { origin?: string; referer?: string }, ownOrigin: string, allowed: readonly string[]): boolean {
  let origin = headers.origin;
  if (!origin && headers.referer) {
    try {
      origin = new URL(headers.referer).origin;
    } catch {
      return false;
    }
  }
  if (!origin) return true;
  if (origin === 'null') return false;
  return origin === ownOrigin || allowed.includes(origin);
}
