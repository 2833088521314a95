import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { listServicePods } from '../../../api/generated/sdk.gen';
import type { IngressBackendDto, IngressDetail, ServiceDetail } from '../../../api/generated/types.gen';
import { ViewState } from '../../../core/view-state';
import { type KvRow, KeyValue } from '../shared/key-value';
import { FetchedPods } from '../shared/pods-table';
import { Labels } from '../shared/refs';
import { objectScope } from '../shared/scope';
import { Conditions } from '../shared/conditions';

/** A Service: type, addresses, ports, selector and the pods it selects. */
@Component({
  selector: 'orx-service-overview',
  imports: [KeyValue, FetchedPods, Labels, Conditions],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let o = obj();
    <div class="grid">
      <section aria-labelledby="svc-details-h">
        <h2 id="svc-details-h">Details</h2>
        <orx-kv [rows]="details()" />
        <h3>Selector</h3>
        <orx-labels [labels]="o.selector" emptyText="No selector: endpoints are managed by hand" />
      </section>
      <section aria-labelledby="svc-ports-h">
        <h2 id="svc-ports-h">Ports</h2>
        @if (o.ports.length === 0) {
          <p class="empty">No ports.</p>
        } @else {
          <div class="table-wrap">
            <table class="t">
              <thead><tr><th scope="col">Name</th><th scope="col" class="num">Port</th><th scope="col">Target</th><th scope="col">Protocol</th><th scope="col" class="num">Node port</th></tr></thead>
              <tbody>
                @for (p of o.ports; track $index) {
                  <tr><td>{{ p.name ?? '' }}</td><td class="num">{{ p.port }}</td><td>{{ p.targetPort }}</td><td>{{ p.protocol }}{{ p.appProtocol ? ' (' + p.appProtocol + ')' : '' }}</td><td class="num">{{ p.nodePort ?? '' }}</td></tr>
                }
              </tbody>
            </table>
          </div>
        }
      </section>
    </div>
    @if (o.type !== 'ExternalName') {
      <section aria-labelledby="svc-pods-h">
        <h2 id="svc-pods-h">Matching pods</h2>
        <orx-fetched-pods [load]="loadPods()" />
      </section>
    }
    @if (o.conditions.length) {
      <section aria-labelledby="svc-cond-h">
        <h2 id="svc-cond-h">Conditions</h2>
        <orx-conditions [conditions]="o.conditions" />
      </section>
    }
  `,
  styleUrl: '../shared/detail-shared.scss',
})
export class ServiceOverview {
  private readonly view = inject(ViewState);
  readonly obj = input.required<ServiceDetail>();
  private readonly name = computed(() => this.obj().name);
  private readonly namespace = computed(() => this.obj().namespace);
  protected readonly loadPods = computed(() => {
    const name = this.name();
    const query = objectScope(this.view.context(), this.namespace());
    return () => listServicePods({ path: { name }, query });
  });
  protected readonly details = computed<KvRow[]>(() => {
    const o = this.obj();
    return [
      { label: 'Type', value: o.type },
      { label: 'Cluster IP', value: o.clusterIPs.length > 1 ? o.clusterIPs.join(', ') : o.clusterIP, mono: true },
      { label: 'External IPs', value: o.externalIPs.join(', '), mono: true },
      { label: 'Load balancer', value: o.loadBalancerIngress.join(', '), mono: true },
      { label: 'External name', value: o.externalName, mono: true },
      { label: 'Session affinity', value: o.sessionAffinity },
      { label: 'External traffic', value: o.externalTrafficPolicy },
      { label: 'Internal traffic', value: o.internalTrafficPolicy },
      { label: 'IP families', value: [o.ipFamilies.join(', '), o.ipFamilyPolicy].filter(Boolean).join(' · ') },
    ];
  });
}

/** An Ingress: class, address, rules host → path → backend, TLS. */
@Component({
  selector: 'orx-ingress-overview',
  imports: [KeyValue, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let o = obj();
    <section aria-labelledby="ing-details-h">
      <h2 id="ing-details-h">Details</h2>
      <orx-kv [rows]="details()" />
    </section>
    <section aria-labelledby="ing-rules-h">
      <h2 id="ing-rules-h">Rules</h2>
      @if (rows().length === 0) {
        <p class="empty">No rules{{ o.defaultBackend ? ': everything goes to the default backend' : '' }}.</p>
      } @else {
        <div class="table-wrap">
          <table class="t" data-testid="ingress-rules">
            <thead><tr><th scope="col">Host</th><th scope="col">Path</th><th scope="col">Path type</th><th scope="col">Backend</th></tr></thead>
            <tbody>
              @for (r of rows(); track $index) {
                <tr>
                  <td>{{ r.host }}</td>
                  <td class="mono">{{ r.path }}</td>
                  <td>{{ r.pathType }}</td>
                  <td>
                    @if (r.backend.service; as s) {
                      <a [routerLink]="['/', 'services', o.namespace, s.name]" [queryParams]="view.linkParams()">{{ s.name }}</a>:{{ s.port ?? '' }}
                    } @else {
                      {{ r.backend.display }}
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </section>
    <section aria-labelledby="ing-tls-h">
      <h2 id="ing-tls-h">TLS</h2>
      @if (o.tls.length === 0) {
        <p class="empty">No TLS: served over plain HTTP.</p>
      } @else {
        <dl class="kv">
          @for (t of o.tls; track $index) {
            <dt>{{ t.hosts.join(', ') || '(all hosts)' }}</dt>
            <dd>
              @if (t.secretName) {
                <a [routerLink]="['/', 'secrets', o.namespace, t.secretName]" [queryParams]="view.linkParams()">{{ t.secretName }}</a>
              } @else {
                <span class="muted">default certificate</span>
              }
            </dd>
          }
        </dl>
      }
    </section>
  `,
  styleUrl: '../shared/detail-shared.scss',
})
export class IngressOverview {
  protected readonly view = inject(ViewState);
  readonly obj = input.required<IngressDetail>();
  protected readonly rows = computed(() => {
    const out: { host: string; path: string; pathType: string; backend: IngressBackendDto }[] = [];
    for (const rule of this.obj().rules) {
      for (const p of rule.paths) out.push({ host: rule.host ?? '*', path: p.path || '/', pathType: p.pathType, backend: p.backend });
    }
    return out;
  });
  protected readonly details = computed<KvRow[]>(() => {
    const o = this.obj();
    const def = o.defaultBackend;
    return [
      { label: 'Class', value: o.className ?? '(cluster default)' },
      { label: 'Address', value: o.address, mono: true },
      { label: 'Ports', value: o.ports },
      { label: 'Hosts', value: o.hostsDisplay },
      {
        label: 'Default backend',
        value: def?.display,
        link: def?.service ? ['/', 'services', o.namespace ?? '', def.service.name] : null,
      },
    ];
  });
}
