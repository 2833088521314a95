import type { ResourceKindName } from './kinds';

/** Counts of replicated workloads by {@link WorkloadStatus}. */
export interface WorkloadCounts {
  /** All of them. */
  total: number;
  /** Status `Available`. */
  available: number;
  /** Status `Progressing` (rolling out or scaling; not a problem). */
  progressing: number;
  /** Status `Degraded`. */
  degraded: number;
  /** Status `ScaledDown`. */
  scaledDown: number;
}

/** Pod counts. */
export interface PodCounts {
  /** All pods. */
  total: number;
  /** Phase `Running`. */
  running: number;
  /** Phase `Pending`. */
  pending: number;
  /** Phase `Succeeded`. */
  succeeded: number;
  /**
   * Pods whose STATUS is a failure (health `error`): phase Failed, CrashLoopBackOff, ImagePullBackOff,
   * ErrImagePull, OOMKilled, Error, Init errors, Evicted, … — a crash-looping pod in phase Running counts.
   */
  failed: number;
  /** Running pods with containers that are not ready (health `warning`). */
  notReady: number;
}

/** Node counts. */
export interface NodeCounts {
  /** All nodes. */
  total: number;
  /** Ready condition True. */
  ready: number;
  /** Ready condition False or Unknown, or missing. */
  notReady: number;
  /** Cordoned nodes (any readiness). */
  unschedulable: number;
}

/** Job counts by {@link JobStatus}. */
export interface JobCounts {
  /** All jobs. */
  total: number;
  /** Status `Running`. */
  running: number;
  /** Status `Complete`. */
  complete: number;
  /** Status `Failed` (or `FailureTarget`). */
  failed: number;
  /** Status `Suspended`. */
  suspended: number;
}

/** CronJob counts. */
export interface CronJobCounts {
  /** All cronjobs. */
  total: number;
  /** Not suspended: they will run on schedule. */
  scheduled: number;
  /** Suspended. */
  suspended: number;
  /** With at least one job running now. */
  running: number;
}

/** PersistentVolume counts by phase. */
export interface VolumeCounts {
  /** All volumes. */
  total: number;
  /** Phase `Bound`. */
  bound: number;
  /** Not `Bound` (Available, Released, Failed, Pending). */
  unbound: number;
  /** Phase `Failed`. */
  failed: number;
}

/** PersistentVolumeClaim counts by phase. */
export interface ClaimCounts {
  /** All claims. */
  total: number;
  /** Phase `Bound`. */
  bound: number;
  /** Phase `Pending`. */
  pending: number;
  /** Phase `Lost`. */
  lost: number;
}

/**
 * `GET /api/dashboard/summary`. Sections are named after the kinds' route segments. Each section is
 * `null` when the caller may not list that kind; its name is then in {@link DashboardSummary.forbidden}. Namespaced sections count the requested namespace
 * (or all namespaces); nodes and persistent volumes are cluster-wide.
 */
export interface DashboardSummary {
  /** The kubeconfig context the counts come from. */
  context: string;
  /** The namespace counted; `null` for all namespaces. */
  namespace: string | null;
  /** When the summary was computed, ISO-8601. */
  generatedAt: string;
  /** Deployments by status. */
  deployments: WorkloadCounts | null;
  /** StatefulSets by status. */
  statefulsets: WorkloadCounts | null;
  /** DaemonSets by status. */
  daemonsets: WorkloadCounts | null;
  /** Pods. */
  pods: PodCounts | null;
  /** Nodes (cluster-wide). */
  nodes: NodeCounts | null;
  /** Jobs. */
  jobs: JobCounts | null;
  /** CronJobs. */
  cronjobs: CronJobCounts | null;
  /** Number of services. */
  services: number | null;
  /** Number of ingresses. */
  ingress: number | null;
  /** Number of ConfigMaps. */
  configmaps: number | null;
  /** Number of Secrets. */
  secrets: number | null;
  /** Number of HorizontalPodAutoscalers. */
  hpa: number | null;
  /** PersistentVolumes (cluster-wide). */
  pvs: VolumeCounts | null;
  /** PersistentVolumeClaims. */
  pvcs: ClaimCounts | null;
  /** The health score computed from these counts. */
  health: ClusterHealth;
  /** Kinds the caller may not list; their sections are `null`. `[]` when everything was readable. */
  forbidden: ResourceKindName[];
}

/** One reason the health score is below 100. */
export interface HealthIssue {
  /** The kind the issue is about. */
  kind: 'deployments' | 'pods' | 'nodes' | 'pvs';
  /** `critical` for the largest penalties of each rule, else `warning`. */
  severity: 'warning' | 'critical';
  /** How many objects are affected. */
  count: number;
  /** Points subtracted from 100. */
  penalty: number;
  /** Text for the user, e.g. `3 pods failing`. */
  message: string;
}

/**
 * `GET /api/cluster-health` and `DashboardSummary.health`: a 0–100 score. Starts at 100 and subtracts
 * for degraded deployments (−30 over 50 %, −15 over 20 %, else −5), failing pods (−20 over 10 %, else
 * −10), pending pods (−10 over 20 %), not-ready nodes (−25 over 30 %, else −15) and unbound volumes
 * (−15 over 5, else −5).
 */
export interface ClusterHealth {
  /** The score, 0–100. */
  score: number;
  /** `healthy` at 80 or more, `warning` at 50 or more, else `critical`. */
  status: 'healthy' | 'warning' | 'critical';
  /** Every penalty applied, largest first. */
  issues: HealthIssue[];
  /** `true` when some inputs were forbidden, so the score covers only what could be read. */
  partial: boolean;
}
