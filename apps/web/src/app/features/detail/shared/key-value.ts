import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { statusTone } from '../../../core/kinds';
import { ViewState } from '../../../core/view-state';

export interface KvRow {
  label: string;
  value: string | number | boolean | null | undefined;
  mono?: boolean;
  /** A detail route: the value links to it. */
  link?: string[] | null;
  /** Show the value as a status badge. */
  badge?: boolean;
}

/** Label/value pairs; rows without a value are left out. */
@Component({
  selector: 'orx-kv',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dl class="kv">
      @for (row of shown(); track row.label) {
        <dt>{{ row.label }}</dt>
        <dd [class.mono]="row.mono">
          @if (row.link) {
            <a [routerLink]="row.link" [queryParams]="view.linkParams()">{{ row.value }}</a>
          } @else if (row.badge) {
            <span class="badge" [class]="tone(row.value)">{{ row.value }}</span>
          } @else {
            {{ text(row.value) }}
          }
        </dd>
      }
    </dl>
  `,
  styleUrl: './detail-shared.scss',
})
export class KeyValue {
  protected readonly view = inject(ViewState);
  readonly rows = input.required<KvRow[]>();
  protected readonly shown = computed(() => this.rows().filter((r) => r.value !== null && r.value !== undefined && r.value !== ''));
  protected tone(v: KvRow['value']): string {
    return statusTone(String(v));
  }
  protected text(v: KvRow['value']): string {
    if (typeof v === 'boolean') return v ? 'Yes' : 'No';
    return String(v);
  }
}
