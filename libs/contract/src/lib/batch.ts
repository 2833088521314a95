import type { ConditionDto, ConfigReferences, ResourceDetail, ResourceSummary } from './common';
import type { PodTemplateDto } from './workloads';
import type { JobStatus } from './status';

/** A Job as `kubectl get jobs` shows it. */
export interface JobSummary extends ResourceSummary, ConfigReferences {
  /** STATUS as kubectl prints it; see {@link JobStatus}. */
  status: JobStatus;
  /** COMPLETIONS as kubectl prints it: `"1/1"`, `"3/5"`, or `"0/1 of 3"` for a work queue with parallelism 3. */
  completions: string;
  /** `spec.completions`; `null` for a work-queue job. */
  desiredCompletions: number | null;
  /** `spec.parallelism` (1 when unset). */
  parallelism: number;
  /** Pods that succeeded. */
  succeeded: number;
  /** Pods that failed. */
  failed: number;
  /** Pods running now. */
  active: number;
  /** Running pods that are ready; `null` when not reported. */
  ready: number | null;
  /** When the job started, ISO-8601; `null` before. */
  startTime: string | null;
  /** When the job completed, ISO-8601; `null` unless Complete. */
  completionTime: string | null;
  /** DURATION as kubectl prints it (start to completion, or to now while running); `null` before the job starts. */
  duration: string | null;
  /** Name of the CronJob that created the job; `null` for a job not created by one. */
  ownerCronJob: string | null;
  /** Images of the pod template's regular containers. */
  images: string[];
}

/** Everything the job page shows. */
export interface JobDetail extends JobSummary, ResourceDetail {
  /** Job conditions (Complete, Failed, Suspended, FailureTarget, SuccessCriteriaMet). */
  conditions: ConditionDto[];
  /** Retries before the job is marked failed (6 when unset). */
  backoffLimit: number;
  /** Wall-clock limit in seconds; `null` when unset. */
  activeDeadlineSeconds: number | null;
  /** Seconds after finishing before the job is garbage-collected; `null` when unset. */
  ttlSecondsAfterFinished: number | null;
  /** `NonIndexed` or `Indexed`; `null` when unset. */
  completionMode: string | null;
  /** `true` while the job is suspended. */
  suspend: boolean;
  /** The pod template. */
  template: PodTemplateDto;
  /** Label selector in selector syntax; `<none>` when unset. */
  selector: string;
}

/** A CronJob as `kubectl get cronjobs` shows it. */
export interface CronJobSummary extends ResourceSummary, ConfigReferences {
  /** Cron schedule, e.g. `0 2 * * *`. */
  schedule: string;
  /** Time zone of the schedule; `null` for the controller's local time. */
  timeZone: string | null;
  /** `true` when new runs are suspended. */
  suspend: boolean;
  /** ACTIVE: number of jobs running now. */
  active: number;
  /** When a job was last scheduled, ISO-8601; `null` when never. */
  lastScheduleTime: string | null;
  /** LAST SCHEDULE as kubectl prints it (`5m` ago); `<none>` when never. */
  lastSchedule: string;
  /** When a job last completed successfully, ISO-8601; `null` when never. */
  lastSuccessfulTime: string | null;
  /** Images of the job template's regular containers. */
  images: string[];
}

/** Everything the cronjob page shows. */
export interface CronJobDetail extends CronJobSummary, ResourceDetail {
  /** Names of the jobs running now. */
  activeJobs: string[];
  /** `Allow`, `Forbid` or `Replace`. */
  concurrencyPolicy: string;
  /** Successful jobs kept (3 when unset). */
  successfulJobsHistoryLimit: number;
  /** Failed jobs kept (1 when unset). */
  failedJobsHistoryLimit: number;
  /** Seconds after a missed schedule a job may still start; `null` when unset. */
  startingDeadlineSeconds: number | null;
  /** The job template's pod template. */
  template: PodTemplateDto;
}
