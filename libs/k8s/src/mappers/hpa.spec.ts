import type { V2HorizontalPodAutoscaler, V2MetricSpec, V2MetricStatus } from '@kubernetes/client-node';
import { toHpaSummary } from './hpa';
import type { Wire } from './wire';

const NOW = new Date('2025-06-01T12:00:00Z');

const cpu = (target: number): Wire<V2MetricSpec> => ({
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } },
});
const cpuNow = (current: number): Wire<V2MetricStatus> => ({
  type: 'Resource',
  resource: { name: 'cpu', current: { averageUtilization: current, averageValue: '230m' } },
});
const memoryValue: Wire<V2MetricSpec> = {
  type: 'Resource',
  resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } },
};
const memoryValueNow: Wire<V2MetricStatus> = {
  type: 'Resource',
  resource: { name: 'memory', current: { averageValue: '320Mi' } },
};
const external: Wire<V2MetricSpec> = {
  type: 'External',
  external: { metric: { name: 'queue_depth' }, target: { type: 'AverageValue', averageValue: '30' } },
};
const externalValue: Wire<V2MetricSpec> = {
  type: 'External',
  external: { metric: { name: 'lag' }, target: { type: 'Value', value: '100' } },
};
const pods: Wire<V2MetricSpec> = {
  type: 'Pods',
  pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '1k' } },
};

function hpa(metrics: Wire<V2MetricSpec>[], current: Wire<V2MetricStatus>[] = []): Wire<V2HorizontalPodAutoscaler> {
  return {
    metadata: { name: 'web', namespace: 'shop' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 10, metrics },
    status: { currentReplicas: 3, desiredReplicas: 4, currentMetrics: current },
  };
}

describe('HPA TARGETS (kubectl formatHPAMetrics)', () => {
  it.each([
    ['no metrics', hpa([]), '<none>'],
    ['cpu utilization', hpa([cpu(80)], [cpuNow(45)]), 'cpu: 45%/80%'],
    ['cpu not measured yet', hpa([cpu(80)]), 'cpu: <unknown>/80%'],
    [
      'cpu and memory average value',
      hpa([cpu(80), memoryValue], [cpuNow(45), memoryValueNow]),
      'cpu: 45%/80%, memory: 320Mi/500Mi',
    ],
    [
      'more than two metrics',
      hpa([cpu(80), memoryValue, external, pods], [cpuNow(45), memoryValueNow]),
      'cpu: 45%/80%, memory: 320Mi/500Mi + 2 more...',
    ],
    [
      'external average value',
      hpa(
        [external],
        [{ type: 'External', external: { metric: { name: 'queue_depth' }, current: { averageValue: '12' } } }],
      ),
      '12/30 (avg)',
    ],
    ['external value, unmeasured', hpa([externalValue]), '<unknown>/100'],
    [
      'pods metric',
      hpa([pods], [{ type: 'Pods', pods: { metric: { name: 'rps' }, current: { averageValue: '800' } } }]),
      '800/1k',
    ],
  ])('%s → %s', (_name, input, expected) => {
    expect(toHpaSummary(input, NOW).targets).toBe(expected);
  });
});

describe('toHpaSummary', () => {
  it('keeps every metric structured, memory and external ones included', () => {
    const summary = toHpaSummary(hpa([cpu(80), memoryValue, external], [cpuNow(45), memoryValueNow]), NOW);
    expect(summary).toMatchObject({
      reference: 'Deployment/web',
      minReplicas: 1,
      maxReplicas: 10,
      currentReplicas: 3,
      desiredReplicas: 4,
    });
    expect(summary.metrics).toEqual([
      {
        type: 'Resource',
        name: 'cpu',
        container: null,
        describedObject: null,
        targetType: 'Utilization',
        target: { value: null, averageValue: null, averageUtilization: 80 },
        current: { value: null, averageValue: '230m', averageUtilization: 45 },
        display: 'cpu: 45%/80%',
      },
      {
        type: 'Resource',
        name: 'memory',
        container: null,
        describedObject: null,
        targetType: 'AverageValue',
        target: { value: null, averageValue: '500Mi', averageUtilization: null },
        current: { value: null, averageValue: '320Mi', averageUtilization: null },
        display: 'memory: 320Mi/500Mi',
      },
      {
        type: 'External',
        name: 'queue_depth',
        container: null,
        describedObject: null,
        targetType: 'AverageValue',
        target: { value: null, averageValue: '30', averageUtilization: null },
        current: null,
        display: '<unknown>/30 (avg)',
      },
    ]);
  });
});
