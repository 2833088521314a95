/** Longest return path kept; a longer one is replaced by the fallback rather than cut. */
const MAX_LENGTH = 2048;
const PROBE_ORIGIN = 'http://orphelix.invalid';

/**
 * Where to send the browser after logging in or out: a path on this origin only. Anything that could
 * leave it — another origin, a scheme-relative `//host`, `/\host` (browsers read a backslash as a
 * slash), `javascript:` or a control character — gives `fallback` instead.
 */
export function safeReturnTo(raw: unknown, fallback = '/'): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return fallback;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  // The API's own routes are not pages to land on.
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
