import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { getJob, getReplicaSet } from '../../../api/generated/sdk.gen';
import type { PodDetail } from '../../../api/generated/types.gen';
import { call } from '../../../core/api';
import { ViewState } from '../../../core/view-state';
import { ownerChain } from '../detail-logic';
import { Conditions } from '../shared/conditions';
import { type KvRow, KeyValue } from '../shared/key-value';
import { ConfigRefs } from '../shared/refs';
import { objectScope } from '../shared/scope';
import { ContainerCard } from './container-card';

/** A pod: details, who owns it, its containers, conditions, configuration, volumes and tolerations. */
@Component({
  selector: 'orx-pod-overview',
  imports: [RouterLink, Conditions, KeyValue, ConfigRefs, ContainerCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let o = obj();
    <div class="grid">
      <section aria-labelledby="pod-details-h">
        <h2 id="pod-details-h">Details</h2>
        <orx-kv [rows]="details()" />
      </section>
      <section aria-labelledby="pod-owner-h">
        <h2 id="pod-owner-h">Owned by</h2>
        @if (chain().length === 0) {
          <p class="empty" data-testid="owner-chain">No controller owns this pod (a bare pod): nothing recreates it if it is deleted.</p>
        } @else {
          <ol class="chain" data-testid="owner-chain">
            @for (link of chain(); track link.kind + link.name) {
              <li>
                <span class="muted">{{ link.kind }}</span>&nbsp;
                @if (link.route) {
                  <a [routerLink]="link.route" [queryParams]="view.linkParams()">{{ link.name }}</a>
                } @else {
                  {{ link.name }}
                }
              </li>
            }
          </ol>
        }
        <h2 id="pod-config-h">Configuration</h2>
        <orx-config-refs [configMaps]="o.configMaps" [secrets]="o.secrets" [namespace]="o.namespace ?? ''" />
      </section>
    </div>
    <section aria-labelledby="pod-containers-h">
      <h2 id="pod-containers-h">Containers ({{ o.containers.length }}{{ o.initContainers.length ? ' + ' + o.initContainers.length + ' init' : '' }})</h2>
      <div class="grid">
        @for (c of o.initContainers; track c.name) {
          <orx-container-card [container]="c" [init]="true" />
        }
        @for (c of o.containers; track c.name) {
          <orx-container-card [container]="c" />
        }
      </div>
    </section>
    <section aria-labelledby="pod-cond-h">
      <h2 id="pod-cond-h">Conditions</h2>
      <orx-conditions [conditions]="o.conditions" />
    </section>
    @if (o.volumes.length) {
      <section aria-labelledby="pod-vol-h">
        <h2 id="pod-vol-h">Volumes</h2>
        <div class="table-wrap">
          <table class="t">
            <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Source</th></tr></thead>
            <tbody>
              @for (v of o.volumes; track v.name) {
                <tr><td>{{ v.name }}</td><td>{{ v.type }}</td><td class="mono">{{ v.source ?? '' }}</td></tr>
              }
            </tbody>
          </table>
        </div>
      </section>
    }
    @if (o.tolerations.length) {
      <section aria-labelledby="pod-tol-h">
        <h2 id="pod-tol-h">Tolerations</h2>
        <div class="chips">@for (t of o.tolerations; track t) { <span class="chip">{{ t }}</span> }</div>
      </section>
    }
  `,
  styleUrl: '../shared/detail-shared.scss',
  styles: `
    .chain { list-style: none; margin: 0 0 14px; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
    .chain li + li::before { content: '←'; color: var(--text-2); margin-right: 6px; }
  `,
})
export class PodOverview {
  protected readonly view = inject(ViewState);
  readonly obj = input.required<PodDetail>();
  /** What the controller's own page says about its owner (a ReplicaSet's Deployment, a Job's CronJob). */
  private readonly parent = signal<{ ownerDeployment?: string | null; ownerCronJob?: string | null } | null>(null);
  protected readonly chain = computed(() => ownerChain(this.obj().controlledBy, this.obj().namespace, this.parent()));

  constructor() {
    effect(() => {
      const owner = this.obj().controlledBy;
      const scope = objectScope(this.view.context(), this.obj().namespace);
      const key = owner ? `${owner.kind}/${owner.name}` : '';
      untracked(() => {
        if (key === this.parentKey) return;
        this.parentKey = key;
        this.parent.set(null);
        if (owner?.kind === 'ReplicaSet') {
          call(getReplicaSet({ path: { name: owner.name }, query: scope }))
            .then((rs) => this.parent.set({ ownerDeployment: rs.ownerDeployment }))
            .catch(() => undefined);
        } else if (owner?.kind === 'Job') {
          call(getJob({ path: { name: owner.name }, query: scope }))
            .then((job) => this.parent.set({ ownerCronJob: job.ownerCronJob }))
            .catch(() => undefined);
        }
      });
    });
  }
  private parentKey: string | null = null;

  protected readonly details = computed<KvRow[]>(() => {
    const o = this.obj();
    return [
      { label: 'Status', value: o.status, badge: true },
      { label: 'Phase', value: o.phase },
      { label: 'Reason', value: o.reason },
      { label: 'Message', value: o.message },
      { label: 'Ready', value: o.ready },
      { label: 'Restarts', value: o.restartsDisplay },
      { label: 'Node', value: o.nodeName, link: o.nodeName ? ['/', 'nodes', o.nodeName] : null },
      { label: 'Nominated node', value: o.nominatedNodeName },
      { label: 'Pod IP', value: o.podIPs.length > 1 ? o.podIPs.join(', ') : o.ip, mono: true },
      { label: 'Host IP', value: o.hostIP, mono: true },
      { label: 'QoS class', value: o.qosClass },
      { label: 'Service account', value: o.serviceAccountName },
      { label: 'Restart policy', value: o.restartPolicy },
      { label: 'Priority class', value: o.priorityClassName },
      { label: 'Started', value: o.startTime },
      { label: 'Readiness gates', value: o.readinessGates },
    ];
  });
}
