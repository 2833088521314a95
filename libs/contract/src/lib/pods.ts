import type { ConditionDto, ConfigReferences, OwnerReferenceDto, ResourceDetail, ResourceSummary } from './common';
import type { PodContainerDto } from './containers';
import type { PodPhase, PodStatusReason, ResourceHealth } from './status';

/** A pod as `kubectl get pods -o wide` shows it, plus what the console lists and filters on. */
export interface PodSummary extends ResourceSummary, ConfigReferences {
  /**
   * STATUS exactly as `kubectl get pods` prints it: `Running`, `Pending`, `ContainerCreating`,
   * `CrashLoopBackOff`, `ImagePullBackOff`, `OOMKilled`, `Completed`, `Error`, `Terminating`, `Init:0/2`,
   * `Init:CrashLoopBackOff`, `ExitCode:137`, `NotReady`, `SchedulingGated`, `Evicted`, …
   */
  status: PodStatusReason;
  /** `status.phase`; `Unknown` when the pod has none yet. */
  phase: PodPhase | string;
  /** Coarse verdict of {@link PodSummary.status}, for colouring and counting failing pods. */
  health: ResourceHealth;
  /** READY as kubectl prints it: ready containers / containers, native sidecars included (`"1/2"`). */
  ready: string;
  /** Number of ready containers (the left side of {@link PodSummary.ready}). */
  readyContainers: number;
  /** Number of containers counted by READY: regular containers plus native sidecars. */
  totalContainers: number;
  /**
   * RESTARTS as kubectl counts it: the sum of container restarts (plus init container restarts while the
   * pod is still initialising).
   */
  restarts: number;
  /** When the most recent of those restarts happened (the previous container's finish), ISO-8601; `null` if unknown or never. */
  lastRestartAt: string | null;
  /** RESTARTS as kubectl prints it, e.g. `"3 (5m ago)"` or `"0"`. */
  restartsDisplay: string;
  /** Node the pod is scheduled on; `null` while unscheduled. */
  nodeName: string | null;
  /** Primary pod IP; `null` until one is assigned. */
  ip: string | null;
  /** Node the scheduler nominated for preemption; `null` when none. */
  nominatedNodeName: string | null;
  /** READINESS GATES as kubectl prints it (`"1/2"` true / declared); `null` when the pod declares none. */
  readinessGates: string | null;
  /** The controller owning the pod (e.g. ReplicaSet, StatefulSet, Job); `null` for a bare pod. */
  controlledBy: OwnerReferenceDto | null;
  /** Images of the regular containers, in spec order. */
  images: string[];
}

/** A pod volume, reduced to its type and the object or path it points at. */
export interface PodVolumeDto {
  /** Volume name, as referenced by volume mounts. */
  name: string;
  /** The volume source type, e.g. `configMap`, `secret`, `persistentVolumeClaim`, `emptyDir`, `projected`, `hostPath`. */
  type: string;
  /** The referenced object or path (ConfigMap / Secret / claim name, host path); `null` when the type has none. */
  source: string | null;
}

/** Everything the pod page shows about one pod. */
export interface PodDetail extends PodSummary, ResourceDetail {
  /** Pod conditions (PodScheduled, Initialized, ContainersReady, Ready, readiness-gate conditions). */
  conditions: ConditionDto[];
  /** Regular containers, spec merged with status, in spec order. */
  containers: PodContainerDto[];
  /** Init containers (native sidecars flagged with `sidecar: true`), in spec order. */
  initContainers: PodContainerDto[];
  /** Volumes declared by the pod. */
  volumes: PodVolumeDto[];
  /** `status.message`, e.g. why the pod was evicted; `null` when none. */
  message: string | null;
  /** `status.reason`, e.g. `Evicted`, `NodeLost`; `null` when none. */
  reason: string | null;
  /** IP of the node hosting the pod; `null` until scheduled. */
  hostIP: string | null;
  /** Every pod IP (dual-stack pods have two). */
  podIPs: string[];
  /** `Guaranteed`, `Burstable` or `BestEffort`; `null` until set. */
  qosClass: string | null;
  /** Service account the pod runs as; `null` when unset. */
  serviceAccountName: string | null;
  /** `Always`, `OnFailure` or `Never`; `null` when unset. */
  restartPolicy: string | null;
  /** Priority class; `null` when none. */
  priorityClassName: string | null;
  /** When the kubelet acknowledged the pod, ISO-8601; `null` before. */
  startTime: string | null;
  /** Node selector; `{}` when none. */
  nodeSelector: Record<string, string>;
  /**
   * Tolerations as `kubectl describe` prints them, sorted by key: `key=value:Effect`,
   * `key:Effect op=Exists for 300s`, `op=Exists` (tolerates everything).
   */
  tolerations: string[];
}
