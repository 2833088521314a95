import { isClusterError } from '@orphelix/k8s';
import { fieldMatcher, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors';

const labels = { app: 'checkout-api', tier: 'backend', 'app.kubernetes.io/version': '2.8.1', replicas: '3' };
const matches = (selector: string, l: Record<string, string> = labels): boolean =>
  matchesLabels(parseLabelSelector(selector), l);

function rejection(fn: () => unknown): { code: string; field: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (!isClusterError(error)) throw error;
    const fields = (error.details as { fields: { field: string; message: string }[] }).fields;
    return { code: error.code, field: fields[0].field, message: error.message };
  }
  throw new Error('expected a rejection');
}

describe('label selectors', () => {
  it('matches everything when empty', () => {
    expect(parseLabelSelector('')).toEqual([]);
    expect(matches('   ')).toBe(true);
  });

  it('supports the equality operators', () => {
    expect(matches('app=checkout-api')).toBe(true);
    expect(matches('app==checkout-api')).toBe(true);
    expect(matches('app=catalog')).toBe(false);
    expect(matches('app!=catalog')).toBe(true);
    expect(matches('app!=checkout-api')).toBe(false);
    expect(matches('app.kubernetes.io/version=2.8.1')).toBe(true);
  });

  it('treats != and notin as true for objects without the key, like the apiserver', () => {
    expect(matches('team!=payments')).toBe(true);
    expect(matches('team notin (payments)')).toBe(true);
    expect(matches('team in (payments)')).toBe(false);
  });

  it('supports set-based requirements', () => {
    expect(matches('tier in (frontend, backend)')).toBe(true);
    expect(matches('tier in (frontend,cache)')).toBe(false);
    expect(matches('tier notin (frontend,cache)')).toBe(true);
    expect(matches('tier notin (backend)')).toBe(false);
  });

  it('supports existence and absence', () => {
    expect(matches('tier')).toBe(true);
    expect(matches('team')).toBe(false);
    expect(matches('!team')).toBe(true);
    expect(matches('!tier')).toBe(false);
  });

  it('supports numeric comparisons', () => {
    expect(matches('replicas>2')).toBe(true);
    expect(matches('replicas<3')).toBe(false);
    expect(matches('tier>1')).toBe(false);
  });

  it('requires every comma-separated requirement, with commas inside sets kept in the set', () => {
    expect(matches('app=checkout-api,tier in (backend,cache),!team')).toBe(true);
    expect(matches('app=checkout-api,tier in (frontend,cache)')).toBe(false);
    expect(parseLabelSelector('a in (x,y),b')).toEqual([
      { key: 'a', operator: 'In', values: ['x', 'y'] },
      { key: 'b', operator: 'Exists', values: [] },
    ]);
  });

  it.each([
    ['app in ()', "values set can't be empty"],
    ['app in (a', "expected: ',' or ')'"],
    ['=foo', 'expected: identifier'],
    ['app checkout', 'expected: in, notin, =, ==, !=, gt, lt'],
    ['app=a,', 'identifier after'],
    ['app=bad*value', 'invalid label value'],
    ['-app=x', 'invalid label key'],
    ['Bad_Prefix/app=x', 'prefix must be a DNS-1123 subdomain'],
    [`${'k'.repeat(64)}=x`, 'invalid label key'],
    ['replicas>many', 'must be an integer'],
  ])('rejects %j as a 400 naming labelSelector', (selector, message) => {
    const r = rejection(() => parseLabelSelector(selector));
    expect(r).toMatchObject({ code: 'VALIDATION_ERROR', field: 'labelSelector' });
    expect(r.message).toContain(message);
  });
});

describe('field selectors', () => {
  const pod = {
    metadata: { name: 'web-1', namespace: 'production' },
    spec: { nodeName: 'demo-worker-1' },
    status: { phase: 'Running' },
  };
  const unscheduled = { metadata: { name: 'web-2', namespace: 'production' }, spec: {}, status: { phase: 'Pending' } };
  const match = (selector: string, object: object = pod): boolean =>
    fieldMatcher('pods', parseFieldSelector(selector))(object);

  it('matches equality and inequality on indexed pod fields', () => {
    expect(match('spec.nodeName=demo-worker-1')).toBe(true);
    expect(match('spec.nodeName==demo-worker-2')).toBe(false);
    expect(match('status.phase!=Running')).toBe(false);
    expect(match('metadata.name=web-1,metadata.namespace=production')).toBe(true);
  });

  it('compares a missing field as the empty string', () => {
    expect(match('spec.nodeName=', unscheduled)).toBe(true);
    expect(match('spec.nodeName=', pod)).toBe(false);
  });

  it('unescapes values', () => {
    expect(parseFieldSelector('metadata.name=a\\,b\\=c\\\\d')).toEqual([
      { field: 'metadata.name', operator: '=', value: 'a,b=c\\d' },
    ]);
  });

  it('knows the event fields', () => {
    const event = {
      metadata: { name: 'e' },
      involvedObject: { kind: 'Pod', name: 'web-1' },
      reason: 'BackOff',
      type: 'Warning',
      source: { component: 'kubelet' },
    };
    const events = (s: string): boolean => fieldMatcher('events', parseFieldSelector(s))(event);
    expect(events('involvedObject.kind=Pod,involvedObject.name=web-1,reason=BackOff,type=Warning,source=kubelet')).toBe(
      true,
    );
    expect(events('type=Normal')).toBe(false);
  });

  it('rejects a term without an operator', () => {
    expect(rejection(() => parseFieldSelector('spec.nodeName'))).toMatchObject({
      code: 'VALIDATION_ERROR',
      field: 'fieldSelector',
    });
  });

  it('rejects a field the kind does not index, like the apiserver', () => {
    const r = rejection(() => fieldMatcher('pods', parseFieldSelector('spec.containers=x')));
    expect(r).toMatchObject({ code: 'VALIDATION_ERROR', field: 'fieldSelector' });
    expect(r.message).toContain('field label not supported: spec.containers');
    expect(() => fieldMatcher('deployments', parseFieldSelector('status.phase=Running'))).toThrow('not supported');
  });
});
