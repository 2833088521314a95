import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ViewState } from '../../../core/view-state';

/** Links to the ConfigMaps and Secrets an object references. */
@Component({
  selector: 'orx-config-refs',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (configMaps().length === 0 && secrets().length === 0) {
      <p class="empty">No ConfigMaps or Secrets referenced.</p>
    } @else {
      <dl class="kv">
        @if (configMaps().length) {
          <dt>ConfigMaps</dt>
          <dd class="chips">
            @for (c of configMaps(); track c) {
              <a class="chip" [routerLink]="['/', 'configmaps', namespace(), c]" [queryParams]="view.linkParams()">{{ c }}</a>
            }
          </dd>
        }
        @if (secrets().length) {
          <dt>Secrets</dt>
          <dd class="chips">
            @for (s of secrets(); track s) {
              <a class="chip" [routerLink]="['/', 'secrets', namespace(), s]" [queryParams]="view.linkParams()">{{ s }}</a>
            }
          </dd>
        }
      </dl>
    }
  `,
  styleUrl: './detail-shared.scss',
})
export class ConfigRefs {
  protected readonly view = inject(ViewState);
  readonly configMaps = input<string[]>([]);
  readonly secrets = input<string[]>([]);
  readonly namespace = input.required<string>();
}

/** A label (or selector, annotation…) map as chips. */
@Component({
  selector: 'orx-labels',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (entries().length === 0) {
      <span class="empty">{{ emptyText() }}</span>
    } @else {
      <span class="chips">
        @for (e of entries(); track e[0]) {
          <span class="chip">{{ e[0] }}={{ e[1] }}</span>
        }
      </span>
    }
  `,
  styleUrl: './detail-shared.scss',
})
export class Labels {
  readonly labels = input<Record<string, string> | null | undefined>({});
  readonly emptyText = input('None');
  protected readonly entries = computed(() => Object.entries(this.labels() ?? {}).sort(([a], [b]) => a.localeCompare(b)));
}
