import { appendSetCookie, parseCookies, serializeCookie } from './cookies';

describe('cookies', () => {
  it('parses a Cookie header, decoding values and keeping the first of a repeated name', () => {
    const c = parseCookies('a=1; orx_session=abc%2Fdef; b="quoted"; a=2; broken; =x');
    expect([...c.entries()]).toEqual([
      ['a', '1'],
      ['orx_session', 'abc/def'],
      ['b', 'quoted'],
    ]);
    expect(parseCookies(undefined).size).toBe(0);
  });

  it('serializes with the attributes asked for', () => {
    expect(serializeCookie('orx_session', 'a b', { httpOnly: true, sameSite: 'Lax', secure: true, maxAge: 3600.7 })).toBe(
      'orx_session=a%20b; Path=/; SameSite=Lax; HttpOnly; Secure; Max-Age=3600',
    );
    expect(serializeCookie('orx_csrf', 'x', { httpOnly: false, sameSite: 'Strict', secure: false })).toBe('orx_csrf=x; Path=/; SameSite=Strict');
  });

  it('appends to the Set-Cookie headers already on a response, replacing one of the same name', () => {
    const headers = new Map<string, unknown>();
    const res = { getHeader: (n: string) => headers.get(n), setHeader: (n: string, v: string[]) => headers.set(n, v) };
    appendSetCookie(res, 'a=1');
    appendSetCookie(res, 'b=2');
    expect(headers.get('Set-Cookie')).toEqual(['a=1', 'b=2']);
    appendSetCookie(res, 'a=3; Path=/');
    expect(headers.get('Set-Cookie')).toEqual(['b=2', 'a=3; Path=/']);
  });
});
