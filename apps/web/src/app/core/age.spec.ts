import { kubeAge } from './age';

describe('kubeAge', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  const ago = (s: number) => new Date(now - s * 1000).toISOString();
  it.each([
    [45, '45s'],
    [119, '119s'],
    [200, '3m20s'],
    [600, '10m'],
    [3 * 3600 + 600, '3h10m'],
    [10 * 3600, '10h'],
    [2 * 86400 + 3 * 3600, '2d3h'],
    [400 * 86400, '400d'],
  ])('%i s → %s', (seconds, text) => {
    expect(kubeAge(ago(seconds), now)).toBe(text);
  });
  it('says <unknown> without a time', () => {
    expect(kubeAge(null, now)).toBe('<unknown>');
  });
});
