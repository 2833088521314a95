import { parseFieldSelector, parseLabelSelector } from './selectors';

describe('parseLabelSelector', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['app=web', [{ key: 'app', operator: '=', values: ['web'] }]],
    ['app==web', [{ key: 'app', operator: '==', values: ['web'] }]],
    ['app != web', [{ key: 'app', operator: '!=', values: ['web'] }]],
    ['app=', [{ key: 'app', operator: '=', values: [''] }]],
    ['app', [{ key: 'app', operator: 'exists', values: [] }]],
    ['!app', [{ key: 'app', operator: '!', values: [] }]],
    ['env in (prod, staging)', [{ key: 'env', operator: 'in', values: ['prod', 'staging'] }]],
    ['env notin (dev)', [{ key: 'env', operator: 'notin', values: ['dev'] }]],
    ['env in ()', [{ key: 'env', operator: 'in', values: [''] }]],
    ['replicas>2', [{ key: 'replicas', operator: 'gt', values: ['2'] }]],
    ['replicas < -1', [{ key: 'replicas', operator: 'lt', values: ['-1'] }]],
    ['app.kubernetes.io/name=web_1.v2', [{ key: 'app.kubernetes.io/name', operator: '=', values: ['web_1.v2'] }]],
    [
      'app=web,tier in (a,b),!canary,track',
      [
        { key: 'app', operator: '=', values: ['web'] },
        { key: 'tier', operator: 'in', values: ['a', 'b'] },
        { key: 'canary', operator: '!', values: [] },
        { key: 'track', operator: 'exists', values: [] },
      ],
    ],
  ])('accepts %j', (selector, requirements) => {
    expect(parseLabelSelector(selector)).toEqual({ ok: true, requirements });
  });

  it.each([
    ['app=web,', /ends with ","/],
    [',app', /expected a label key/],
    ['app=web=x', /expected "," found "="/],
    ['app=a b', /expected "," found "b"/],
    ['app>=1', /needs an integer value/],
    ['app>x', /needs an integer value/],
    ['!app=web', /takes no operator/],
    ['env in prod', /expected "\(" after "in"/],
    ['env in (a,b', /expected a value, "," or "\)"/],
    ['env in (a b)', /expected "," or "\)" after "a"/],
    ['app||tier', /label key "app\|\|tier" is invalid/],
    ['-app=web', /label key "-app" is invalid/],
    ['Example.com/app=web', /invalid prefix/],
    ['/app=web', /invalid prefix/],
    [`${'a'.repeat(64)}=x`, /label key .* is invalid/],
    [`app=${'v'.repeat(64)}`, /label value .* is invalid/],
    ['app=-web', /label value "-web" is invalid/],
    ['in=web', /expected a label key, found "in"/],
    ['app web', /expected an operator after "app"/],
  ])('rejects %j', (selector, error) => {
    const result = parseLabelSelector(selector);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(error);
  });
});

describe('parseFieldSelector', () => {
  it.each([
    ['', []],
    ['metadata.name=web', [{ key: 'metadata.name', operator: '=', value: 'web' }]],
    ['metadata.name==web', [{ key: 'metadata.name', operator: '==', value: 'web' }]],
    [
      'status.phase!=Running,spec.nodeName=node-1',
      [
        { key: 'status.phase', operator: '!=', value: 'Running' },
        { key: 'spec.nodeName', operator: '=', value: 'node-1' },
      ],
    ],
    ['spec.nodeName=', [{ key: 'spec.nodeName', operator: '=', value: '' }]],
    ['metadata.name=a\\,b\\=c\\\\d', [{ key: 'metadata.name', operator: '=', value: 'a,b=c\\d' }]],
  ])('accepts %j', (selector, requirements) => {
    expect(parseFieldSelector(selector)).toEqual({ ok: true, requirements });
  });

  it.each([
    ['status.phase', /is not key=value/],
    ['=Running', /is not a field name/],
    ['status phase=Running', /is not a field name/],
    ['a=b=c', /unescaped "="/],
    ['a=b\\x', /invalid escape sequence/],
    ['a=b\\', /invalid escape sequence/],
  ])('rejects %j', (selector, error) => {
    const result = parseFieldSelector(selector);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(error);
  });
});
