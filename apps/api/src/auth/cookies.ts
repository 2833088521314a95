/** The session cookie: httpOnly, SameSite=Lax (the OAuth callback arrives as a top-level navigation). */
export const SESSION_COOKIE = 'orx_session';

/** The cookies of a request's `Cookie` header; the first of a repeated name wins. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    if (!name || cookies.has(name)) continue;
    let value = part.slice(at + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

export interface CookieOptions {
  httpOnly: boolean;
  sameSite: 'Lax' | 'Strict';
  secure: boolean;
  /** Seconds; 0 deletes the cookie; absent makes a browser-session cookie. */
  maxAge?: number;
}

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', `SameSite=${options.sameSite}`];
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAge))}`);
  return parts.join('; ');
}

/**
 * Adds a Set-Cookie header, keeping the other cookies already set on the response but replacing an
 * earlier one of the same name, so a response never sets one cookie twice.
 */
export function appendSetCookie(res: { getHeader(name: string): unknown; setHeader(name: string, value: string[]): unknown }, cookie: string): void {
  const existing = res.getHeader('Set-Cookie');
  const list = Array.isArray(existing) ? existing.map(String) : existing === undefined ? [] : [String(existing)];
  const name = cookie.slice(0, cookie.indexOf('=') + 1);
  res.setHeader('Set-Cookie', [...list.filter((c) => !c.startsWith(name)), cookie]);
}
