import { safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it.each([
    ['/', '/'],
    ['/pods?namespace=shop', '/pods?namespace=shop'],
    ['/deployments/shop/storefront?tab=yaml#top', '/deployments/shop/storefront?tab=yaml#top'],
    ['/a/../pods', '/pods'],
  ])('keeps the path %s on this origin', (raw, expected) => {
    expect(safeReturnTo(raw)).toBe(expected);
  });

  it.each([
    ['https://evil.example/'],
    ['//evil.example/path'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['javascript:alert(1)'],
    ['pods'],
    ['/pods\r\nSet-Cookie: x=1'],
    ['/api/auth/logout'],
    [''],
  ])('refuses %j', (raw) => {
    expect(safeReturnTo(raw, '/home')).toBe('/home');
  });

  it('refuses a path longer than 2,048 characters rather than cutting it', () => {
    expect(safeReturnTo(`/${'a'.repeat(3000)}`, '/home')).toBe('/home');
  });

  it('refuses what is not a string', () => {
    expect(safeReturnTo(['/pods'])).toBe('/');
    expect(safeReturnTo(undefined)).toBe('/');
  });
});
