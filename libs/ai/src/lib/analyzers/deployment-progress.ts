import { conditionEvidence } from './conditions';
import { eventEvidence, findingObject, kubectl, type AnalysisContext } from './context';
import type { Evidence, Finding } from './finding';

/** A Deployment whose rollout stopped making progress (Progressing=False, ProgressDeadlineExceeded). */
export function deploymentProgress(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  for (const d of ctx.snapshot.deployments ?? []) {
    const progressing = d.status?.conditions?.find((c) => c.type === 'Progressing');
    if (progressing?.status !== 'False' || progressing.reason !== 'ProgressDeadlineExceeded') continue;
    const ns = d.metadata?.namespace;
    const name = d.metadata?.name ?? '';
    const s = d.status ?? {};
    // matchExpressions are not written out: a selector of only those sends the user to describe instead.
    const selector = selectorOf(d.spec?.selector?.matchLabels);
    const evidence: Evidence[] = [
      ...conditionEvidence(progressing),
      { field: 'spec.progressDeadlineSeconds', value: String(d.spec?.progressDeadlineSeconds ?? 600) },
      { field: 'spec.replicas', value: String(d.spec?.replicas ?? 1) },
      { field: 'status.updatedReplicas', value: String(s.updatedReplicas ?? 0) },
      { field: 'status.availableReplicas', value: String(s.availableReplicas ?? 0) },
      ...ctx
        .eventsFor('Deployment', d.metadata)
        .filter((e) => e.type === 'Warning')
        .map(eventEvidence),
    ];
    findings.push({
      id: `deployment-progress:Deployment:${ns}/${name}`,
      analyzer: 'deployment-progress',
      severity: 'critical',
      object: findingObject('Deployment', d.metadata),
      title: 'Rollout exceeded its progress deadline',
      summary:
        `Deployment ${ns}/${name} made no progress for ${d.spec?.progressDeadlineSeconds ?? 600}s: ` +
        `${s.updatedReplicas ?? 0} of ${d.spec?.replicas ?? 1} replicas updated, ${s.availableReplicas ?? 0} available. ` +
        `${progressing.message ?? ''} The new pods' findings say why.`.trim(),
      evidence,
      nextSteps: [
        selector
          ? `See why the new pods do not become available: ${kubectl(ns, 'get', 'pods', '-l', selector)}`
          : `See why the new pods do not become available: ${kubectl(ns, 'describe', `deployment/${name}`)}`,
        `Follow the rollout: ${kubectl(ns, 'rollout', 'status', `deployment/${name}`)}`,
        `Go back to the previous revision: ${kubectl(ns, 'rollout', 'undo', `deployment/${name}`)}`,
      ],
    });
  }
  return findings;
}

function selectorOf(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
