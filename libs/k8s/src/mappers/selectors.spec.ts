import { formatLabels, formatLabelSelector, labelSelectorToString, matchesLabelSelector } from './selectors';

describe('labelSelectorToString (metav1.LabelSelectorAsSelector)', () => {
  it('renders matchLabels and matchExpressions sorted by key, values sorted', () => {
    expect(
      labelSelectorToString({
        matchLabels: { tier: 'web', app: 'shop' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['staging', 'prod'] },
          { key: 'zone', operator: 'NotIn', values: ['b', 'a'] },
          { key: 'canary', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=shop,canary,env in (prod,staging),!legacy,tier=web,zone notin (a,b)');
  });

  it('distinguishes an empty selector (everything) from an absent one (nothing)', () => {
    expect(labelSelectorToString({})).toBe('');
    expect(labelSelectorToString(undefined)).toBeNull();
  });

  it('rejects operators Kubernetes does not define', () => {
    expect(() => labelSelectorToString({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toThrow(
      /not a valid label selector operator/,
    );
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toBe('<error>');
  });

  it('prints <none> like kubectl when there is nothing to show', () => {
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(null)).toBe('<none>');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
  });
});

describe('matchesLabelSelector', () => {
  const selector = {
    matchLabels: { app: 'shop' },
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['prod', 'staging'] },
      { key: 'legacy', operator: 'DoesNotExist' },
      { key: 'zone', operator: 'NotIn', values: ['b'] },
    ],
  };

  it.each([
    [{ app: 'shop', env: 'prod' }, true],
    [{ app: 'shop', env: 'prod', zone: 'a' }, true],
    [{ app: 'shop', env: 'prod', zone: 'b' }, false],
    [{ app: 'shop', env: 'dev' }, false],
    [{ app: 'shop', env: 'prod', legacy: 'true' }, false],
    [{ env: 'prod' }, false],
  ])('%j → %s', (labels, expected) => {
    expect(matchesLabelSelector(labels, selector)).toBe(expected);
  });

  it('matches everything with an empty selector and nothing without one', () => {
    expect(matchesLabelSelector({ a: '1' }, {})).toBe(true);
    expect(matchesLabelSelector({ a: '1' }, undefined)).toBe(false);
  });
});
