import { eventEvidence, findingObject, kubectl, type AnalysisContext } from './context';
import type { Evidence, Finding } from './finding';

/**
 * A PersistentVolumeClaim stuck Pending: no volume matches and none is provisioned. Critical when a pod
 * waits for it, a warning otherwise. A claim of a WaitForFirstConsumer class is Pending by design until a
 * pod uses it, so one with no pod is not reported.
 */
export function pvcPending(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  for (const pvc of ctx.snapshot.persistentVolumeClaims ?? []) {
    if (pvc.status?.phase !== 'Pending') continue;
    const ns = pvc.metadata?.namespace;
    const name = pvc.metadata?.name ?? '';
    const events = ctx.eventsFor('PersistentVolumeClaim', pvc.metadata);
    const consumers = (ctx.snapshot.pods ?? [])
      .filter((p) => p.metadata?.namespace === ns && (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === name))
      .map((p) => p.metadata?.name ?? '')
      .sort();
    if (consumers.length === 0 && events[0]?.reason === 'WaitForFirstConsumer') continue;
    const storageClass = pvc.spec?.storageClassName;
    const evidence: Evidence[] = [
      { field: 'status.phase', value: 'Pending' },
      { field: 'spec.storageClassName', value: storageClass ?? '(default class)' },
      { field: 'spec.accessModes', value: (pvc.spec?.accessModes ?? []).join(', ') },
      { field: 'spec.resources.requests.storage', value: String(pvc.spec?.resources?.requests?.['storage'] ?? '') },
      ...events.filter((e) => e.type === 'Warning').map(eventEvidence),
    ];
    if (consumers.length > 0) evidence.push({ field: 'pods using it', value: consumers.join(', ') });
    const problem = events.find((e) => e.type === 'Warning')?.message;
    findings.push({
      id: `pvc-pending:PersistentVolumeClaim:${ns}/${name}`,
      analyzer: 'pvc-pending',
      severity: consumers.length > 0 ? 'critical' : 'warning',
      object: findingObject('PersistentVolumeClaim', pvc.metadata),
      title: 'Volume claim is stuck Pending',
      summary:
        `PersistentVolumeClaim ${ns}/${name} is not bound to a volume` +
        (problem ? `: ${problem}.` : ': no volume matches it and none was provisioned.') +
        (consumers.length > 0 ? ` Pod${consumers.length > 1 ? 's' : ''} ${consumers.join(', ')} cannot start until it is.` : ''),
      evidence,
      nextSteps: [
        `See the provisioner's events: ${kubectl(ns, 'describe', 'pvc', name)}`,
        `Check the storage class exists and has a provisioner${storageClass ? '' : ' (and that a default class is set)'}: ${kubectl(null, 'get', 'storageclass')}`,
        `Check for a volume that matches its size, access modes and class: ${kubectl(null, 'get', 'pv')}`,
      ],
    });
  }
  return findings;
}
