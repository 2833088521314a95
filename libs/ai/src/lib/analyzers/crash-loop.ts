import { containerViews, exitCodeMeaning } from './containers';
import { eventContainer, eventEvidence, findingObject, kubectl, type AnalysisContext } from './context';
import type { Evidence, Finding } from './finding';

/**
 * A container the kubelet keeps restarting (waiting in CrashLoopBackOff). The last termination says why;
 * when that was OOMKilled the oom-killed analyzer reports it instead, so one cause gives one finding.
 */
export function crashLoop(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  for (const pod of ctx.snapshot.pods ?? []) {
    const ns = pod.metadata?.namespace;
    const name = pod.metadata?.name ?? '';
    for (const c of containerViews(pod)) {
      if (c.status.state?.waiting?.reason !== 'CrashLoopBackOff') continue;
      const last = c.status.lastState?.terminated;
      if (last?.reason === 'OOMKilled') continue;
      const evidence: Evidence[] = [
        { field: `${c.statusPath}.state.waiting.reason`, value: 'CrashLoopBackOff' },
        { field: `${c.statusPath}.restartCount`, value: String(c.status.restartCount) },
      ];
      if (last) {
        if (last.reason) evidence.push({ field: `${c.statusPath}.lastState.terminated.reason`, value: last.reason });
        evidence.push({ field: `${c.statusPath}.lastState.terminated.exitCode`, value: String(last.exitCode) });
        if (last.message) evidence.push({ field: `${c.statusPath}.lastState.terminated.message`, value: last.message });
      }
      for (const e of ctx.eventsFor('Pod', pod.metadata)) {
        const about = eventContainer(e);
        if (e.reason === 'BackOff' && e.message?.startsWith('Back-off restarting') && (about === null || about === c.name)) {
          evidence.push(eventEvidence(e));
        }
      }
      const meaning = exitCodeMeaning(last?.exitCode);
      const why = last
        ? `It last exited with code ${last.exitCode}${last.reason ? ` (${last.reason})` : ''}${meaning ? `: ${meaning}` : ''}.`
        : 'No earlier termination is recorded.';
      const workload = ctx.workloadOf(pod);
      findings.push({
        id: `crash-loop:Pod:${ns}/${name}:${c.name}`,
        analyzer: 'crash-loop',
        severity: 'critical',
        object: findingObject('Pod', pod.metadata),
        title: `Container ${c.name} is crash-looping`,
        summary: `${c.init ? 'Init container' : 'Container'} ${c.name} of pod ${ns}/${name} keeps crashing and has restarted ${c.status.restartCount} times. ${why}`,
        evidence,
        nextSteps: [
          `Read the log of the run that crashed: ${kubectl(ns, 'logs', name, '-c', c.name, '--previous')}`,
          `See the pod's events and the container's last state: ${kubectl(ns, 'describe', 'pod', name)}`,
          ...(workload?.kind === 'Deployment'
            ? [`If a recent change caused it, roll back: ${kubectl(ns, 'rollout', 'undo', `deployment/${workload.name}`)}`]
            : []),
        ],
      });
    }
  }
  return findings;
}
