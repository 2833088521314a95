import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { listDeploymentReplicaSets } from '../../../api/generated/sdk.gen';
import type { DaemonSetDetail, DeploymentDetail, ReplicaSetDetail, ReplicaSetSummary, StatefulSetDetail } from '../../../api/generated/types.gen';
import { kubeAge } from '../../../core/age';
import { call, describeError } from '../../../core/api';
import { Clock } from '../../../core/clock';
import { statusTone } from '../../../core/kinds';
import { LiveStream } from '../../../core/live-stream';
import { ViewState } from '../../../core/view-state';
import { rolloutProgress, throttle } from '../detail-logic';
import { Bar } from '../shared/bar';
import { Conditions } from '../shared/conditions';
import { type KvRow, KeyValue } from '../shared/key-value';
import { SelectorPods } from '../shared/pods-table';
import { ConfigRefs } from '../shared/refs';
import { objectScope } from '../shared/scope';

type Workload = DeploymentDetail | StatefulSetDetail | DaemonSetDetail | ReplicaSetDetail;
type WorkloadKind = 'deployments' | 'statefulsets' | 'daemonsets' | 'replicasets';

/** A Deployment's ReplicaSets, newest revision first, refreshed when one changes. */
@Component({
  selector: 'orx-replicasets',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error(); as e) {
      <div class="state-box" [class]="e.kind" role="alert"><h3>{{ e.title }}</h3><p>{{ e.message }}</p></div>
    } @else if (items() === null) {
      <p class="empty">Loading ReplicaSets…</p>
    } @else if (items()!.length === 0) {
      <p class="empty">No ReplicaSets.</p>
    } @else {
      <div class="table-wrap">
        <table class="t" data-testid="detail-replicasets">
          <thead><tr><th scope="col">Revision</th><th scope="col">Name</th><th scope="col">Status</th><th scope="col" class="num">Ready</th><th scope="col">Images</th><th scope="col" class="num">Age</th></tr></thead>
          <tbody>
            @for (r of items(); track r.uid || r.name) {
              <tr>
                <td class="num">{{ r.revision ?? '' }}</td>
                <td><a [routerLink]="['/', 'replicasets', r.namespace, r.name]" [queryParams]="view.linkParams()">{{ r.name }}</a></td>
                <td><span class="badge" [class]="tone(r.status)">{{ r.status }}</span></td>
                <td class="num">{{ r.ready }}</td>
                <td class="mono">{{ r.images.join(', ') }}</td>
                <td class="num">{{ age(r.createdAt) }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  styleUrl: '../shared/detail-shared.scss',
})
export class ReplicaSets {
  protected readonly view = inject(ViewState);
  private readonly clock = inject(Clock);
  readonly deployment = input.required<string>();
  readonly namespace = input.required<string>();
  protected readonly items = signal<ReplicaSetSummary[] | null>(null);
  protected readonly error = signal<ReturnType<typeof describeError> | null>(null);
  protected readonly tone = statusTone;
  private generation = 0;
  private readonly refresh = throttle(() => this.load(), 1000);

  constructor() {
    effect(() => {
      this.deployment();
      this.namespace();
      this.view.context();
      untracked(() => this.load());
    });
    const sub = inject(LiveStream)
      .changes<ReplicaSetSummary>('replicasets')
      .subscribe((c) => {
        if (c.object.namespace === this.namespace() && c.object.ownerDeployment === this.deployment()) this.refresh();
      });
    inject(DestroyRef).onDestroy(() => {
      sub.unsubscribe();
      this.refresh.cancel();
    });
  }

  protected age(iso: string | null): string {
    return kubeAge(iso, this.clock.now());
  }

  private load(): void {
    const mine = ++this.generation;
    call(listDeploymentReplicaSets({ path: { name: this.deployment() }, query: objectScope(this.view.context(), this.namespace()) }))
      .then((page) => {
        if (mine !== this.generation) return;
        this.error.set(null);
        this.items.set([...page.items].sort((a, b) => Number(b.revision ?? 0) - Number(a.revision ?? 0)));
      })
      .catch((e: unknown) => {
        if (mine === this.generation) this.error.set(describeError(e));
      });
  }
}

/** Deployments, StatefulSets, DaemonSets and ReplicaSets: rollout, settings, conditions, config, pods. */
@Component({
  selector: 'orx-workload-overview',
  imports: [Bar, Conditions, KeyValue, ConfigRefs, SelectorPods, ReplicaSets],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let o = obj();
    @let p = progress();
    <section aria-labelledby="wl-rollout-h">
      <h2 id="wl-rollout-h">{{ kind() === 'daemonsets' ? 'Scheduling' : 'Rollout' }}</h2>
      <div class="progress" data-testid="rollout-progress">
        <span>Updated</span><orx-bar [percent]="p.updatedPct" [tone]="p.updatedPct >= 100 ? 'ok' : 'warn'" label="Updated replicas" /><span class="num">{{ p.updated }}/{{ p.desired }}</span>
        <span>Ready</span><orx-bar [percent]="p.readyPct" [tone]="p.readyPct >= 100 ? 'ok' : 'warn'" label="Ready replicas" /><span class="num">{{ p.ready }}/{{ p.desired }}</span>
        <span>Available</span><orx-bar [percent]="p.availablePct" [tone]="p.availablePct >= 100 ? 'ok' : 'warn'" label="Available replicas" /><span class="num">{{ p.available }}/{{ p.desired }}</span>
      </div>
      <p class="note" aria-live="polite">{{ p.text }}{{ o.statusMessage ? ' — ' + o.statusMessage : '' }}</p>
    </section>
    <div class="grid">
      <section aria-labelledby="wl-details-h">
        <h2 id="wl-details-h">Details</h2>
        <orx-kv [rows]="details()" />
      </section>
      <section aria-labelledby="wl-config-h">
        <h2 id="wl-config-h">Configuration</h2>
        <orx-config-refs [configMaps]="o.configMaps" [secrets]="o.secrets" [namespace]="o.namespace ?? ''" />
      </section>
    </div>
    <section aria-labelledby="wl-pods-h">
      <h2 id="wl-pods-h">Pods</h2>
      <orx-selector-pods [selector]="o.selector" [namespace]="o.namespace ?? ''" />
    </section>
    @if (kind() === 'deployments') {
      <section aria-labelledby="wl-rs-h">
        <h2 id="wl-rs-h">ReplicaSets</h2>
        <orx-replicasets [deployment]="o.name" [namespace]="o.namespace ?? ''" />
      </section>
    }
    <section aria-labelledby="wl-cond-h">
      <h2 id="wl-cond-h">Conditions</h2>
      <orx-conditions [conditions]="o.conditions" />
    </section>
  `,
  styleUrl: '../shared/detail-shared.scss',
  styles: `.progress { display: grid; grid-template-columns: max-content minmax(120px, 420px) max-content; gap: 6px 12px; align-items: center; } .num { font-variant-numeric: tabular-nums; }`,
})
export class WorkloadOverview {
  readonly kind = input.required<WorkloadKind>();
  readonly obj = input.required<Workload>();

  protected readonly progress = computed(() => {
    const o = this.obj();
    if ('counts' in o) {
      const c = o.counts;
      return rolloutProgress({ desired: c.desired, updated: c.upToDate, ready: c.ready, available: c.available });
    }
    const r = o.replicas;
    return rolloutProgress({ desired: r.desired, updated: r.updated, ready: r.ready, available: r.available });
  });

  protected readonly details = computed<KvRow[]>(() => {
    const o = this.obj();
    const ns = o.namespace ?? '';
    const rows: KvRow[] = [];
    if ('strategy' in o) {
      rows.push({ label: 'Strategy', value: o.strategy });
      if (o.rollingUpdate) rows.push({ label: 'Max surge / unavailable', value: `${o.rollingUpdate.maxSurge ?? '—'} / ${o.rollingUpdate.maxUnavailable ?? '—'}` });
      rows.push({ label: 'Revision', value: o.revision }, { label: 'Paused', value: o.paused }, { label: 'Progress deadline', value: o.progressDeadlineSeconds != null ? `${o.progressDeadlineSeconds}s` : null });
    }
    if ('podManagementPolicy' in o) {
      rows.push(
        { label: 'Update strategy', value: o.updateStrategy },
        { label: 'Partition', value: o.partition },
        { label: 'Pod management', value: o.podManagementPolicy },
        { label: 'Service', value: o.serviceName, link: o.serviceName ? ['/', 'services', ns, o.serviceName] : null },
        { label: 'Revisions', value: o.currentRevision === o.updateRevision ? o.currentRevision : `${o.currentRevision} → ${o.updateRevision}`, mono: true },
        { label: 'Volume claim templates', value: o.volumeClaimTemplates.join(', ') },
      );
    }
    if ('counts' in o) {
      rows.push(
        { label: 'Update strategy', value: o.updateStrategy },
        { label: 'Node selector', value: o.nodeSelector, mono: true },
        { label: 'Misscheduled', value: o.counts.misscheduled || null },
      );
    }
    if ('ownerDeployment' in o) {
      rows.push(
        { label: 'Deployment', value: o.ownerDeployment, link: o.ownerDeployment ? ['/', 'deployments', ns, o.ownerDeployment] : null },
        { label: 'Revision', value: o.revision },
      );
    }
    rows.push(
      { label: 'Selector', value: o.selector, mono: true },
      { label: 'Min ready', value: o.minReadySeconds ? `${o.minReadySeconds}s` : null },
      { label: 'Images', value: o.images.join(', '), mono: true },
      { label: 'Service account', value: o.template?.serviceAccountName },
    );
    return rows;
  });
}
