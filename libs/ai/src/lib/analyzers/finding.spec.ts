import { sortFindings, type Finding, type Severity } from './finding';

const finding = (severity: Severity, kind: string, namespace: string | null, name: string, id = `x:${kind}:${name}`): Finding => ({
  id,
  analyzer: 'crash-loop',
  severity,
  object: { kind, namespace, name },
  title: '',
  summary: '',
  evidence: [],
  nextSteps: [],
});

describe('sortFindings', () => {
  it('puts the most severe first, then orders by kind, namespace and name', () => {
    const input = [
      finding('info', 'Pod', 'shop', 'a'),
      finding('warning', 'Pod', 'shop', 'b'),
      finding('critical', 'Pod', 'shop', 'b'),
      finding('critical', 'Pod', 'payments', 'z'),
      finding('critical', 'Node', null, 'lab-node-3'),
      finding('critical', 'Deployment', 'shop', 'checkout'),
      finding('warning', 'Pod', 'shop', 'a'),
    ];
    expect(sortFindings(input).map((f) => `${f.severity} ${f.object.kind} ${f.object.namespace ?? '-'}/${f.object.name}`)).toEqual([
      'critical Deployment shop/checkout',
      'critical Node -/lab-node-3',
      'critical Pod payments/z',
      'critical Pod shop/b',
      'warning Pod shop/a',
      'warning Pod shop/b',
      'info Pod shop/a',
    ]);
  });

  it('breaks ties on the same object by id and does not touch its input', () => {
    const input = [finding('warning', 'Pod', 'shop', 'a', 'probe:b'), finding('warning', 'Pod', 'shop', 'a', 'probe:a')];
    expect(sortFindings(input).map((f) => f.id)).toEqual(['probe:a', 'probe:b']);
    expect(input.map((f) => f.id)).toEqual(['probe:b', 'probe:a']);
  });

  it('orders names byte-wise, the same on every machine', () => {
    const input = [finding('critical', 'Pod', 'shop', 'b'), finding('critical', 'Pod', 'shop', 'B'), finding('critical', 'Pod', 'shop', 'a')];
    expect(sortFindings(input).map((f) => f.object.name)).toEqual(['B', 'a', 'b']);
  });
});
