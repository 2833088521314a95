import { eventEvidence, findingObject, kubectl, type AnalysisContext } from './context';
import type { Evidence, Finding } from './finding';

/** What to look at for each of the scheduler's reasons, from its FailedScheduling message. */
function stepsFor(message: string, ns: string | undefined, name: string): string[] {
  const steps: string[] = [];
  if (/affinity|selector/i.test(message)) {
    steps.push(`Compare the pod's nodeSelector and affinity with the nodes' labels: ${kubectl(null, 'get', 'nodes', '--show-labels')}`);
  }
  if (/Insufficient/i.test(message)) {
    steps.push(`Compare the pod's requests with what the nodes have free: ${kubectl(null, 'describe', 'nodes')}`);
  }
  if (/taint/i.test(message)) {
    steps.push(`List the nodes' taints, and add a toleration or remove the taint: ${kubectl(null, 'get', 'nodes', '-o', 'custom-columns=NAME:.metadata.name,TAINTS:.spec.taints')}`);
  }
  if (/PersistentVolumeClaim/i.test(message)) steps.push(`Check the pod's claims are Bound: ${kubectl(ns, 'get', 'pvc')}`);
  steps.push(`Read the scheduler's latest verdict: ${kubectl(ns, 'describe', 'pod', name)}`);
  return steps;
}

/** A Pending pod the scheduler cannot place (PodScheduled=False Unschedulable, FailedScheduling events). */
export function unschedulable(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  for (const pod of ctx.snapshot.pods ?? []) {
    if (pod.status?.phase !== 'Pending' || pod.spec?.nodeName) continue;
    const ns = pod.metadata?.namespace;
    const name = pod.metadata?.name ?? '';
    const i = (pod.status.conditions ?? []).findIndex((c) => c.type === 'PodScheduled');
    const condition = pod.status.conditions?.[i];
    const failed = ctx.eventsFor('Pod', pod.metadata).filter((e) => e.reason === 'FailedScheduling');
    const unschedulableNow = condition?.status === 'False' && condition.reason === 'Unschedulable';
    if (!unschedulableNow && failed.length === 0) continue;
    const evidence: Evidence[] = [{ field: 'status.phase', value: 'Pending' }];
    if (condition && condition.status === 'False') {
      const path = 'status.conditions[?(@.type=="PodScheduled")]';
      evidence.push({ field: `${path}.reason`, value: condition.reason ?? '' });
      if (condition.message) evidence.push({ field: `${path}.message`, value: condition.message });
    }
    evidence.push(...failed.map(eventEvidence));
    const selector = Object.entries(pod.spec?.nodeSelector ?? {});
    if (selector.length > 0) evidence.push({ field: 'spec.nodeSelector', value: selector.map(([k, v]) => `${k}=${v}`).join(', ') });
    const message = failed[0]?.message ?? condition?.message ?? '';
    findings.push({
      id: `unschedulable:Pod:${ns}/${name}`,
      analyzer: 'unschedulable',
      severity: 'critical',
      object: findingObject('Pod', pod.metadata),
      title: 'Pod cannot be scheduled',
      summary: `Pod ${ns}/${name} is Pending: the scheduler finds no node for it.${message ? ` It says: ${message}` : ''}`,
      evidence,
      nextSteps: stepsFor(message, ns, name),
    });
  }
  return findings;
}
