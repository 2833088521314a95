import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import type { ConditionDto } from '../../../api/generated/types.gen';
import { kubeAge } from '../../../core/age';
import { Clock } from '../../../core/clock';
import { conditionTone } from '../detail-logic';

/** A status.conditions table. */
@Component({
  selector: 'orx-conditions',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (conditions().length === 0) {
      <p class="empty">No conditions reported.</p>
    } @else {
      <div class="table-wrap">
        <table class="t">
          <thead>
            <tr><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Message</th><th scope="col">Last transition</th></tr>
          </thead>
          <tbody>
            @for (c of conditions(); track c.type) {
              <tr data-testid="condition-row">
                <td>{{ c.type }}</td>
                <td><span class="badge" [class]="tone(c)">{{ c.status }}</span></td>
                <td>{{ c.reason ?? '' }}</td>
                <td class="msg">{{ c.message ?? '' }}</td>
                <td [title]="c.lastTransitionTime ?? ''">{{ c.lastTransitionTime ? age(c.lastTransitionTime) + ' ago' : '' }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  styleUrl: './detail-shared.scss',
})
export class Conditions {
  private readonly clock = inject(Clock);
  readonly conditions = input.required<ConditionDto[]>();
  protected readonly tone = conditionTone;
  protected age(iso: string): string {
    return kubeAge(iso, this.clock.now());
  }
}
