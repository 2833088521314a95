import { parseLabelSelector } from './label-selector';

describe('parseLabelSelector', () => {
  const labels = { app: 'web', tier: 'frontend', canary: 'true' };
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=api', false],
    ['app!=api', true],
    ['tier in (frontend, backend)', true],
    ['tier notin (frontend)', false],
    ['canary', true],
    ['!canary', false],
    ['app=web,tier in (backend)', false],
    ['missing notin (x)', true],
  ])('%s → %s', (selector, expected) => {
    const match = parseLabelSelector(selector);
    expect(match).not.toBeNull();
    expect(match?.(labels)).toBe(expected);
  });

  it('refuses text that is no selector', () => {
    expect(parseLabelSelector('app = = web')).toBeNull();
    expect(parseLabelSelector('tier in frontend')).toBeNull();
  });
});
