import { controllerOf, AnalysisContext } from './context';
import { crashLoop } from './crash-loop';
import { deploymentProgress } from './deployment-progress';
import { failingProbe } from './failing-probe';
import { sortFindings, type Finding, type FindingObject } from './finding';
import { hpa } from './hpa';
import { imagePull } from './image-pull';
import { ingressBackend } from './ingress-backend';
import { jobBackoffLimit } from './job-backoff-limit';
import { node } from './node';
import { oomKilled } from './oom-killed';
import { pvcPending } from './pvc-pending';
import { serviceEndpoints } from './service-endpoints';
import type { ClusterSnapshot } from './snapshot';
import { unschedulable } from './unschedulable';

export type Analyzer = (ctx: AnalysisContext) => Finding[];

/** Every analyzer, in no particular order: `analyze` sorts what they find. */
export const ANALYZERS: readonly Analyzer[] = [
  crashLoop,
  imagePull,
  oomKilled,
  unschedulable,
  failingProbe,
  serviceEndpoints,
  ingressBackend,
  pvcPending,
  hpa,
  node,
  jobBackoffLimit,
  deploymentProgress,
];

/** Every finding in the snapshot, most severe first, then by kind, namespace and name. Pure: same snapshot, same answer. */
export function analyze(snapshot: ClusterSnapshot): Finding[] {
  const ctx = new AnalysisContext(snapshot);
  return sortFindings(ANALYZERS.flatMap((run) => run(ctx)));
}

/**
 * The findings about one object and the objects it owns, for its detail page: a Deployment's include its
 * ReplicaSets' pods (a crash-looping Deployment is reported on its pods), a Job's its pods. The snapshot
 * holds the object and its related objects and events (for a Service or an Ingress, the pods or Services
 * it points at).
 */
export function analyzeObject(target: FindingObject, snapshot: ClusterSnapshot): Finding[] {
  const key = (kind: string, namespace: string | null | undefined, name: string | undefined): string => `${kind}/${namespace ?? ''}/${name ?? ''}`;
  const wanted = new Set([key(target.kind, target.namespace, target.name)]);
  const ownedByWanted = (meta: Parameters<typeof controllerOf>[0]): boolean => {
    const owner = controllerOf(meta);
    return !!owner && meta?.namespace === target.namespace && wanted.has(key(owner.kind, meta?.namespace, owner.name));
  };
  // ReplicaSets first, so that a Deployment's pods are found through them.
  for (const rs of snapshot.replicaSets ?? []) if (ownedByWanted(rs.metadata)) wanted.add(key('ReplicaSet', rs.metadata?.namespace, rs.metadata?.name));
  for (const pod of snapshot.pods ?? []) if (ownedByWanted(pod.metadata)) wanted.add(key('Pod', pod.metadata?.namespace, pod.metadata?.name));
  return analyze(snapshot).filter((f) => wanted.has(key(f.object.kind, f.object.namespace, f.object.name)));
}
