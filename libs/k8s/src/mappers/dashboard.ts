import type {
  ClusterHealth,
  CronJobSummary,
  DashboardSummary,
  DeploymentSummary,
  HealthIssue,
  JobSummary,
  NodeCounts,
  NodeSummary,
  PersistentVolumeClaimSummary,
  PersistentVolumeSummary,
  PodCounts,
  PodSummary,
  ResourceKindName,
  ResourceSummary,
  VolumeCounts,
  WorkloadCounts,
  WorkloadSummary,
} from '@orphelix/contract';

/**
 * The list DTOs a dashboard is computed from. `null` means the caller may not list that kind (the
 * section is then reported as forbidden, never as empty).
 */
export interface DashboardInput {
  context: string;
  namespace: string | null;
  deployments: readonly DeploymentSummary[] | null;
  statefulsets: readonly WorkloadSummary[] | null;
  daemonsets: readonly WorkloadSummary[] | null;
  pods: readonly PodSummary[] | null;
  nodes: readonly NodeSummary[] | null;
  jobs: readonly JobSummary[] | null;
  cronjobs: readonly CronJobSummary[] | null;
  services: readonly ResourceSummary[] | null;
  ingress: readonly ResourceSummary[] | null;
  configmaps: readonly ResourceSummary[] | null;
  secrets: readonly ResourceSummary[] | null;
  hpa: readonly ResourceSummary[] | null;
  pvs: readonly PersistentVolumeSummary[] | null;
  pvcs: readonly PersistentVolumeClaimSummary[] | null;
}

function count<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.reduce((sum, item) => (predicate(item) ? sum + 1 : sum), 0);
}

function section<T, R>(items: readonly T[] | null, summarise: (items: readonly T[]) => R): R | null {
  return items === null ? null : summarise(items);
}

function workloadCounts(items: readonly WorkloadSummary[]): WorkloadCounts {
  return {
    total: items.length,
    available: count(items, (item) => item.status === 'Available'),
    progressing: count(items, (item) => item.status === 'Progressing'),
    degraded: count(items, (item) => item.status === 'Degraded'),
    scaledDown: count(items, (item) => item.status === 'ScaledDown'),
  };
}

function podCounts(pods: readonly PodSummary[]): PodCounts {
  return {
    total: pods.length,
    running: count(pods, (pod) => pod.phase === 'Running'),
    pending: count(pods, (pod) => pod.phase === 'Pending'),
    succeeded: count(pods, (pod) => pod.phase === 'Succeeded'),
    failed: count(pods, (pod) => pod.health === 'error'),
    notReady: count(pods, (pod) => pod.health === 'warning'),
  };
}

function nodeCounts(nodes: readonly NodeSummary[]): NodeCounts {
  const ready = count(nodes, (node) => node.ready === 'True');
  return {
    total: nodes.length,
    ready,
    notReady: nodes.length - ready,
    unschedulable: count(nodes, (node) => node.unschedulable),
  };
}

function volumeCounts(pvs: readonly PersistentVolumeSummary[]): VolumeCounts {
  const bound = count(pvs, (pv) => pv.status === 'Bound');
  return { total: pvs.length, bound, unbound: pvs.length - bound, failed: count(pvs, (pv) => pv.status === 'Failed') };
}

function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/**
 * The health score of the original console (§5.2 of its behaviour notes), with its bugs fixed: only
 * `Degraded` deployments count (a rolling update is not a problem) and failing pods are those whose
 * STATUS is a failure, so a CrashLoopBackOff pod in phase Running counts. Forbidden inputs (`null`)
 * are skipped and make the result `partial`.
 */
