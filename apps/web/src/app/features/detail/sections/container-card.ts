import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { PodContainerDto, ProbeDto } from '../../../api/generated/types.gen';
import { kubeAge } from '../../../core/age';
import { Clock } from '../../../core/clock';
import { probeParams, stateText, stateTone } from '../detail-logic';

/** One container of a pod: image, state, readiness, restarts and the last termination, probes, ports, resources. */
@Component({
  selector: 'orx-container-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let c = container();
    <article class="card" data-testid="container-card" [attr.aria-label]="'Container ' + c.name">
      <h3>
        {{ c.name }}
        @if (init()) { <span class="badge info">{{ c.sidecar ? 'sidecar' : 'init' }}</span> }
        <span class="badge" [class]="tone()">{{ c.state.state }}</span>
      </h3>
      <dl class="kv">
        <dt>Image</dt><dd class="mono">{{ c.image }}</dd>
        <dt>State</dt><dd>{{ state() }}@if (c.state.message) { <span class="muted"> — {{ c.state.message }}</span> }</dd>
        <dt>Ready</dt><dd>{{ c.ready ? 'Yes' : 'No' }}</dd>
        <dt>Restarts</dt><dd>{{ c.restartCount }}</dd>
        @if (c.lastState && c.lastState.state !== 'unknown') {
          <dt>Last termination</dt>
          <dd>
            {{ last() }}
            @if (c.lastState.finishedAt) { <span class="muted">, {{ age(c.lastState.finishedAt) }} ago</span> }
            @if (c.lastState.startedAt && c.lastState.finishedAt) {
              <div class="muted small">{{ c.lastState.startedAt }} → {{ c.lastState.finishedAt }}</div>
            }
            @if (c.lastState.message) { <div class="muted small">{{ c.lastState.message }}</div> }
          </dd>
        }
        @for (p of probes(); track p.kind) {
          <dt>{{ p.kind }} probe</dt>
          <dd><span class="mono">{{ p.probe.description }}</span><div class="muted small">{{ params(p.probe) }}</div></dd>
        }
        @if (c.ports.length) {
          <dt>Ports</dt>
          <dd class="chips">@for (port of c.ports; track $index) { <span class="chip">{{ port.name ? port.name + ' ' : '' }}{{ port.containerPort }}/{{ port.protocol }}</span> }</dd>
        }
        @if (resources(); as r) {
          <dt>Resources</dt><dd class="mono">{{ r }}</dd>
        }
      </dl>
    </article>
  `,
  styleUrl: '../shared/detail-shared.scss',
  styles: `h3 { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; } .small { font-size: 12px; }`,
})
export class ContainerCard {
  private readonly clock = inject(Clock);
  readonly container = input.required<PodContainerDto>();
  readonly init = input(false);
  protected readonly state = computed(() => stateText(this.container().state, this.clock.now()));
  protected readonly last = computed(() => stateText(this.container().lastState, this.clock.now()));
  protected readonly tone = computed(() => stateTone(this.container().state, this.container().ready));
  protected readonly probes = computed(() => {
    const c = this.container();
    const all: { kind: string; probe: ProbeDto | null }[] = [
      { kind: 'Liveness', probe: c.livenessProbe },
      { kind: 'Readiness', probe: c.readinessProbe },
      { kind: 'Startup', probe: c.startupProbe },
    ];
    return all.filter((p): p is { kind: string; probe: ProbeDto } => !!p.probe);
  });
  protected readonly resources = computed(() => {
    const r = this.container().resources;
    const fmt = (m: Record<string, string>) => Object.entries(m ?? {}).map(([k, v]) => `${k} ${v}`).join(', ');
    const parts = [fmt(r?.requests) && `requests ${fmt(r.requests)}`, fmt(r?.limits) && `limits ${fmt(r.limits)}`].filter(Boolean);
    return parts.join(' · ');
  });
  protected readonly params = probeParams;
  protected age(iso: string): string {
    return kubeAge(iso, this.clock.now());
  }
}
