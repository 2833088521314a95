import { redactUrl } from './redact';

describe('redactUrl', () => {
  it.each([
    ['/api/pods', '/api/pods'],
    ['/api/pods?namespace=default&limit=5', '/api/pods?namespace=default&limit=5'],
    ['/api/stream?token=abc&kinds=pods', '/api/stream?token=[Redacted]&kinds=pods'],
    ['/cb?code=xyz&state=1', '/cb?code=[Redacted]&state=1'],
    [
      '/x?access_token=a&api-key=b&Password=c&client_secret=d',
      '/x?access_token=[Redacted]&api-key=[Redacted]&Password=[Redacted]&client_secret=[Redacted]',
    ],
    ['/x?%74oken=a', '/x?%74oken=[Redacted]'],
    ['/x?token', '/x?token'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
