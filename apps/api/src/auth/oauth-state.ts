import { createHmac, randomBytes } from 'node:crypto';
import { tokensMatch } from './csrf';

/** The cookie that binds an OAuth `state` to the browser that started the login. */
export const OAUTH_STATE_COOKIE = 'orx_oauth';
/** How long a login may take between leaving for GitHub and coming back. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

interface Payload {
  /** The nonce sent to GitHub as `state`. */
  n: string;
  /** Where to go after the login: a path on this origin, already checked. */
  r: string;
  /** Expiry, epoch ms. */
  e: number;
}

export type StateCheck = { ok: true; returnTo: string } | { ok: false; reason: string };

/**
 * OAuth `state` as a real CSRF nonce without server-side storage: a random nonce goes to GitHub, and
 * the same nonce, the return path and an expiry go into an HMAC-signed, httpOnly cookie on this
 * browser. The callback is accepted only when GitHub brings back the nonce this browser's cookie
 * names, before it expires; any replica holding the key can check it.
 */
export class OAuthStateSigner {
  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  issue(returnTo: string): { state: string; cookie: string } {
    const payload: Payload = { n: randomBytes(24).toString('base64url'), r: returnTo, e: this.now() + OAUTH_STATE_TTL_MS };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return { state: payload.n, cookie: `${body}.${this.sign(body)}` };
  }

  check(state: unknown, cookie: string | undefined): StateCheck {
    if (typeof state !== 'string' || state === '') return { ok: false, reason: 'the callback carries no state' };
    if (!cookie) return { ok: false, reason: 'this browser did not start a login (no state cookie)' };
    const [body, signature, ...rest] = cookie.split('.');
    if (!body || !signature || rest.length > 0 || !tokensMatch(signature, this.sign(body))) {
      return { ok: false, reason: 'the state cookie was not issued by this server' };
    }
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    } catch {
      return { ok: false, reason: 'the state cookie is malformed' };
    }
    if (typeof payload.e !== 'number' || payload.e < this.now()) return { ok: false, reason: 'the login took too long; start again' };
    if (!tokensMatch(state, payload.n)) return { ok: false, reason: 'the state does not match this browser\u2019s login' };
    return { ok: true, returnTo: typeof payload.r === 'string' ? payload.r : '/' };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(`oauth-state.${body}`).digest('base64url');
  }
}
