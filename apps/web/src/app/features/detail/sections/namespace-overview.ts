import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { listResourceQuotas } from '../../../api/generated/sdk.gen';
import type { NamespaceOverview, ResourceQuotaSummary } from '../../../api/generated/types.gen';
import { call, describeError } from '../../../core/api';
import { ViewState } from '../../../core/view-state';
import { Conditions } from '../shared/conditions';
import { QuotaBars } from '../shared/quota-bars';
import { objectScope } from '../shared/scope';

/** A namespace: status, what runs in it, and its resource quotas as used/hard meters. */
@Component({
  selector: 'orx-namespace-overview',
  imports: [Conditions, QuotaBars, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let o = obj();
    <section aria-labelledby="ns-counts-h">
      <h2 id="ns-counts-h">In this namespace</h2>
      <div class="counts">
        @for (c of counts(); track c.kind) {
          <a class="card count-card" [routerLink]="['/', c.kind]" [queryParams]="listParams()">
            <span class="n">{{ c.value ?? '—' }}</span>
            <span class="muted">{{ c.label }}</span>
            @if (c.detail) { <span class="muted small">{{ c.detail }}</span> }
          </a>
        }
      </div>
      @if (o.forbidden.length) {
        <p class="note">Not counted (your identity may not list them): {{ o.forbidden.join(', ') }}.</p>
      }
    </section>
    <section aria-labelledby="ns-quota-h">
      <h2 id="ns-quota-h">Resource quotas</h2>
      @if (quotaError(); as e) {
        <div class="state-box" [class]="e.kind" role="alert"><h3>{{ e.title }}</h3><p>{{ e.message }}</p></div>
      } @else if (quotas() === null) {
        <p class="empty">Loading quotas…</p>
      } @else if (quotas()!.length === 0) {
        <p class="empty">No ResourceQuota limits this namespace.</p>
      } @else {
        <div class="grid">
          @for (q of quotas(); track q.uid || q.name) {
            <article class="card">
              <h3><a [routerLink]="['/', 'resourcequotas', q.namespace, q.name]" [queryParams]="view.linkParams()">{{ q.name }}</a></h3>
              <orx-quota-bars [items]="q.items" />
            </article>
          }
        </div>
      }
    </section>
    @if (o.conditions.length) {
      <section aria-labelledby="ns-cond-h">
        <h2 id="ns-cond-h">Conditions</h2>
        <orx-conditions [conditions]="o.conditions" />
      </section>
    }
  `,
  styleUrl: '../shared/detail-shared.scss',
  styles: `
    .counts { display: flex; gap: 12px; flex-wrap: wrap; }
    .count-card { display: flex; flex-direction: column; min-width: 140px; text-decoration: none; color: var(--text); }
    .count-card:hover { background: var(--hover); }
    .n { font-size: 24px; font-weight: 600; }
    .small { font-size: 12px; }
  `,
})
export class NamespaceOverviewSection {
  protected readonly view = inject(ViewState);
  readonly obj = input.required<NamespaceOverview>();
  private readonly name = computed(() => this.obj().name);
  protected readonly quotas = signal<ResourceQuotaSummary[] | null>(null);
  protected readonly quotaError = signal<ReturnType<typeof describeError> | null>(null);
  protected readonly listParams = computed(() => ({ ...this.view.linkParams(), namespace: this.name() }));
  protected readonly counts = computed(() => {
    const c = this.obj().counts;
    const byStatus = Object.entries(c.podsByStatus ?? {})
      .map(([s, n]) => `${n} ${s}`)
      .join(', ');
    return [
      { kind: 'pods', label: 'Pods', value: c.pods?.total ?? null, detail: byStatus },
      { kind: 'deployments', label: 'Deployments', value: c.deployments?.total ?? null, detail: c.deployments ? `${c.deployments.available} available` : '' },
      { kind: 'services', label: 'Services', value: c.services, detail: '' },
    ];
  });
  private generation = 0;

  constructor() {
    effect(() => {
      const namespace = this.name();
      const query = objectScope(this.view.context(), namespace);
      untracked(() => {
        const mine = ++this.generation;
        call(listResourceQuotas({ query }))
          .then((page) => {
            if (mine !== this.generation) return;
            this.quotaError.set(null);
            this.quotas.set(page.items);
          })
          .catch((e: unknown) => {
            if (mine === this.generation) this.quotaError.set(describeError(e));
          });
      });
    });
  }
}
