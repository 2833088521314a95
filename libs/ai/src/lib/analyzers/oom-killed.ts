import { containerViews } from './containers';
import { findingObject, kubectl, type AnalysisContext } from './context';
import type { Evidence, Finding } from './finding';

/** Twice a memory quantity (`64Mi` → `128Mi`), for a suggested limit; `null` when the form is unusual. */
function doubled(quantity: string): string | null {
  const m = /^(\d+)([KMGT]i?|)$/.exec(quantity);
  return m ? `${Number(m[1]) * 2}${m[2]}` : null;
}

/**
 * A container the kernel killed for exceeding its memory limit, now (terminated or restarting: critical)
 * or on an earlier run while it is running again (warning: it will likely happen again).
 */
export function oomKilled(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  for (const pod of ctx.snapshot.pods ?? []) {
    const ns = pod.metadata?.namespace;
    const name = pod.metadata?.name ?? '';
    for (const c of containerViews(pod)) {
      const state = c.status.state;
      const now = state?.terminated?.reason === 'OOMKilled';
      const before = c.status.lastState?.terminated?.reason === 'OOMKilled';
      if (!now && !before) continue;
      const term = now ? state?.terminated : c.status.lastState?.terminated;
      const where = now ? `${c.statusPath}.state.terminated` : `${c.statusPath}.lastState.terminated`;
      const evidence: Evidence[] = [
        { field: `${where}.reason`, value: 'OOMKilled' },
        { field: `${where}.exitCode`, value: String(term?.exitCode) },
        { field: `${c.statusPath}.restartCount`, value: String(c.status.restartCount) },
      ];
      if (state?.waiting?.reason) evidence.push({ field: `${c.statusPath}.state.waiting.reason`, value: state.waiting.reason });
      const limit = c.spec?.resources?.limits?.['memory'];
      const request = c.spec?.resources?.requests?.['memory'];
      if (c.specPath && limit) evidence.push({ field: `${c.specPath}.resources.limits.memory`, value: String(limit) });
      if (c.specPath && request) evidence.push({ field: `${c.specPath}.resources.requests.memory`, value: String(request) });
      const running = !!state?.running;
      const workload = ctx.workloadOf(pod);
      const suggested = limit ? doubled(String(limit)) : null;
      findings.push({
        id: `oom-killed:Pod:${ns}/${name}:${c.name}`,
        analyzer: 'oom-killed',
        severity: running ? 'warning' : 'critical',
        object: findingObject('Pod', pod.metadata),
        title: `Container ${c.name} was killed for running out of memory`,
        summary:
          `Container ${c.name} of pod ${ns}/${name} ${running ? 'was' : 'is'} OOMKilled (exit code ${term?.exitCode})` +
          (limit ? `: it needs more than its ${limit} memory limit` : ': it has no memory limit, so the node itself ran short') +
          (running ? '. It is running again and has restarted ' : '. It has restarted ') +
          `${c.status.restartCount} times.`,
        evidence,
        nextSteps: [
          `See how much memory it uses before it is killed: ${kubectl(ns, 'top', 'pod', name, '--containers')}`,
          `Read the log of the run that was killed: ${kubectl(ns, 'logs', name, '-c', c.name, '--previous')}`,
          workload?.kind === 'Deployment'
            ? `Raise the limit (or fix the leak): ${kubectl(ns, 'set', 'resources', `deployment/${workload.name}`, '-c', c.name, `--limits=memory=${suggested ?? '<limit>'}`)}`
            : `Raise the container's memory limit${suggested ? ` (e.g. to ${suggested})` : ''} or reduce what it uses.`,
        ],
      });
    }
  }
  return findings;
}
