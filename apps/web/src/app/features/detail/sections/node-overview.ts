import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { listNodePods } from '../../../api/generated/sdk.gen';
import type { NodeDetail } from '../../../api/generated/types.gen';
import { ViewState } from '../../../core/view-state';
import { parseQuantity } from '../detail-logic';
import { Conditions } from '../shared/conditions';
import { type KvRow, KeyValue } from '../shared/key-value';
import { FetchedPods } from '../shared/pods-table';
import { objectScope } from '../shared/scope';

/** A node: conditions, capacity against allocatable, addresses, taints, system info and its pods. */
@Component({
  selector: 'orx-node-overview',
  imports: [Conditions, KeyValue, FetchedPods],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let o = obj();
    <div class="grid">
      <section aria-labelledby="node-info-h">
        <h2 id="node-info-h">System</h2>
        <orx-kv [rows]="info()" />
      </section>
      <section aria-labelledby="node-res-h">
        <h2 id="node-res-h">Capacity and allocatable</h2>
        <div class="table-wrap">
          <table class="t">
            <thead><tr><th scope="col">Resource</th><th scope="col" class="num">Capacity</th><th scope="col" class="num">Allocatable</th><th scope="col" class="num">Reserved</th></tr></thead>
            <tbody>
              @for (r of resources(); track r.name) {
                <tr><td>{{ r.name }}</td><td class="num mono">{{ r.capacity }}</td><td class="num mono">{{ r.allocatable }}</td><td class="num">{{ r.reserved }}</td></tr>
              }
            </tbody>
          </table>
        </div>
        <h3>Addresses</h3>
        <dl class="kv">
          @for (a of o.addresses; track a.type + a.address) {
            <dt>{{ a.type }}</dt><dd class="mono">{{ a.address }}</dd>
          }
        </dl>
      </section>
    </div>
    <section aria-labelledby="node-taints-h">
      <h2 id="node-taints-h">Taints</h2>
      @if (o.taints.length) {
        <div class="chips">@for (t of o.taints; track t.display) { <span class="chip">{{ t.display }}</span> }</div>
      } @else {
        <p class="empty">No taints{{ o.unschedulable ? '' : '; pods can be scheduled here' }}.</p>
      }
      @if (o.unschedulable) { <p class="note">Cordoned: new pods are not scheduled on this node.</p> }
    </section>
    <section aria-labelledby="node-cond-h">
      <h2 id="node-cond-h">Conditions</h2>
      <orx-conditions [conditions]="o.conditions" />
    </section>
    <section aria-labelledby="node-pods-h">
      <h2 id="node-pods-h">Pods on this node</h2>
      <orx-fetched-pods [load]="loadPods()" [showNode]="false" />
    </section>
  `,
  styleUrl: '../shared/detail-shared.scss',
})
export class NodeOverview {
  private readonly view = inject(ViewState);
  readonly obj = input.required<NodeDetail>();
  private readonly name = computed(() => this.obj().name);
  protected readonly loadPods = computed(() => {
    const name = this.name();
    const query = objectScope(this.view.context(), null);
    return () => listNodePods({ path: { name }, query });
  });
  protected readonly info = computed<KvRow[]>(() => {
    const o = this.obj();
    return [
      { label: 'Roles', value: o.roles.join(', ') || '<none>' },
      { label: 'Kubelet', value: o.version, mono: true },
      { label: 'Kube-proxy', value: o.kubeProxyVersion, mono: true },
      { label: 'Container runtime', value: o.containerRuntime, mono: true },
      { label: 'OS image', value: o.osImage },
      { label: 'OS / arch', value: [o.operatingSystem, o.architecture].filter(Boolean).join(' / ') },
      { label: 'Kernel', value: o.kernelVersion, mono: true },
      { label: 'Pod CIDRs', value: o.podCIDRs.join(', '), mono: true },
      { label: 'Provider ID', value: o.providerID, mono: true },
      { label: 'Images', value: o.imageCount },
    ];
  });
  protected readonly resources = computed(() => {
    const o = this.obj();
    const names = [...new Set([...Object.keys(o.capacity.all ?? {}), ...Object.keys(o.allocatable.all ?? {})])].sort();
    return names.map((name) => {
      const cap = o.capacity.all?.[name] ?? '';
      const alloc = o.allocatable.all?.[name] ?? '';
      const c = parseQuantity(cap);
      const a = parseQuantity(alloc);
      const reserved = c && a !== null && c > 0 ? `${Math.round(((c - a) / c) * 100)}%` : '';
      return { name, capacity: cap, allocatable: alloc, reserved };
    });
  });
}
