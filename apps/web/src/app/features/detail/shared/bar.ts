import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** A horizontal meter: a share of 100 with a colour and an accessible label. */
@Component({
  selector: 'orx-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div class="bar" [class]="tone()" role="meter" aria-valuemin="0" aria-valuemax="100" [attr.aria-valuenow]="clamped()" [attr.aria-label]="label()">
    <span [style.width.%]="clamped()"></span>
  </div>`,
  styleUrl: './detail-shared.scss',
})
export class Bar {
  readonly percent = input.required<number | null>();
  readonly tone = input<string>('');
  readonly label = input<string>('');
  protected readonly clamped = computed(() => Math.max(0, Math.min(100, this.percent() ?? 0)));
}
