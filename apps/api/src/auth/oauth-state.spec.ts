import { randomBytes } from 'node:crypto';
import { OAUTH_STATE_TTL_MS, OAuthStateSigner } from './oauth-state';

describe('OAuthStateSigner', () => {
  const key = randomBytes(32);
  let now = 1_800_000_000_000;
  const signer = new OAuthStateSigner(key, () => now);

  it('accepts the state it issued, with the cookie it set, and gives back the return path', () => {
    const { state, cookie } = signer.issue('/pods?namespace=shop');
    expect(signer.check(state, cookie)).toEqual({ ok: true, returnTo: '/pods?namespace=shop' });
  });

  it('refuses a state from another login, a missing cookie, a forged or expired cookie', () => {
    const first = signer.issue('/');
    const second = signer.issue('/');
    expect(signer.check(second.state, first.cookie)).toMatchObject({ ok: false, reason: expect.stringContaining('does not match') });
    expect(signer.check(first.state, undefined)).toMatchObject({ ok: false, reason: expect.stringContaining('no state cookie') });
    expect(signer.check(undefined, first.cookie)).toMatchObject({ ok: false });

    const other = new OAuthStateSigner(randomBytes(32), () => now).issue('/');
    expect(signer.check(other.state, other.cookie)).toMatchObject({ ok: false, reason: expect.stringContaining('not issued by this server') });

    const [body, sig] = first.cookie.split('.') as [string, string];
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), r: '//evil' })).toString('base64url');
    expect(signer.check(first.state, `${tampered}.${sig}`)).toMatchObject({ ok: false });

    const late = signer.issue('/');
    now += OAUTH_STATE_TTL_MS + 1;
    expect(signer.check(late.state, late.cookie)).toMatchObject({ ok: false, reason: expect.stringContaining('too long') });
  });
});
