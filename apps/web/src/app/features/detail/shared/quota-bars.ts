import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { QuotaItemDto } from '../../../api/generated/types.gen';
import { quotaUsage } from '../detail-logic';
import { Bar } from './bar';

/** Each quota line as used / hard with a meter. */
@Component({
  selector: 'orx-quota-bars',
  imports: [Bar],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (usage().length === 0) {
      <p class="empty">No limits set.</p>
    } @else {
      <div class="quota" data-testid="quota-bars">
        @for (u of usage(); track u.resource) {
          <span class="mono">{{ u.resource }}</span>
          <orx-bar [percent]="u.percent" [tone]="u.tone" [label]="u.resource + ' used'" />
          <span class="num">{{ u.used }} / {{ u.hard }}{{ u.percent !== null ? ' (' + u.percent + '%)' : '' }}</span>
        }
      </div>
    }
  `,
  styleUrl: './detail-shared.scss',
  styles: `.quota { display: grid; grid-template-columns: minmax(120px, max-content) minmax(100px, 320px) max-content; gap: 6px 12px; align-items: center; } .num { font-variant-numeric: tabular-nums; }`,
})
export class QuotaBars {
  readonly items = input.required<QuotaItemDto[]>();
  protected readonly usage = computed(() => this.items().map(quotaUsage));
}
