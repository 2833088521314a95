import { storefrontHpa } from '../../testing/lab';
import { analyze } from './analyze';

describe('hpa', () => {
  it('reports the lab storefront HPA, which cannot read metrics without a metrics server, with the ScalingActive condition and the metrics steps', () => {
    const h = storefrontHpa({ metricsServer: false });
    const [f, ...rest] = analyze({ horizontalPodAutoscalers: [h] });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ id: 'hpa:HorizontalPodAutoscaler:shop/storefront', severity: 'warning', title: 'Autoscaler cannot compute a replica count' });
    expect(f.evidence).toEqual(
      expect.arrayContaining([
        { field: 'status.conditions[?(@.type=="ScalingActive")].reason', value: 'FailedGetResourceMetric' },
        { field: 'spec.scaleTargetRef', value: 'Deployment/storefront' },
      ]),
    );
    expect(f.evidence.some((e) => 'field' in e && e.field.includes('AbleToScale'))).toBe(false);
    expect(f.nextSteps).toContainEqual(expect.stringContaining('kubectl get apiservices v1beta1.metrics.k8s.io'));
  });

  it('reports an HPA that cannot scale its target', () => {
    const h = storefrontHpa();
    const able = h.status?.conditions?.find((c) => c.type === 'AbleToScale');
    if (able) Object.assign(able, { status: 'False', reason: 'FailedGetScale', message: 'the HPA controller was unable to get the target\'s current scale: deployments/scale.apps "storefront" not found' });
    const [f] = analyze({ horizontalPodAutoscalers: [h] });
    expect(f.title).toBe('Autoscaler cannot scale its target');
    expect(f.evidence).toContainEqual({ field: 'status.conditions[?(@.type=="AbleToScale")].reason', value: 'FailedGetScale' });
    expect(f.nextSteps).toContainEqual(expect.stringContaining('kubectl -n shop get deployment/storefront'));
  });

  it('says nothing about a working HPA, nor one whose target is scaled to zero on purpose', () => {
    expect(analyze({ horizontalPodAutoscalers: [storefrontHpa()] })).toEqual([]);
    const h = storefrontHpa();
    const active = h.status?.conditions?.find((c) => c.type === 'ScalingActive');
    if (active) Object.assign(active, { status: 'False', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' });
    expect(analyze({ horizontalPodAutoscalers: [h] })).toEqual([]);
  });
});
