import type {
  DaemonSetDetail,
  DaemonSetSummary,
  DeploymentDetail,
  DeploymentSummary,
  ReplicaSetDetail,
  ReplicaSetSummary,
  StatefulSetDetail,
  StatefulSetSummary,
  WorkloadDetailFields,
  WorkloadStatus,
  WorkloadSummary,
} from '@orphelix/contract';
import type {
  V1DaemonSet,
  V1Deployment,
  V1LabelSelector,
  V1ObjectMeta,
  V1PodTemplateSpec,
  V1ReplicaSet,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { toPodTemplate } from './containers';
import { detailMeta, findCondition, summaryMeta, toConditions, type AnyCondition } from './meta';
import { podSpecReferences } from './references';
import { formatLabelSelector, formatLabels, toLabelSelectorDto } from './selectors';
import type { Wire } from './wire';

/** A workload status with the reason it is not Available. */
export interface WorkloadStatusResult {
  status: WorkloadStatus;
  /** Why the status is not Available; `null` for Available and ScaledDown. */
  message: string | null;
}

const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

// Reasons of a True Progressing condition while the deployment controller is still rolling out.
const ROLLING_REASONS = new Set(['ReplicaSetUpdated', 'NewReplicaSetCreated', 'FoundNewReplicaSet']);

interface WorkloadInput {
  metadata?: Wire<V1ObjectMeta>;
  spec?: { selector?: Wire<V1LabelSelector>; template?: Wire<V1PodTemplateSpec> };
  status?: { observedGeneration?: number; conditions?: AnyCondition[] };
}

/** The controller has not yet acted on the latest spec, so the counts describe an older one. */
function generationPending(workload: WorkloadInput): boolean {
  const generation = workload.metadata?.generation;
  const observed = workload.status?.observedGeneration;
  return generation !== undefined && observed !== undefined && observed < generation;
}

function conditionMessage(condition: AnyCondition): string {
  return condition.message || condition.reason || condition.type;
}

function workloadSummary(workload: WorkloadInput, result: WorkloadStatusResult, now: Date): WorkloadSummary {
  const containers = workload.spec?.template?.spec?.containers ?? [];
  return {
    ...summaryMeta(workload, now),
    status: result.status,
    statusMessage: result.message,
    selector: formatLabelSelector(workload.spec?.selector),
    images: containers.map((container) => container.image ?? ''),
    containers: containers.map((container) => container.name),
    ...podSpecReferences(workload.spec?.template?.spec),
  };
}

function workloadDetailFields(workload: WorkloadInput): WorkloadDetailFields {
  return {
    conditions: toConditions(workload.status?.conditions),
    selectorDetail: toLabelSelectorDto(workload.spec?.selector),
    template: toPodTemplate(workload.spec?.template),
    observedGeneration: workload.status?.observedGeneration ?? null,
  };
}

/**
 * A Deployment's status from its conditions and counts, in this order: `ScaledDown` at 0 desired
 * replicas; `Degraded` on a True ReplicaFailure or a Progressing condition failed with
 * ProgressDeadlineExceeded; `Progressing` while a rollout runs (spec change not yet observed, fewer
 * updated replicas than desired, old replicas still present, or a Progressing condition still rolling);
 * `Degraded` when the Available condition is False outside a rollout (or, without conditions, fewer
 * available replicas than desired); else `Available`.
 */
export function deploymentStatus(deployment: Wire<V1Deployment>): WorkloadStatusResult {
  const desired = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const updated = status.updatedReplicas ?? 0;
  const current = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const conditions = status.conditions;
  if (desired === 0) return { status: 'ScaledDown', message: null };

  const replicaFailure = findCondition(conditions, 'ReplicaFailure');
  if (replicaFailure?.status === 'True') return { status: 'Degraded', message: conditionMessage(replicaFailure) };
  const progressing = findCondition(conditions, 'Progressing');
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
    return { status: 'Degraded', message: conditionMessage(progressing) };
  }

  if (generationPending(deployment)) {
    return { status: 'Progressing', message: 'Waiting for the deployment spec update to be observed' };
  }
  if (updated < desired) {
    return { status: 'Progressing', message: `${updated} of ${desired} new replicas have been updated` };
  }
  if (current > updated) {
    return { status: 'Progressing', message: `${current - updated} old replicas are pending termination` };
  }
  if (progressing?.status === 'True' && ROLLING_REASONS.has(progressing.reason ?? '')) {
    return { status: 'Progressing', message: `${available} of ${updated} updated replicas are available` };
  }

  const availableCondition = findCondition(conditions, 'Available');
  if (availableCondition?.status === 'False') {
    return { status: 'Degraded', message: conditionMessage(availableCondition) };
  }
  if (!availableCondition && available < desired) {
    return { status: 'Degraded', message: `${available} of ${desired} replicas are available` };
  }
  return { status: 'Available', message: null };
}

