/**
 * What `kubectl get pods` prints in its STATUS column. Open-ended: it is the pod phase, the pod's
 * `status.reason` (e.g. `Evicted`), a container's waiting or terminated reason (any string a container
 * runtime chooses), or one of kubectl's composed values (`Init:0/2`, `Init:CrashLoopBackOff`,
 * `ExitCode:137`, `Signal:9`, `NotReady`, `Terminating`). {@link WELL_KNOWN_POD_STATUS_REASONS} lists
 * the common ones.
 */
export type PodStatusReason = string;

/** The pod STATUS values seen most often; {@link PodStatusReason} may be any other string too. */
export const WELL_KNOWN_POD_STATUS_REASONS = [
  'Running',
  'Pending',
  'Succeeded',
  'Failed',
  'Unknown',
  'Completed',
  'ContainerCreating',
  'PodInitializing',
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'ContainerCannotRun',
  'ContainerStatusUnknown',
  'StartError',
  'OOMKilled',
  'Error',
  'DeadlineExceeded',
  'Evicted',
  'NodeAffinity',
  'OutOfcpu',
  'OutOfmemory',
  'Terminating',
  'NotReady',
  'SchedulingGated',
] as const;

/** `status.phase` of a pod. */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/**
 * A coarse verdict derived from a resource's status, so every client colours and counts the same way.
 * `ok`: working as intended. `progressing`: on its way (starting, rolling out, terminating).
 * `warning`: running but not fully healthy (e.g. a pod running with unready containers).
 * `error`: failed or failing (CrashLoopBackOff, ImagePullBackOff, Error, Evicted, …).
 * `completed`: finished successfully (a Succeeded pod, a Complete job). `unknown`: no usable status.
 */
export type ResourceHealth = 'ok' | 'progressing' | 'warning' | 'error' | 'completed' | 'unknown';

/** Every {@link ResourceHealth} value. */
export const RESOURCE_HEALTH_VALUES = ['ok', 'progressing', 'warning', 'error', 'completed', 'unknown'] as const;

/**
 * Status of a replicated workload (Deployment, StatefulSet, DaemonSet, ReplicaSet).
 * `Available`: every desired replica is up to date and available.
 * `Progressing`: a rollout or scaling is under way and within its deadline.
 * `Degraded`: replicas are unavailable outside a rollout, the rollout exceeded its progress deadline,
 * or the controller reports a ReplicaFailure.
 * `ScaledDown`: no replica is desired (replicas 0, or a DaemonSet that matches no node).
 */
export type WorkloadStatus = 'Available' | 'Progressing' | 'Degraded' | 'ScaledDown';

/** Every {@link WorkloadStatus} value. */
export const WORKLOAD_STATUSES = ['Available', 'Progressing', 'Degraded', 'ScaledDown'] as const;

/**
 * Status of a Job as `kubectl get jobs` prints it in STATUS: from the Complete / Failed / Suspended /
 * FailureTarget / SuccessCriteriaMet conditions, `Terminating` while being deleted, else `Running`.
 */
export type JobStatus =
  | 'Complete'
  | 'Failed'
  | 'Terminating'
  | 'Suspended'
  | 'FailureTarget'
  | 'SuccessCriteriaMet'
  | 'Running';

/** Every {@link JobStatus} value. */
export const JOB_STATUSES = [
  'Complete',
  'Failed',
  'Terminating',
  'Suspended',
  'FailureTarget',
  'SuccessCriteriaMet',
  'Running',
] as const;
