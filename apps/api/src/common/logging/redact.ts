/** Query parameters whose values must never reach a log: tokens, passwords, OAuth codes and the like. */
const SENSITIVE_PARAM = /token|secret|passw|api[-_]?key|^key$|signature|^sig$|credential|auth|^code$|session|cookie/i;

export const REDACTED = '[Redacted]';

export function isSensitiveParam(name: string): boolean {
  return SENSITIVE_PARAM.test(name);
}

/** The URL with the values of sensitive query parameters replaced; everything else byte for byte. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) {
    return url;
  }
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A malformed escape cannot hide a sensitive name from the raw test below.
      }
      return eq >= 0 && (isSensitiveParam(name) || isSensitiveParam(rawName)) ? `${rawName}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}