export function toDeploymentSummary(deployment: Wire<V1Deployment>, now: Date): DeploymentSummary {
  const status = deployment.status ?? {};
  const desired = deployment.spec?.replicas ?? 1;
  const ready = status.readyReplicas ?? 0;
  return {
    ...workloadSummary(deployment, deploymentStatus(deployment), now),
    replicas: {
      desired,
      current: status.replicas ?? 0,
      ready,
      available: status.availableReplicas ?? 0,
      unavailable: status.unavailableReplicas ?? 0,
      updated: status.updatedReplicas ?? 0,
    },
    ready: `${ready}/${desired}`,
    strategy: deployment.spec?.strategy?.type ?? 'RollingUpdate',
    paused: deployment.spec?.paused === true,
  };
}

export function toDeploymentDetail(deployment: Wire<V1Deployment>, now: Date): DeploymentDetail {
  const spec = deployment.spec;
  const summary = toDeploymentSummary(deployment, now);
  const rollingUpdate = spec?.strategy?.rollingUpdate;
  return {
    ...summary,
    ...detailMeta(deployment),
    ...workloadDetailFields(deployment),
    rollingUpdate:
      summary.strategy === 'RollingUpdate'
        ? { maxSurge: rollingUpdate?.maxSurge ?? null, maxUnavailable: rollingUpdate?.maxUnavailable ?? null }
        : null,
    minReadySeconds: spec?.minReadySeconds ?? 0,
    progressDeadlineSeconds: spec?.progressDeadlineSeconds ?? null,
    revisionHistoryLimit: spec?.revisionHistoryLimit ?? null,
    revision: deployment.metadata?.annotations?.[REVISION_ANNOTATION] ?? null,
  };
}

/**
 * A StatefulSet's status: `ScaledDown` at 0 desired replicas; `Progressing` while the spec change is
 * unobserved, a RollingUpdate is under way (revisions differ, or a partitioned rollout has not reached
 * its partition) or the replica count is still changing; `Degraded` when fewer pods are ready than
 * desired outside of that; else `Available`. StatefulSets have no progress deadline, so a pod that
 * never becomes ready shows as Degraded rather than Progressing forever.
 */
