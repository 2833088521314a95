import { conditionEvidence } from './conditions';
import { eventEvidence, findingObject, kubectl, type AnalysisContext } from './context';
import type { Evidence, Finding } from './finding';

/**
 * An HPA that cannot scale (AbleToScale=False: it cannot read or change its target's scale) or cannot
 * compute a replica count (ScalingActive=False: usually no metrics). ScalingActive=False with
 * ScalingDisabled is a target scaled to zero on purpose, not a problem.
 */
export function hpa(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  for (const h of ctx.snapshot.horizontalPodAutoscalers ?? []) {
    const conditions = h.status?.conditions ?? [];
    const able = conditions.find((c) => c.type === 'AbleToScale' && c.status === 'False');
    const active = conditions.find((c) => c.type === 'ScalingActive' && c.status === 'False' && c.reason !== 'ScalingDisabled');
    if (!able && !active) continue;
    const ns = h.metadata?.namespace;
    const name = h.metadata?.name ?? '';
    const target = h.spec?.scaleTargetRef;
    const evidence: Evidence[] = [
      ...(able ? conditionEvidence(able) : []),
      ...(active ? conditionEvidence(active) : []),
      { field: 'spec.scaleTargetRef', value: `${target?.kind}/${target?.name}` },
      ...ctx
        .eventsFor('HorizontalPodAutoscaler', h.metadata)
        .filter((e) => e.type === 'Warning')
        .map(eventEvidence),
    ];
    const metricsProblem = !!active && /metric/i.test(`${active.reason} ${active.message}`);
    findings.push({
      id: `hpa:HorizontalPodAutoscaler:${ns}/${name}`,
      analyzer: 'hpa',
      severity: 'warning',
      object: findingObject('HorizontalPodAutoscaler', h.metadata),
      title: able ? 'Autoscaler cannot scale its target' : 'Autoscaler cannot compute a replica count',
      summary:
        `HPA ${ns}/${name} for ${target?.kind}/${target?.name} ` +
        (able ? `cannot scale: ${able.message ?? able.reason}` : `is not scaling: ${active?.message ?? active?.reason}`) +
        '. The replica count stays where it is until this is fixed.',
      evidence,
      nextSteps: [
        `See the autoscaler's conditions and events: ${kubectl(ns, 'describe', 'hpa', name)}`,
        ...(metricsProblem
          ? [
              `Check that the metrics API answers (metrics-server installed and healthy): ${kubectl(null, 'get', 'apiservices', 'v1beta1.metrics.k8s.io')}`,
              `Check the target's pods report usage, and have resource requests for utilization targets: ${kubectl(ns, 'top', 'pods')}`,
            ]
          : []),
        ...(able ? [`Check the target exists and can be scaled: ${kubectl(ns, 'get', `${(target?.kind ?? '').toLowerCase()}/${target?.name}`)}`] : []),
      ],
    });
  }
  return findings;
}
