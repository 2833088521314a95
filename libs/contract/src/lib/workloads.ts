import type { ConditionDto, ConfigReferences, LabelSelectorDto, ResourceDetail, ResourceSummary } from './common';
import type { ContainerSpecDto } from './containers';
import type { PodVolumeDto } from './pods';
import type { WorkloadStatus } from './status';

/** The pod template every replicated workload shares with its pods. */
export interface PodTemplateDto extends ConfigReferences {
  /** Labels stamped on every pod. */
  labels: Record<string, string>;
  /** Annotations stamped on every pod (e.g. `kubectl.kubernetes.io/restartedAt`). */
  annotations: Record<string, string>;
  /** Regular containers. */
  containers: ContainerSpecDto[];
  /** Init containers, native sidecars flagged. */
  initContainers: ContainerSpecDto[];
  /** Volumes. */
  volumes: PodVolumeDto[];
  /** Service account; `null` when unset. */
  serviceAccountName: string | null;
  /** Node selector; `{}` when none. */
  nodeSelector: Record<string, string>;
}

/** Fields shared by the list items of every replicated workload. */
export interface WorkloadSummary extends ResourceSummary, ConfigReferences {
  /** Status derived from conditions and replica counts; see {@link WorkloadStatus}. */
  status: WorkloadStatus;
  /** Why the status is not `Available`, from the deciding condition or count; `null` when Available or ScaledDown. */
  statusMessage: string | null;
  /** Label selector in selector syntax (`app=web,tier in (a,b)`); `<none>` when it selects everything. */
  selector: string;
  /** Images of the pod template's regular containers, in spec order. */
  images: string[];
  /** Names of the pod template's regular containers, in spec order. */
  containers: string[];
}

/** Fields shared by every workload detail. */
export interface WorkloadDetailFields {
  /** Conditions reported by the controller. */
  conditions: ConditionDto[];
  /** The label selector, structured. */
  selectorDetail: LabelSelectorDto;
  /** The pod template. */
  template: PodTemplateDto;
  /** `status.observedGeneration`: the generation the controller has acted on; `null` when not reported. */
  observedGeneration: number | null;
}

/** Replica counts of a Deployment (and of a ReplicaSet). */
export interface DeploymentReplicas {
  /** `spec.replicas` (1 when unset, as the apiserver defaults it). */
  desired: number;
  /** `status.replicas`: pods of every revision that exist. */
  current: number;
  /** `status.readyReplicas`. */
  ready: number;
  /** `status.availableReplicas`: ready for at least `minReadySeconds`. */
  available: number;
  /** `status.unavailableReplicas`. */
  unavailable: number;
  /** `status.updatedReplicas`: pods of the newest revision (kubectl's UP-TO-DATE). */
  updated: number;
}

/** Limits of a Deployment's rolling update. */
export interface RollingUpdateDto {
  /** Pods allowed above the desired count, as a number or percentage (`25%`); `null` when unset. */
  maxSurge: number | string | null;
  /** Pods allowed to be unavailable, as a number or percentage; `null` when unset. */
  maxUnavailable: number | string | null;
}

/** A Deployment in the list. */
export interface DeploymentSummary extends WorkloadSummary {
  /** Replica counts. */
  replicas: DeploymentReplicas;
  /** READY as kubectl prints it: `ready/desired`, e.g. `"2/3"`. */
  ready: string;
  /** `RollingUpdate` or `Recreate`. */
  strategy: string;
  /** `true` when the rollout is paused (`spec.paused`). */
  paused: boolean;
}

/** Everything the deployment page shows. */
export interface DeploymentDetail extends DeploymentSummary, ResourceDetail, WorkloadDetailFields {
  /** `maxSurge` / `maxUnavailable` of a RollingUpdate strategy (numbers or percentages); `null` for Recreate. */
  rollingUpdate: RollingUpdateDto | null;
  /** Seconds a new pod must be ready before it counts as available. */
  minReadySeconds: number;
  /** Seconds a rollout may go without progress before it is reported as failed; `null` when unset. */
  progressDeadlineSeconds: number | null;
  /** Old ReplicaSets kept for rollback; `null` when unset. */
  revisionHistoryLimit: number | null;
  /** Current revision (`deployment.kubernetes.io/revision` annotation); `null` before the first rollout. */
  revision: string | null;
}

