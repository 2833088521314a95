import type {
  CronJobSummary,
  DaemonSetSummary,
  DeploymentSummary,
  JobSummary,
  PodSummary,
  ReplicaSetSummary,
  StatefulSetSummary,
} from '@orphelix/contract';
import type { SortKeys, SortValue } from '../common/query/paginate';

/*
 * Route sort keys on top of name, namespace, age and createdAt. `ready` sorts by the share of what is
 * wanted that is ready, so `0/3` comes before `2/3` before `3/3` whatever the sizes; a workload that
 * wants nothing (scaled to zero) has no share and sorts last either way. Time-valued keys that kubectl
 * prints as an age (`lastSchedule`) sort like `age`: ascending is most recent first.
 */

const share = (part: number, whole: number | null): SortValue => (whole ? part / whole : null);

const time = (iso: string | null): number | null => {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? null : ms;
};

const revisionNumber = (revision: string | null): number | null => {
  const n = revision === null ? NaN : Number(revision);
  return Number.isFinite(n) ? n : null;
};

export const POD_SORT_KEYS: SortKeys<PodSummary> = {
  status: (p) => p.status,
  ready: (p) => share(p.readyContainers, p.totalContainers),
  restarts: (p) => p.restarts,
  node: (p) => p.nodeName,
};

export const DEPLOYMENT_SORT_KEYS: SortKeys<DeploymentSummary> = {
  status: (d) => d.status,
  ready: (d) => share(d.replicas.ready, d.replicas.desired),
  replicas: (d) => d.replicas.desired,
  upToDate: (d) => d.replicas.updated,
  available: (d) => d.replicas.available,
};

export const STATEFULSET_SORT_KEYS: SortKeys<StatefulSetSummary> = {
  status: (s) => s.status,
  ready: (s) => share(s.replicas.ready, s.replicas.desired),
  replicas: (s) => s.replicas.desired,
};

export const DAEMONSET_SORT_KEYS: SortKeys<DaemonSetSummary> = {
  status: (d) => d.status,
  ready: (d) => share(d.counts.ready, d.counts.desired),
  desired: (d) => d.counts.desired,
  upToDate: (d) => d.counts.upToDate,
  available: (d) => d.counts.available,
};

export const REPLICASET_SORT_KEYS: SortKeys<ReplicaSetSummary> = {
  status: (r) => r.status,
  ready: (r) => share(r.replicas.ready, r.replicas.desired),
  replicas: (r) => r.replicas.desired,
  // Numeric: revision 10 is newer than revision 9.
  revision: (r) => revisionNumber(r.revision),
};

export const JOB_SORT_KEYS: SortKeys<JobSummary> = {
  status: (j) => j.status,
  completions: (j) => share(j.succeeded, j.desiredCompletions ?? 1),
  failed: (j) => j.failed,
  startTime: (j) => time(j.startTime),
  // As DURATION counts it: start to completion, or to now while unfinished.
  duration: (j) => {
    const start = time(j.startTime);
    return start === null ? null : (time(j.completionTime) ?? Date.now()) - start;
  },
};

export const CRONJOB_SORT_KEYS: SortKeys<CronJobSummary> = {
  schedule: (c) => c.schedule,
  suspend: (c) => (c.suspend ? 1 : 0),
  active: (c) => c.active,
  lastSchedule: (c) => {
    const ms = time(c.lastScheduleTime);
    return ms === null ? null : -ms;
  },
};
