import type { HpaDetail, HpaMetricDto, HpaMetricValueDto, HpaSummary } from '@orphelix/contract';
import type {
  V2HorizontalPodAutoscaler,
  V2MetricSpec,
  V2MetricStatus,
  V2MetricTarget,
  V2MetricValueStatus,
} from '@kubernetes/client-node';
import { detailMeta, summaryMeta, toConditions } from './meta';
import { toIso } from './time';
import type { Wire } from './wire';

type Hpa = Wire<V2HorizontalPodAutoscaler>;
type MetricSpec = Wire<V2MetricSpec>;
type MetricStatus = Wire<V2MetricStatus>;

const UNKNOWN = '<unknown>';

function value(target: Wire<V2MetricTarget> | Wire<V2MetricValueStatus> | undefined): HpaMetricValueDto {
  return {
    value: target?.value ?? null,
    averageValue: target?.averageValue ?? null,
    averageUtilization: target?.averageUtilization ?? null,
  };
}

interface NormalisedMetric {
  name: string;
  container: string | null;
  describedObject: HpaMetricDto['describedObject'];
  target: Wire<V2MetricTarget> | undefined;
  current: Wire<V2MetricValueStatus> | undefined;
  hasStatus: boolean;
}

/** The spec's source and the status at the same index, as kubectl pairs them. */
function normalise(spec: MetricSpec, status: MetricStatus | undefined): NormalisedMetric | null {
  switch (spec.type) {
    case 'Resource':
      return {
        name: spec.resource?.name ?? '',
        container: null,
        describedObject: null,
        target: spec.resource?.target,
        current: status?.resource?.current,
        hasStatus: !!status?.resource,
      };
    case 'ContainerResource':
      return {
        name: spec.containerResource?.name ?? '',
        container: spec.containerResource?.container ?? null,
        describedObject: null,
        target: spec.containerResource?.target,
        current: status?.containerResource?.current,
        hasStatus: !!status?.containerResource,
      };
    case 'Pods':
      return {
        name: spec.pods?.metric.name ?? '',
        container: null,
        describedObject: null,
        target: spec.pods?.target,
        current: status?.pods?.current,
        hasStatus: !!status?.pods,
      };
    case 'Object': {
      const described = spec.object?.describedObject;
      return {
        name: spec.object?.metric.name ?? '',
        container: null,
        describedObject: described
          ? { kind: described.kind, name: described.name, apiVersion: described.apiVersion || null }
          : null,
        target: spec.object?.target,
        current: status?.object?.current,
        hasStatus: !!status?.object,
      };
    }
    case 'External':
      return {
        name: spec.external?.metric.name ?? '',
        container: null,
        describedObject: null,
        target: spec.external?.target,
        current: status?.external?.current,
        hasStatus: !!status?.external,
      };
    default:
      return null;
  }
}

/** One entry of TARGETS, as kubectl's `formatHPAMetrics` renders it. */
function metricDisplay(type: string, metric: NormalisedMetric | null): string {
  if (!metric) return '<unknown type>';
  const { target, current, hasStatus } = metric;
  switch (type) {
    case 'External':
    case 'Object':
      if (target?.averageValue) {
        return `${(hasStatus && current?.averageValue) || UNKNOWN}/${target.averageValue} (avg)`;
      }
      return `${(hasStatus && current?.value) || UNKNOWN}/${target?.value ?? UNKNOWN}`;
    case 'Pods':
      return `${(hasStatus && current?.averageValue) || UNKNOWN}/${target?.averageValue ?? UNKNOWN}`;
    default: {
      // Resource and ContainerResource.
      if (target?.averageValue) {
        return `${metric.name}: ${(hasStatus && current?.averageValue) || UNKNOWN}/${target.averageValue}`;
      }
      const utilization = hasStatus ? current?.averageUtilization : undefined;
      const currentText = utilization !== undefined && utilization !== null ? `${utilization}%` : UNKNOWN;
      const targetUtilization = target?.averageUtilization;
      const targetText =
        targetUtilization !== undefined && targetUtilization !== null ? `${targetUtilization}%` : '<auto>';
      return `${metric.name}: ${currentText}/${targetText}`;
    }
  }
}

/** The autoscaler's metrics with their current values, each rendered as in TARGETS. */
export function hpaMetrics(hpa: Hpa): HpaMetricDto[] {
  const statuses = hpa.status?.currentMetrics ?? [];
  return (hpa.spec?.metrics ?? []).map((spec, index) => {
    const metric = normalise(spec, statuses[index]);
    return {
      type: spec.type,
      name: metric?.name ?? '',
      container: metric?.container ?? null,
      describedObject: metric?.describedObject ?? null,
      targetType: metric?.target?.type ?? '',
      target: value(metric?.target),
      current: metric?.hasStatus ? value(metric.current) : null,
      display: metricDisplay(spec.type, metric),
    };
  });
}

/** TARGETS of `kubectl get hpa`: the first two metrics, then `+ N more...`; `<none>` without metrics. */
export function hpaTargets(metrics: readonly HpaMetricDto[]): string {
  if (metrics.length === 0) return '<none>';
  const shown = metrics
    .slice(0, 2)
    .map((metric) => metric.display)
    .join(', ');
  return metrics.length > 2 ? `${shown} + ${metrics.length - 2} more...` : shown;
}

export function toHpaSummary(hpa: Hpa, now: Date): HpaSummary {
  const spec = hpa.spec;
  const ref = spec?.scaleTargetRef;
  const metrics = hpaMetrics(hpa);
  return {
    ...summaryMeta(hpa, now),
    scaleTargetRef: { kind: ref?.kind ?? '', name: ref?.name ?? '', apiVersion: ref?.apiVersion || null },
    reference: `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
    targets: hpaTargets(metrics),
    minReplicas: spec?.minReplicas ?? 1,
    maxReplicas: spec?.maxReplicas ?? 0,
    currentReplicas: hpa.status?.currentReplicas ?? 0,
    desiredReplicas: hpa.status?.desiredReplicas ?? 0,
    metrics,
    lastScaleTime: toIso(hpa.status?.lastScaleTime),
  };
}

export function toHpaDetail(hpa: Hpa, now: Date): HpaDetail {
  return {
    ...toHpaSummary(hpa, now),
    ...detailMeta(hpa),
    conditions: toConditions(hpa.status?.conditions),
  };
}
