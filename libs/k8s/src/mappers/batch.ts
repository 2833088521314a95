import type { CronJobDetail, CronJobSummary, JobDetail, JobStatus, JobSummary } from '@orphelix/contract';
import type { V1CronJob, V1Job } from '@kubernetes/client-node';
import { toPodTemplate } from './containers';
import { detailMeta, summaryMeta, toConditions } from './meta';
import { podSpecReferences } from './references';
import { formatLabelSelector } from './selectors';
import { humanDuration, since, toDate, toIso } from './time';
import type { Wire } from './wire';

type Job = Wire<V1Job>;

// kubectl's hasJobCondition: the first condition of the type decides.
function hasJobCondition(job: Job, type: string): boolean {
  const condition = (job.status?.conditions ?? []).find((c) => c.type === type);
  return condition?.status === 'True';
}

/** STATUS of `kubectl get jobs`, in kubectl's order of precedence. */
export function jobStatus(job: Job): JobStatus {
  if (hasJobCondition(job, 'Complete')) return 'Complete';
  if (hasJobCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasJobCondition(job, 'Suspended')) return 'Suspended';
  if (hasJobCondition(job, 'FailureTarget')) return 'FailureTarget';
  if (hasJobCondition(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

/** COMPLETIONS of `kubectl get jobs`: `succeeded/completions`, or for work queues `succeeded/1 (of parallelism)`. */
export function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  const completions = job.spec?.completions;
  if (completions !== undefined && completions !== null) return `${succeeded}/${completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** DURATION of `kubectl get jobs`: start to completion, or to now while not complete; `null` before the start. */
export function jobDuration(job: Job, now: Date): string | null {
  const start = toDate(job.status?.startTime);
  if (!start) return null;
  const end = toDate(job.status?.completionTime) ?? now;
  return humanDuration(end.getTime() - start.getTime());
}

export function toJobSummary(job: Job, now: Date): JobSummary {
  const status = job.status;
  const owner = job.metadata?.ownerReferences?.find((ref) => ref.controller === true && ref.kind === 'CronJob');
  return {
    ...summaryMeta(job, now),
    status: jobStatus(job),
    completions: jobCompletions(job),
    desiredCompletions: job.spec?.completions ?? null,
    parallelism: job.spec?.parallelism ?? 1,
    succeeded: status?.succeeded ?? 0,
    failed: status?.failed ?? 0,
    active: status?.active ?? 0,
    ready: status?.ready ?? null,
    startTime: toIso(status?.startTime),
    completionTime: toIso(status?.completionTime),
    duration: jobDuration(job, now),
    ownerCronJob: owner?.name ?? null,
    images: (job.spec?.template?.spec?.containers ?? []).map((container) => container.image ?? ''),
    ...podSpecReferences(job.spec?.template?.spec),
  };
}

export function toJobDetail(job: Job, now: Date): JobDetail {
  const spec = job.spec;
  return {
    ...toJobSummary(job, now),
    ...detailMeta(job),
    conditions: toConditions(job.status?.conditions),
    backoffLimit: spec?.backoffLimit ?? 6,
    activeDeadlineSeconds: spec?.activeDeadlineSeconds ?? null,
    ttlSecondsAfterFinished: spec?.ttlSecondsAfterFinished ?? null,
    completionMode: spec?.completionMode ?? null,
    suspend: spec?.suspend === true,
    template: toPodTemplate(spec?.template),
    selector: formatLabelSelector(spec?.selector),
  };
}

type CronJob = Wire<V1CronJob>;

export function toCronJobSummary(cronJob: CronJob, now: Date): CronJobSummary {
  const spec = cronJob.spec;
  const status = cronJob.status;
  const podSpec = spec?.jobTemplate?.spec?.template?.spec;
  const lastScheduleTime = toIso(status?.lastScheduleTime);
  return {
    ...summaryMeta(cronJob, now),
    schedule: spec?.schedule ?? '',
    timeZone: spec?.timeZone || null,
    suspend: spec?.suspend === true,
    active: status?.active?.length ?? 0,
    lastScheduleTime,
    lastSchedule: lastScheduleTime ? since(lastScheduleTime, now) : '<none>',
    lastSuccessfulTime: toIso(status?.lastSuccessfulTime),
    images: (podSpec?.containers ?? []).map((container) => container.image ?? ''),
    ...podSpecReferences(podSpec),
  };
}

export function toCronJobDetail(cronJob: CronJob, now: Date): CronJobDetail {
  const spec = cronJob.spec;
  return {
    ...toCronJobSummary(cronJob, now),
    ...detailMeta(cronJob),
    activeJobs: (cronJob.status?.active ?? []).map((ref) => ref.name ?? ''),
    concurrencyPolicy: spec?.concurrencyPolicy ?? 'Allow',
    successfulJobsHistoryLimit: spec?.successfulJobsHistoryLimit ?? 3,
    failedJobsHistoryLimit: spec?.failedJobsHistoryLimit ?? 1,
    startingDeadlineSeconds: spec?.startingDeadlineSeconds ?? null,
    template: toPodTemplate(spec?.jobTemplate?.spec?.template),
  };
}