/** Replica counts of a StatefulSet. */
export interface StatefulSetReplicas {
  /** `spec.replicas` (1 when unset). */
  desired: number;
  /** `status.replicas`: pods that exist. */
  current: number;
  /** `status.readyReplicas`. */
  ready: number;
  /** `status.availableReplicas`. */
  available: number;
  /** `status.updatedReplicas`: pods at the update revision. */
  updated: number;
}

/** A StatefulSet in the list. */
export interface StatefulSetSummary extends WorkloadSummary {
  /** Replica counts. */
  replicas: StatefulSetReplicas;
  /** READY as kubectl prints it: `ready/desired`. */
  ready: string;
  /** Governing headless service; `null` when unset. */
  serviceName: string | null;
  /** `RollingUpdate` or `OnDelete`. */
  updateStrategy: string;
  /** `OrderedReady` or `Parallel`. */
  podManagementPolicy: string;
  /** Names of the volume claim templates; each pod gets a claim `<template>-<statefulset>-<ordinal>`. */
  volumeClaimTemplates: string[];
}

/** Everything the statefulset page shows. */
export interface StatefulSetDetail extends StatefulSetSummary, ResourceDetail, WorkloadDetailFields {
  /** RollingUpdate partition: ordinals below it are not updated; `null` when unset. */
  partition: number | null;
  /** Revision of the pods at ordinals below the partition; `null` when not reported. */
  currentRevision: string | null;
  /** Revision being rolled out; `null` when not reported. */
  updateRevision: string | null;
  /** Seconds a new pod must be ready before it counts as available. */
  minReadySeconds: number;
}

/** Pod counts of a DaemonSet, as `kubectl get daemonsets` prints them. */
export interface DaemonSetCounts {
  /** DESIRED: nodes that should run the pod. */
  desired: number;
  /** CURRENT: nodes running at least one pod. */
  current: number;
  /** READY: nodes whose pod is ready. */
  ready: number;
  /** UP-TO-DATE: nodes running the newest pod template. */
  upToDate: number;
  /** AVAILABLE: nodes whose pod is available. */
  available: number;
  /** Nodes whose pod is unavailable. */
  unavailable: number;
  /** Nodes running the pod that should not. */
  misscheduled: number;
}

/** A DaemonSet in the list. */
export interface DaemonSetSummary extends WorkloadSummary {
  /** Pod counts. */
  counts: DaemonSetCounts;
  /** NODE SELECTOR as kubectl prints it (`kubernetes.io/os=linux`); `<none>` when empty. */
  nodeSelector: string;
  /** `RollingUpdate` or `OnDelete`. */
  updateStrategy: string;
}

/** Everything the daemonset page shows. */
export interface DaemonSetDetail extends DaemonSetSummary, ResourceDetail, WorkloadDetailFields {
  /** Seconds a new pod must be ready before it counts as available. */
  minReadySeconds: number;
}

/** A ReplicaSet in the list. */
export interface ReplicaSetSummary extends WorkloadSummary {
  /** Replica counts (`updated` equals `current`: a ReplicaSet has one revision). */
  replicas: DeploymentReplicas;
  /** READY as kubectl prints it: `ready/desired`. */
  ready: string;
  /** Name of the owning Deployment; `null` for a ReplicaSet not managed by one. */
  ownerDeployment: string | null;
  /** Deployment revision of this ReplicaSet (`deployment.kubernetes.io/revision`); `null` when none. */
  revision: string | null;
}

/** Everything the replicaset page shows. */
export interface ReplicaSetDetail extends ReplicaSetSummary, ResourceDetail, WorkloadDetailFields {
  /** Seconds a new pod must be ready before it counts as available. */
  minReadySeconds: number;
}
