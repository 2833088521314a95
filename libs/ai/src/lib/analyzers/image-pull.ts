import { containerViews } from './containers';
import { eventContainer, eventEvidence, findingObject, kubectl, type AnalysisContext } from './context';
import type { Evidence, Finding } from './finding';

const PULL_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);

/** Why a pull failed, from the kubelet's "Failed to pull image" message; `null` when it does not say. */
function pullCause(message: string): string | null {
  const m = message.toLowerCase();
  if (/not found|manifest unknown|name unknown/.test(m)) return 'the image or its tag does not exist in the registry';
  if (/unauthorized|authentication required|denied|forbidden|403|401/.test(m)) {
    return 'the registry refused the credentials (check imagePullSecrets)';
  }
  if (/no such host|i\/o timeout|connection refused|dial tcp|tls/.test(m)) return 'the node cannot reach the registry';
  if (/toomanyrequests|rate limit/.test(m)) return 'the registry is rate-limiting pulls';
  return null;
}

/** A container that cannot start because its image cannot be pulled (ImagePullBackOff, ErrImagePull, …). */
export function imagePull(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  for (const pod of ctx.snapshot.pods ?? []) {
    const ns = pod.metadata?.namespace;
    const name = pod.metadata?.name ?? '';
    for (const c of containerViews(pod)) {
      const waiting = c.status.state?.waiting;
      if (!waiting?.reason || !PULL_REASONS.has(waiting.reason)) continue;
      const image = c.spec?.image ?? c.status.image;
      const evidence: Evidence[] = [{ field: `${c.statusPath}.state.waiting.reason`, value: waiting.reason }];
      if (waiting.message) evidence.push({ field: `${c.statusPath}.state.waiting.message`, value: waiting.message });
      evidence.push({ field: c.specPath ? `${c.specPath}.image` : `${c.statusPath}.image`, value: image });
      const pulls = ctx
        .eventsFor('Pod', pod.metadata)
        .filter((e) => e.type === 'Warning' && e.reason === 'Failed' && (eventContainer(e) ?? c.name) === c.name);
      for (const e of pulls) evidence.push(eventEvidence(e));
      const detail = pulls.find((e) => e.message?.startsWith('Failed to pull image'))?.message ?? waiting.message ?? '';
      const cause = pullCause(detail);
      const secrets = (pod.spec?.imagePullSecrets ?? []).map((s) => s.name).filter(Boolean);
      if (secrets.length > 0) evidence.push({ field: 'spec.imagePullSecrets', value: secrets.join(', ') });
      const workload = ctx.workloadOf(pod);
      findings.push({
        id: `image-pull:Pod:${ns}/${name}:${c.name}`,
        analyzer: 'image-pull',
        severity: 'critical',
        object: findingObject('Pod', pod.metadata),
        title: `Image ${image} cannot be pulled`,
        summary:
          `Container ${c.name} of pod ${ns}/${name} is waiting in ${waiting.reason}: the kubelet cannot pull ${image}` +
          (cause ? `; ${cause}.` : '.'),
        evidence,
        nextSteps: [
          `Read the pull error in the pod's events: ${kubectl(ns, 'describe', 'pod', name)}`,
          `Check that the image and tag exist and that the registry accepts the pull secret${secrets.length ? ` (${secrets.join(', ')})` : ''}.`,
          ...(workload?.kind === 'Deployment'
            ? [`Point the workload at an image that exists: ${kubectl(ns, 'set', 'image', `deployment/${workload.name}`, `${c.name}=<image>`)}`]
            : []),
        ],
      });
    }
  }
  return findings;
}