export function computeClusterHealth(input: {
  deployments: WorkloadCounts | null;
  pods: PodCounts | null;
  nodes: NodeCounts | null;
  pvs: VolumeCounts | null;
}): ClusterHealth {
  const issues: HealthIssue[] = [];
  const { deployments, pods, nodes, pvs } = input;

  if (deployments && deployments.total > 0 && deployments.degraded > 0) {
    const share = deployments.degraded / deployments.total;
    const penalty = share > 0.5 ? 30 : share > 0.2 ? 15 : 5;
    issues.push({
      kind: 'deployments',
      severity: share > 0.5 ? 'critical' : 'warning',
      count: deployments.degraded,
      penalty,
      message: `${plural(deployments.degraded, 'deployment')} degraded`,
    });
  }
  if (pods && pods.total > 0) {
    if (pods.failed > 0) {
      const critical = pods.failed / pods.total > 0.1;
      issues.push({
        kind: 'pods',
        severity: critical ? 'critical' : 'warning',
        count: pods.failed,
        penalty: critical ? 20 : 10,
        message: `${plural(pods.failed, 'pod')} failing`,
      });
    }
    if (pods.pending / pods.total > 0.2) {
      issues.push({
        kind: 'pods',
        severity: 'warning',
        count: pods.pending,
        penalty: 10,
        message: `${plural(pods.pending, 'pod')} pending`,
      });
    }
  }
  if (nodes && nodes.total > 0 && nodes.notReady > 0) {
    const critical = nodes.notReady / nodes.total > 0.3;
    issues.push({
      kind: 'nodes',
      severity: critical ? 'critical' : 'warning',
      count: nodes.notReady,
      penalty: critical ? 25 : 15,
      message: `${plural(nodes.notReady, 'node')} not ready`,
    });
  }
  if (pvs && pvs.unbound > 0) {
    const many = pvs.unbound > 5;
    issues.push({
      kind: 'pvs',
      severity: 'warning',
      count: pvs.unbound,
      penalty: many ? 15 : 5,
      message: `${plural(pvs.unbound, 'volume')} unbound`,
    });
  }

  issues.sort((a, b) => b.penalty - a.penalty);
  const score = Math.max(0, Math.min(100, 100 - issues.reduce((sum, issue) => sum + issue.penalty, 0)));
  return {
    score,
    status: score >= 80 ? 'healthy' : score >= 50 ? 'warning' : 'critical',
    issues,
    partial: deployments === null || pods === null || nodes === null || pvs === null,
  };
}

/** The kinds the summary counts, one section each (also the names `forbidden` uses). */
export const SUMMARY_SECTIONS = [
  'configmaps',
  'cronjobs',
  'daemonsets',
  'deployments',
  'hpa',
  'ingress',
  'jobs',
  'nodes',
  'pods',
  'pvcs',
  'pvs',
  'secrets',
  'services',
  'statefulsets',
] as const satisfies readonly (ResourceKindName & keyof DashboardInput)[];

export type SummarySection = (typeof SUMMARY_SECTIONS)[number];

/** `GET /api/dashboard/summary` from the list DTOs the caller could read. */
export function buildDashboardSummary(input: DashboardInput, now: Date): DashboardSummary {
  const deployments = section(input.deployments, workloadCounts);
  const pods = section(input.pods, podCounts);
  const nodes = section(input.nodes, nodeCounts);
  const pvs = section(input.pvs, volumeCounts);
  const kinds = SUMMARY_SECTIONS;
  return {
    context: input.context,
    namespace: input.namespace,
    generatedAt: now.toISOString(),
    deployments,
    statefulsets: section(input.statefulsets, workloadCounts),
    daemonsets: section(input.daemonsets, workloadCounts),
    pods,
    nodes,
    jobs: section(input.jobs, (jobs) => ({
      total: jobs.length,
      running: count(jobs, (job) => job.status === 'Running'),
      complete: count(jobs, (job) => job.status === 'Complete'),
      failed: count(jobs, (job) => job.status === 'Failed' || job.status === 'FailureTarget'),
      suspended: count(jobs, (job) => job.status === 'Suspended'),
    })),
    cronjobs: section(input.cronjobs, (cronJobs) => ({
      total: cronJobs.length,
      scheduled: count(cronJobs, (cronJob) => !cronJob.suspend),
      suspended: count(cronJobs, (cronJob) => cronJob.suspend),
      running: count(cronJobs, (cronJob) => cronJob.active > 0),
    })),
    services: input.services?.length ?? null,
    ingress: input.ingress?.length ?? null,
    configmaps: input.configmaps?.length ?? null,
    secrets: input.secrets?.length ?? null,
    hpa: input.hpa?.length ?? null,
    pvs,
    pvcs: section(input.pvcs, (claims) => ({
      total: claims.length,
      bound: count(claims, (claim) => claim.status === 'Bound'),
      pending: count(claims, (claim) => claim.status === 'Pending'),
      lost: count(claims, (claim) => claim.status === 'Lost'),
    })),
    health: computeClusterHealth({ deployments, pods, nodes, pvs }),
    forbidden: kinds.filter((kind) => input[kind] === null),
  };
}