export function statefulSetStatus(statefulSet: Wire<V1StatefulSet>): WorkloadStatusResult {
  const desired = statefulSet.spec?.replicas ?? 1;
  const status = statefulSet.status;
  const ready = status?.readyReplicas ?? 0;
  const updated = status?.updatedReplicas ?? 0;
  if (desired === 0) return { status: 'ScaledDown', message: null };
  if (generationPending(statefulSet)) {
    return { status: 'Progressing', message: 'Waiting for the statefulset spec update to be observed' };
  }
  const strategy = statefulSet.spec?.updateStrategy;
  if ((strategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
    const partition = strategy?.rollingUpdate?.partition ?? 0;
    if (partition > 0) {
      if (updated < desired - partition) {
        return { status: 'Progressing', message: `${updated} of ${desired - partition} pods have been updated` };
      }
    } else if (status?.updateRevision && status.currentRevision && status.updateRevision !== status.currentRevision) {
      return { status: 'Progressing', message: `${updated} of ${desired} pods have been updated` };
    }
  }
  if ((status?.replicas ?? 0) !== desired) {
    return { status: 'Progressing', message: `Scaling from ${status?.replicas ?? 0} to ${desired} replicas` };
  }
  if (ready < desired) return { status: 'Degraded', message: `${ready} of ${desired} pods are ready` };
  return { status: 'Available', message: null };
}

export function toStatefulSetSummary(statefulSet: Wire<V1StatefulSet>, now: Date): StatefulSetSummary {
  const spec = statefulSet.spec;
  const status = statefulSet.status;
  const desired = spec?.replicas ?? 1;
  const ready = status?.readyReplicas ?? 0;
  return {
    ...workloadSummary(statefulSet, statefulSetStatus(statefulSet), now),
    replicas: {
      desired,
      current: status?.replicas ?? 0,
      ready,
      available: status?.availableReplicas ?? 0,
      updated: status?.updatedReplicas ?? 0,
    },
    ready: `${ready}/${desired}`,
    serviceName: spec?.serviceName || null,
    updateStrategy: spec?.updateStrategy?.type ?? 'RollingUpdate',
    podManagementPolicy: spec?.podManagementPolicy ?? 'OrderedReady',
    volumeClaimTemplates: (spec?.volumeClaimTemplates ?? []).map((template) => template.metadata?.name ?? ''),
  };
}

export function toStatefulSetDetail(statefulSet: Wire<V1StatefulSet>, now: Date): StatefulSetDetail {
  const spec = statefulSet.spec;
  return {
    ...toStatefulSetSummary(statefulSet, now),
    ...detailMeta(statefulSet),
    ...workloadDetailFields(statefulSet),
    partition: spec?.updateStrategy?.rollingUpdate?.partition ?? null,
    currentRevision: statefulSet.status?.currentRevision || null,
    updateRevision: statefulSet.status?.updateRevision || null,
    minReadySeconds: spec?.minReadySeconds ?? 0,
  };
}

/**
 * A DaemonSet's status: `ScaledDown` when it should run on no node; `Progressing` while the spec
 * change is unobserved, a RollingUpdate has not reached every node, or pods are not yet scheduled on
 * every node; `Degraded` when fewer pods are available than desired outside of that; else `Available`.
 */
export function daemonSetStatus(daemonSet: Wire<V1DaemonSet>): WorkloadStatusResult {
  const status = daemonSet.status;
  const desired = status?.desiredNumberScheduled ?? 0;
  const updated = status?.updatedNumberScheduled ?? 0;
  const current = status?.currentNumberScheduled ?? 0;
  const available = status?.numberAvailable ?? 0;
  if (desired === 0) return { status: 'ScaledDown', message: null };
  if (generationPending(daemonSet)) {
    return { status: 'Progressing', message: 'Waiting for the daemonset spec update to be observed' };
  }
  const rollingUpdate = (daemonSet.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  if (rollingUpdate && updated < desired) {
    return { status: 'Progressing', message: `${updated} of ${desired} updated pods have been scheduled` };
  }
  if (current < desired) {
    return { status: 'Progressing', message: `${current} of ${desired} nodes are running the pod` };
  }
  if (available < desired) return { status: 'Degraded', message: `${available} of ${desired} pods are available` };
  return { status: 'Available', message: null };
}

export function toDaemonSetSummary(daemonSet: Wire<V1DaemonSet>, now: Date): DaemonSetSummary {
  const status = daemonSet.status;
  return {
    ...workloadSummary(daemonSet, daemonSetStatus(daemonSet), now),
    counts: {
      desired: status?.desiredNumberScheduled ?? 0,
      current: status?.currentNumberScheduled ?? 0,
      ready: status?.numberReady ?? 0,
      upToDate: status?.updatedNumberScheduled ?? 0,
      available: status?.numberAvailable ?? 0,
      unavailable: status?.numberUnavailable ?? 0,
      misscheduled: status?.numberMisscheduled ?? 0,
    },
    nodeSelector: formatLabels(daemonSet.spec?.template?.spec?.nodeSelector),
    updateStrategy: daemonSet.spec?.updateStrategy?.type ?? 'RollingUpdate',
  };
}

export function toDaemonSetDetail(daemonSet: Wire<V1DaemonSet>, now: Date): DaemonSetDetail {
  return {
    ...toDaemonSetSummary(daemonSet, now),
    ...detailMeta(daemonSet),
    ...workloadDetailFields(daemonSet),
    minReadySeconds: daemonSet.spec?.minReadySeconds ?? 0,
  };
}

/**
 * A ReplicaSet's status: `ScaledDown` at 0 desired (the old revisions of a Deployment); `Degraded` on a
 * True ReplicaFailure (e.g. quota exceeded); `Progressing` while replicas are created, removed or not
 * yet ready; else `Available`. A ReplicaSet has no progress deadline: whether a rollout is stuck is its
 * Deployment's status to tell.
 */
export function replicaSetStatus(replicaSet: Wire<V1ReplicaSet>): WorkloadStatusResult {
  const desired = replicaSet.spec?.replicas ?? 1;
  const status = replicaSet.status;
  const ready = status?.readyReplicas ?? 0;
  if (desired === 0) return { status: 'ScaledDown', message: null };
  const replicaFailure = findCondition(status?.conditions, 'ReplicaFailure');
  if (replicaFailure?.status === 'True') return { status: 'Degraded', message: conditionMessage(replicaFailure) };
  if (generationPending(replicaSet) || (status?.replicas ?? 0) !== desired) {
    return { status: 'Progressing', message: `Scaling from ${status?.replicas ?? 0} to ${desired} replicas` };
  }
  if (ready < desired) return { status: 'Progressing', message: `${ready} of ${desired} pods are ready` };
  return { status: 'Available', message: null };
}

export function toReplicaSetSummary(replicaSet: Wire<V1ReplicaSet>, now: Date): ReplicaSetSummary {
  const status = replicaSet.status;
  const desired = replicaSet.spec?.replicas ?? 1;
  const ready = status?.readyReplicas ?? 0;
  const current = status?.replicas ?? 0;
  const available = status?.availableReplicas ?? 0;
  const owner = replicaSet.metadata?.ownerReferences?.find(
    (ref) => ref.controller === true && ref.kind === 'Deployment',
  );
  return {
    ...workloadSummary(replicaSet, replicaSetStatus(replicaSet), now),
    replicas: {
      desired,
      current,
      ready,
      available,
      unavailable: Math.max(0, desired - available),
      updated: current,
    },
    ready: `${ready}/${desired}`,
    ownerDeployment: owner?.name ?? null,
    revision: replicaSet.metadata?.annotations?.[REVISION_ANNOTATION] ?? null,
  };
}

export function toReplicaSetDetail(replicaSet: Wire<V1ReplicaSet>, now: Date): ReplicaSetDetail {
  return {
    ...toReplicaSetSummary(replicaSet, now),
    ...detailMeta(replicaSet),
    ...workloadDetailFields(replicaSet),
    minReadySeconds: replicaSet.spec?.minReadySeconds ?? 0,
  };
}
