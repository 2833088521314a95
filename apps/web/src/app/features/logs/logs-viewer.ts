import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { ViewState } from '../../core/view-state';

/** Logs of a pod or of a deployment's pods: the toolbar, the lines and live follow. */
@Component({
  selector: 'orx-logs-viewer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<section data-testid="logs-viewer" class="logs-viewer" [attr.aria-label]="'Logs of ' + source() + ' ' + name()">
    <p class="state-box muted" data-testid="logs-state">Logs of {{ source() }} {{ name() }} in {{ namespace() }}</p>
  </section>`,
})
export class LogsViewer {
  private readonly view = inject(ViewState);

  readonly source = input.required<'pod' | 'deployment'>();
  readonly name = input.required<string>();
  readonly namespace = input.required<string>();
  /** The pod's container names (a deployment's: its pod template's), for the picker. */
  readonly containers = input<string[]>([]);
  /** The kubeconfig context; null means the ViewState's. */
  readonly context = input<string | null>(null);

  protected readonly effectiveContext = computed(() => this.context() ?? this.view.context());
}
