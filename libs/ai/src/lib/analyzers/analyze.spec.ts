import { labSnapshot } from '../../testing/lab';
import { analyze, analyzeObject } from './analyze';
import type { ClusterSnapshot } from './snapshot';

const line = (f: { severity: string; analyzer: string; object: { kind: string; namespace: string | null; name: string } }): string =>
  `${f.severity} ${f.analyzer} ${f.object.kind} ${f.object.namespace ?? '-'}/${f.object.name}`;

/** Every list reversed: the order of the apiserver's lists must not matter. */
function reversed(s: ClusterSnapshot): ClusterSnapshot {
  return Object.fromEntries(Object.entries(s).map(([k, v]: [string, unknown[]]) => [k, [...v].reverse()])) as ClusterSnapshot;
}

describe('analyze', () => {
  it('finds each broken thing of the seeded lab once, most severe first, and nothing about the healthy ones', () => {
    expect(analyze(labSnapshot()).map(line)).toEqual([
      'critical job-backoff-limit Job shop/report-export',
      'critical node Node -/lab-node-3',
      'critical image-pull Pod payments/fraud-detector-9b7f6c5d48-tn2wb',
      'critical image-pull Pod shop/catalog-6c7d8f9b5-p3d9m',
      'critical crash-loop Pod shop/checkout-5f8d7c9b4-q7vxt',
      'critical oom-killed Pod shop/recommendations-84c6f5d7b9-h5rtl',
      'critical unschedulable Pod shop/search-indexer-66b8d4f7c5-c8zqs',
      'critical service-endpoints Service shop/checkout',
      'warning hpa HorizontalPodAutoscaler shop/storefront',
      'warning node Node -/lab-node-2',
      'warning pvc-pending PersistentVolumeClaim shop/uploads',
    ]);
  });

  it('gives the same answer whatever order the lists come in, and for client-node Date timestamps', () => {
    const expected = analyze(labSnapshot());
    expect(analyze(reversed(labSnapshot()))).toEqual(expected);
    const withDates = labSnapshot();
    for (const e of withDates.events ?? []) {
      if (typeof e.lastTimestamp === 'string') e.lastTimestamp = new Date(e.lastTimestamp);
      if (typeof e.firstTimestamp === 'string') e.firstTimestamp = new Date(e.firstTimestamp);
    }
    expect(analyze(withDates)).toEqual(expected);
  });

  it('returns plain data a JSON response can carry unchanged', () => {
    const findings = analyze(labSnapshot());
    expect(JSON.parse(JSON.stringify(findings))).toEqual(findings);
    expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
  });

  it('finds nothing in an empty cluster', () => {
    expect(analyze({})).toEqual([]);
  });
});

describe('analyzeObject', () => {
  it("reports a crash-looping Deployment's problem through its ReplicaSet's pod", () => {
    expect(analyzeObject({ kind: 'Deployment', namespace: 'shop', name: 'checkout' }, labSnapshot()).map(line)).toEqual([
      'critical crash-loop Pod shop/checkout-5f8d7c9b4-q7vxt',
    ]);
  });

  it("reports a mid-rollout Deployment's stuck pod from its new ReplicaSet, not its serving ones", () => {
    expect(analyzeObject({ kind: 'Deployment', namespace: 'shop', name: 'catalog' }, labSnapshot()).map(line)).toEqual([
      'critical image-pull Pod shop/catalog-6c7d8f9b5-p3d9m',
    ]);
  });

  it("keeps to the object: a Job's own finding, a Service's, nothing for a healthy Deployment", () => {
    expect(analyzeObject({ kind: 'Job', namespace: 'shop', name: 'report-export' }, labSnapshot()).map(line)).toEqual([
      'critical job-backoff-limit Job shop/report-export',
    ]);
    expect(analyzeObject({ kind: 'Service', namespace: 'shop', name: 'checkout' }, labSnapshot()).map(line)).toEqual([
      'critical service-endpoints Service shop/checkout',
    ]);
    expect(analyzeObject({ kind: 'Deployment', namespace: 'shop', name: 'storefront' }, labSnapshot())).toEqual([]);
    expect(analyzeObject({ kind: 'Node', namespace: null, name: 'lab-node-2' }, labSnapshot()).map(line)).toEqual(['warning node Node -/lab-node-2']);
  });

  it('does not follow owners across namespaces', () => {
    // A Deployment called checkout in payments owns nothing in shop.
    expect(analyzeObject({ kind: 'Deployment', namespace: 'payments', name: 'checkout' }, labSnapshot())).toEqual([]);
  });
});
