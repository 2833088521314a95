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

/** One object's contribution to its section's counters; a section's counts are the sum over its objects. */
export type Tally = Record<string, number>;

/** What one list DTO adds to the counters of its summary section (never depends on the clock). */
export function tallyOf<S extends SummarySection>(section: S, dto: NonNullable<DashboardInput[S]>[number]): Tally {
  const b = (value: boolean): number => (value ? 1 : 0);
  switch (section) {
    case 'deployments':
    case 'statefulsets':
    case 'daemonsets': {
      const w = dto as WorkloadSummary;
      return {
        total: 1,
        available: b(w.status === 'Available'),
        progressing: b(w.status === 'Progressing'),
        degraded: b(w.status === 'Degraded'),
        scaledDown: b(w.status === 'ScaledDown'),
      };
    }
    case 'pods': {
      const p = dto as PodSummary;
      return {
        total: 1,
        running: b(p.phase === 'Running'),
        pending: b(p.phase === 'Pending'),
        succeeded: b(p.phase === 'Succeeded'),
        failed: b(p.health === 'error'),
        notReady: b(p.health === 'warning'),
      };
    }
    case 'nodes': {
      const n = dto as NodeSummary;
      return { total: 1, ready: b(n.ready === 'True'), unschedulable: b(n.unschedulable) };
    }
    case 'jobs': {
      const j = dto as JobSummary;
      return {
        total: 1,
        running: b(j.status === 'Running'),
        complete: b(j.status === 'Complete'),
        failed: b(j.status === 'Failed' || j.status === 'FailureTarget'),
        suspended: b(j.status === 'Suspended'),
      };
    }
    case 'cronjobs': {
      const c = dto as CronJobSummary;
      return { total: 1, scheduled: b(!c.suspend), suspended: b(c.suspend), running: b(c.active > 0) };
    }
    case 'pvs': {
      const v = dto as PersistentVolumeSummary;
      return { total: 1, bound: b(v.status === 'Bound'), failed: b(v.status === 'Failed') };
    }
    case 'pvcs': {
      const c = dto as PersistentVolumeClaimSummary;
      return { total: 1, bound: b(c.status === 'Bound'), pending: b(c.status === 'Pending'), lost: b(c.status === 'Lost') };
    }
    default:
      return { total: 1 };
  }
}

/** Adds `tally` times `sign` into `into` (in place). */
export function addTally(into: Tally, tally: Tally, sign: 1 | -1 = 1): Tally {
  for (const key in tally) into[key] = (into[key] ?? 0) + sign * tally[key];
  return into;
}

/** Each section's summed counters, or `null` when the caller may not list that kind. */
export type SectionCounts = { [S in SummarySection]: Tally | null };

export interface DashboardCountsInput {
  context: string;
  namespace: string | null;
  counts: SectionCounts;
}

const n = (tally: Tally, key: string): number => tally[key] ?? 0;

function workloadFromTally(t: Tally): WorkloadCounts {
  return { total: n(t, 'total'), available: n(t, 'available'), progressing: n(t, 'progressing'), degraded: n(t, 'degraded'), scaledDown: n(t, 'scaledDown') };
}

/** `GET /api/dashboard/summary` from each section's counters (kept up to date incrementally by the watch cache). */
export function dashboardFromCounts(input: DashboardCountsInput, now: Date): DashboardSummary {
  const c = input.counts;
  const map = <R>(tally: Tally | null, f: (t: Tally) => R): R | null => (tally === null ? null : f(tally));
  const deployments = map(c.deployments, workloadFromTally);
  const pods = map(c.pods, (t): PodCounts => ({
    total: n(t, 'total'),
    running: n(t, 'running'),
    pending: n(t, 'pending'),
    succeeded: n(t, 'succeeded'),
    failed: n(t, 'failed'),
    notReady: n(t, 'notReady'),
  }));
  const nodes = map(c.nodes, (t): NodeCounts => ({
    total: n(t, 'total'),
    ready: n(t, 'ready'),
    notReady: n(t, 'total') - n(t, 'ready'),
    unschedulable: n(t, 'unschedulable'),
  }));
  const pvs = map(c.pvs, (t): VolumeCounts => ({ total: n(t, 'total'), bound: n(t, 'bound'), unbound: n(t, 'total') - n(t, 'bound'), failed: n(t, 'failed') }));
  return {
    context: input.context,
    namespace: input.namespace,
    generatedAt: now.toISOString(),
    deployments,
    statefulsets: map(c.statefulsets, workloadFromTally),
    daemonsets: map(c.daemonsets, workloadFromTally),
    pods,
    nodes,
    jobs: map(c.jobs, (t) => ({ total: n(t, 'total'), running: n(t, 'running'), complete: n(t, 'complete'), failed: n(t, 'failed'), suspended: n(t, 'suspended') })),
    cronjobs: map(c.cronjobs, (t) => ({ total: n(t, 'total'), scheduled: n(t, 'scheduled'), suspended: n(t, 'suspended'), running: n(t, 'running') })),
    services: map(c.services, (t) => n(t, 'total')),
    ingress: map(c.ingress, (t) => n(t, 'total')),
    configmaps: map(c.configmaps, (t) => n(t, 'total')),
    secrets: map(c.secrets, (t) => n(t, 'total')),
    hpa: map(c.hpa, (t) => n(t, 'total')),
    pvs,
    pvcs: map(c.pvcs, (t) => ({ total: n(t, 'total'), bound: n(t, 'bound'), pending: n(t, 'pending'), lost: n(t, 'lost') })),
    health: computeClusterHealth({ deployments, pods, nodes, pvs }),
    forbidden: SUMMARY_SECTIONS.filter((kind) => c[kind] === null),
  };
}

/** `GET /api/dashboard/summary` from the list DTOs the caller could read. */
export function buildDashboardSummary(input: DashboardInput, now: Date): DashboardSummary {
  const counts = Object.fromEntries(
    SUMMARY_SECTIONS.map((section) => {
      const items = input[section] as readonly NonNullable<DashboardInput[typeof section]>[number][] | null;
      if (items === null) return [section, null];
      const sum: Tally = {};
      for (const item of items) addTally(sum, tallyOf(section, item));
      return [section, sum];
    }),
  ) as SectionCounts;
  return dashboardFromCounts({ context: input.context, namespace: input.namespace, counts }, now);
}
