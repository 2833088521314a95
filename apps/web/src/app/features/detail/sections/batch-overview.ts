import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { listCronJobJobs, listJobPods } from '../../../api/generated/sdk.gen';
import type { CronJobDetail, JobDetail, JobSummary } from '../../../api/generated/types.gen';
import { kubeAge } from '../../../core/age';
import { call, describeError } from '../../../core/api';
import { Clock } from '../../../core/clock';
import { statusTone } from '../../../core/kinds';
import { LiveStream } from '../../../core/live-stream';
import { ViewState } from '../../../core/view-state';
import { describeCron, throttle } from '../detail-logic';
import { Conditions } from '../shared/conditions';
import { type KvRow, KeyValue } from '../shared/key-value';
import { FetchedPods } from '../shared/pods-table';
import { ConfigRefs } from '../shared/refs';
import { objectScope } from '../shared/scope';

/** A Job: status, completions, timing, conditions, configuration and its pods. */
@Component({
  selector: 'orx-job-overview',
  imports: [Conditions, KeyValue, FetchedPods, ConfigRefs],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let o = obj();
    <div class="grid">
      <section aria-labelledby="job-details-h">
        <h2 id="job-details-h">Details</h2>
        <orx-kv [rows]="details()" />
      </section>
      <section aria-labelledby="job-config-h">
        <h2 id="job-config-h">Configuration</h2>
        <orx-config-refs [configMaps]="o.configMaps" [secrets]="o.secrets" [namespace]="o.namespace ?? ''" />
      </section>
    </div>
    <section aria-labelledby="job-pods-h">
      <h2 id="job-pods-h">Pods</h2>
      <orx-fetched-pods [load]="loadPods()" />
    </section>
    <section aria-labelledby="job-cond-h">
      <h2 id="job-cond-h">Conditions</h2>
      <orx-conditions [conditions]="o.conditions" />
    </section>
  `,
  styleUrl: '../shared/detail-shared.scss',
})
export class JobOverview {
  private readonly view = inject(ViewState);
  readonly obj = input.required<JobDetail>();
  private readonly name = computed(() => this.obj().name);
  private readonly namespace = computed(() => this.obj().namespace);
  protected readonly loadPods = computed(() => {
    const name = this.name();
    const query = objectScope(this.view.context(), this.namespace());
    return () => listJobPods({ path: { name }, query });
  });
  protected readonly details = computed<KvRow[]>(() => {
    const o = this.obj();
    return [
      { label: 'Status', value: o.status, badge: true },
      { label: 'Completions', value: o.completions },
      { label: 'Active / succeeded / failed', value: `${o.active} / ${o.succeeded} / ${o.failed}` },
      { label: 'Duration', value: o.duration },
      { label: 'Started', value: o.startTime },
      { label: 'Completed', value: o.completionTime },
      { label: 'Parallelism', value: o.parallelism },
      { label: 'Completion mode', value: o.completionMode },
      { label: 'Backoff limit', value: o.backoffLimit },
      { label: 'Active deadline', value: o.activeDeadlineSeconds != null ? `${o.activeDeadlineSeconds}s` : null },
      { label: 'TTL after finished', value: o.ttlSecondsAfterFinished != null ? `${o.ttlSecondsAfterFinished}s` : null },
      { label: 'Suspended', value: o.suspend || null },
      { label: 'CronJob', value: o.ownerCronJob, link: o.ownerCronJob ? ['/', 'cronjobs', o.namespace ?? '', o.ownerCronJob] : null },
      { label: 'Images', value: o.images.join(', '), mono: true },
    ];
  });
}

/** A CronJob: its schedule in words, suspension, last runs and the Jobs it created. */
@Component({
  selector: 'orx-cronjob-overview',
  imports: [KeyValue, RouterLink, ConfigRefs],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let o = obj();
    <div class="grid">
      <section aria-labelledby="cj-details-h">
        <h2 id="cj-details-h">Schedule</h2>
        <orx-kv [rows]="details()" />
      </section>
      <section aria-labelledby="cj-config-h">
        <h2 id="cj-config-h">Configuration</h2>
        <orx-config-refs [configMaps]="o.configMaps" [secrets]="o.secrets" [namespace]="o.namespace ?? ''" />
      </section>
    </div>
    <section aria-labelledby="cj-jobs-h">
      <h2 id="cj-jobs-h">Jobs</h2>
      @if (error(); as e) {
        <div class="state-box" [class]="e.kind" role="alert"><h3>{{ e.title }}</h3><p>{{ e.message }}</p></div>
      } @else if (jobs() === null) {
        <p class="empty">Loading jobs…</p>
      } @else if (jobs()!.length === 0) {
        <p class="empty">No jobs kept (history limits: {{ o.successfulJobsHistoryLimit }} successful, {{ o.failedJobsHistoryLimit }} failed).</p>
      } @else {
        <div class="table-wrap">
          <table class="t" data-testid="cronjob-jobs">
            <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Completions</th><th scope="col">Duration</th><th scope="col" class="num">Age</th></tr></thead>
            <tbody>
              @for (j of jobs(); track j.uid || j.name) {
                <tr>
                  <td><a [routerLink]="['/', 'jobs', j.namespace, j.name]" [queryParams]="view.linkParams()">{{ j.name }}</a></td>
                  <td><span class="badge" [class]="tone(j.status)">{{ j.status }}</span></td>
                  <td>{{ j.completions }}</td>
                  <td>{{ j.duration ?? '' }}</td>
                  <td class="num">{{ age(j.createdAt) }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </section>
  `,
  styleUrl: '../shared/detail-shared.scss',
})
export class CronJobOverview {
  protected readonly view = inject(ViewState);
  private readonly clock = inject(Clock);
  readonly obj = input.required<CronJobDetail>();
  private readonly key = computed(() => `${this.obj().namespace}/${this.obj().name}`);
  protected readonly jobs = signal<JobSummary[] | null>(null);
  protected readonly error = signal<ReturnType<typeof describeError> | null>(null);
  protected readonly tone = statusTone;
  private generation = 0;
  private readonly refresh = throttle(() => this.load(), 1000);

