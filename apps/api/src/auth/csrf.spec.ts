import { isStateChanging, newCsrfToken, originAllowed, tokensMatch } from './csrf';

describe('CSRF helpers', () => {
  it('treats every method but GET, HEAD and OPTIONS as state-changing', () => {
    expect(['GET', 'head', 'OPTIONS'].map(isStateChanging)).toEqual([false, false, false]);
    expect(['POST', 'put', 'PATCH', 'DELETE'].map(isStateChanging)).toEqual([true, true, true, true]);
  });

  it('makes unguessable tokens and compares them exactly', () => {
    const a = newCsrfToken();
    const b = newCsrfToken();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokensMatch(a, a)).toBe(true);
    expect(tokensMatch(a, b)).toBe(false);
    expect(tokensMatch(a, `${a}x`)).toBe(false);
    expect(tokensMatch(undefined, a)).toBe(false);
    expect(tokensMatch('', '')).toBe(false);
  });

  it('allows our own origin and configured ones, refuses other sites and opaque origins', () => {
    const own = 'http://127.0.0.1:3000';
    expect(originAllowed({ origin: own }, own, [])).toBe(true);
    expect(originAllowed({ origin: 'https://console.example' }, own, ['https://console.example'])).toBe(true);
    expect(originAllowed({ origin: 'https://evil.example' }, own, [])).toBe(false);
    expect(originAllowed({ origin: 'null' }, own, [])).toBe(false);
    expect(originAllowed({ referer: 'https://evil.example/page' }, own, [])).toBe(false);
    expect(originAllowed({ referer: `${own}/pods` }, own, [])).toBe(true);
    expect(originAllowed({ referer: 'not a url' }, own, [])).toBe(false);
    expect(originAllowed({}, own, [])).toBe(true);
  });
});
