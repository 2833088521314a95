import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { HpaDetail, HpaMetricValueDto } from '../../../api/generated/types.gen';
import { metricShare, objectRoute } from '../detail-logic';
import { Bar } from '../shared/bar';
import { Conditions } from '../shared/conditions';
import { type KvRow, KeyValue } from '../shared/key-value';

function valueText(v: HpaMetricValueDto | null | undefined): string {
  if (!v) return '<unknown>';
  if (v.averageUtilization != null) return `${v.averageUtilization}%`;
  return v.averageValue ?? v.value ?? '<unknown>';
}

/** An HPA: what it scales, the replica bounds and each metric's current value against its target. */
@Component({
  selector: 'orx-hpa-overview',
  imports: [Bar, Conditions, KeyValue],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let o = obj();
    <section aria-labelledby="hpa-details-h">
      <h2 id="hpa-details-h">Scaling</h2>
      <orx-kv [rows]="details()" />
    </section>
    <section aria-labelledby="hpa-metrics-h">
      <h2 id="hpa-metrics-h">Metrics</h2>
      @if (metrics().length === 0) {
        <p class="empty">No metrics.</p>
      } @else {
        <div class="table-wrap">
          <table class="t">
            <thead><tr><th scope="col">Metric</th><th scope="col">Current</th><th scope="col">Target</th><th scope="col">Of target</th></tr></thead>
            <tbody>
              @for (m of metrics(); track $index) {
                <tr>
                  <td>{{ m.name }} <span class="muted">({{ m.type }}{{ m.container ? ', ' + m.container : '' }})</span></td>
                  <td class="mono">{{ m.current }}</td>
                  <td class="mono">{{ m.target }} <span class="muted">{{ m.targetType }}</span></td>
                  <td>
                    @if (m.share !== null) {
                      <div class="row"><orx-bar [percent]="m.share" [tone]="m.share > 100 ? 'warn' : 'ok'" [label]="m.name + ' against target'" /> {{ m.share }}%</div>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </section>
    <section aria-labelledby="hpa-cond-h">
      <h2 id="hpa-cond-h">Conditions</h2>
      <orx-conditions [conditions]="o.conditions" />
    </section>
  `,
  styleUrl: '../shared/detail-shared.scss',
})
export class HpaOverview {
  readonly obj = input.required<HpaDetail>();
  protected readonly metrics = computed(() =>
    this.obj().metrics.map((m) => ({ ...m, current: valueText(m.current), target: valueText(m.target), share: metricShare(m) })),
  );
  protected readonly details = computed<KvRow[]>(() => {
    const o = this.obj();
    const ref = o.scaleTargetRef;
    return [
      { label: 'Scale target', value: `${ref.kind}/${ref.name}`, link: objectRoute(ref.kind, ref.name, o.namespace) },
      { label: 'Replicas (current → desired)', value: `${o.currentReplicas} → ${o.desiredReplicas}` },
      { label: 'Min / max', value: `${o.minReplicas} / ${o.maxReplicas}` },
      { label: 'Targets', value: o.targets, mono: true },
      { label: 'Last scaled', value: o.lastScaleTime ?? 'never' },
    ];
  });
}