  constructor() {
    effect(() => {
      this.key();
      this.view.context();
      untracked(() => this.load());
    });
    const sub = inject(LiveStream)
      .changes<JobSummary>('jobs')
      .subscribe((c) => {
        if (c.object.namespace === this.obj().namespace && c.object.ownerCronJob === this.obj().name) this.refresh();
      });
    inject(DestroyRef).onDestroy(() => {
      sub.unsubscribe();
      this.refresh.cancel();
    });
  }

  protected readonly details = computed<KvRow[]>(() => {
    const o = this.obj();
    const now = this.clock.now();
    const ago = (iso: string | null) => (iso ? `${kubeAge(iso, now)} ago (${iso})` : 'never');
    return [
      { label: 'Schedule', value: o.schedule, mono: true },
      { label: 'Runs', value: describeCron(o.schedule) },
      { label: 'Time zone', value: o.timeZone ?? 'the controller’s (usually UTC)' },
      { label: 'Suspended', value: o.suspend },
      { label: 'Last schedule', value: ago(o.lastScheduleTime) },
      { label: 'Last success', value: ago(o.lastSuccessfulTime) },
      { label: 'Active jobs', value: o.active },
      { label: 'Concurrency', value: o.concurrencyPolicy },
      { label: 'Starting deadline', value: o.startingDeadlineSeconds != null ? `${o.startingDeadlineSeconds}s` : null },
      { label: 'History kept', value: `${o.successfulJobsHistoryLimit} successful, ${o.failedJobsHistoryLimit} failed` },
      { label: 'Images', value: o.images.join(', '), mono: true },
    ];
  });

  protected age(iso: string | null): string {
    return kubeAge(iso, this.clock.now());
  }

  private load(): void {
    const mine = ++this.generation;
    const o = this.obj();
    call(listCronJobJobs({ path: { name: o.name }, query: objectScope(this.view.context(), o.namespace) }))
      .then((page) => {
        if (mine !== this.generation) return;
        this.error.set(null);
        this.jobs.set([...page.items].sort((a, b) => (Date.parse(b.createdAt ?? '') || 0) - (Date.parse(a.createdAt ?? '') || 0)));
      })
      .catch((e: unknown) => {
        if (mine === this.generation) this.error.set(describeError(e));
      });
  }
}
