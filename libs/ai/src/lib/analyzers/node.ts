import { conditionEvidence } from './conditions';
import { findingObject, kubectl, type AnalysisContext } from './context';
import type { Evidence, Finding } from './finding';

const PRESSURE = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];

/**
 * A node that is NotReady (Ready False, or Unknown when its kubelet stopped reporting), and a node under
 * memory, disk or PID pressure (the kubelet evicts pods and the scheduler avoids it).
 */
export function node(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  for (const n of ctx.snapshot.nodes ?? []) {
    const name = n.metadata?.name ?? '';
    const conditions = n.status?.conditions ?? [];
    const object = findingObject('Node', n.metadata, true);
    const ready = conditions.find((c) => c.type === 'Ready');
    if (ready && ready.status !== 'True') {
      const unknown = ready.status === 'Unknown';
      const podsThere = (ctx.snapshot.pods ?? []).filter((p) => p.spec?.nodeName === name).length;
      const evidence: Evidence[] = [...conditionEvidence(ready)];
      if (ctx.snapshot.pods) evidence.push({ field: `pods with spec.nodeName=${name}`, value: String(podsThere) });
      findings.push({
        id: `node:Node:${name}:NotReady`,
        analyzer: 'node',
        severity: 'critical',
        object,
        title: 'Node is NotReady',
        summary:
          `Node ${name} is NotReady` +
          (unknown ? ': its kubelet stopped reporting.' : `: ${ready.message ?? ready.reason ?? 'its kubelet says it is not ready'}.`) +
          ' New pods are not scheduled there, and its pods are evicted after the toleration period.',
        evidence,
        nextSteps: [
          `See the node's conditions, taints and recent events: ${kubectl(null, 'describe', 'node', name)}`,
          unknown
            ? 'The kubelet does not report: check the machine is up and the kubelet and container runtime run (journalctl -u kubelet on the node).'
            : 'Check the kubelet, the container runtime and the network plugin on the node (journalctl -u kubelet).',
          `Move its workloads elsewhere while you fix it: ${kubectl(null, 'drain', name, '--ignore-daemonsets', '--delete-emptydir-data')}`,
        ],
      });
    }
    const pressures = conditions.filter((c) => PRESSURE.includes(c.type) && c.status === 'True');
    if (pressures.length > 0) {
      const kinds = pressures.map((c) => c.type);
      findings.push({
        id: `node:Node:${name}:Pressure`,
        analyzer: 'node',
        severity: 'warning',
        object,
        title: `Node is under ${kinds.map((k) => k.replace('Pressure', '').toLowerCase()).join(' and ')} pressure`,
        summary: `Node ${name} reports ${kinds.join(', ')}: the kubelet may evict pods and the scheduler keeps new pods away. ${pressures.map((c) => c.message).filter(Boolean).join('; ')}`.trim(),
        evidence: pressures.flatMap(conditionEvidence),
        nextSteps: [
          `See what uses the node's resources: ${kubectl(null, 'top', 'pods', '-A', `--field-selector=spec.nodeName=${name}`)}`,
          `See its conditions, allocations and evictions: ${kubectl(null, 'describe', 'node', name)}`,
        ],
      });
    }
  }
  return findings;
}
