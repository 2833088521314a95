import { Component, input } from '@angular/core';
import type { SaveState } from '../../core/settings-store';

/** "Saving…", "Saved" or the API's error, next to the control it belongs to. */
@Component({
  selector: 'orx-save-status',
  template: `
    @let st = state();
    @if (st?.state === 'saving') {
      <span class="status muted" [attr.data-testid]="'status-' + key()">Saving…</span>
    } @else if (st?.state === 'saved') {
      <span class="status ok" [attr.data-testid]="'status-' + key()">Saved</span>
    } @else if (st?.state === 'error') {
      <span class="status error" role="alert" [attr.data-testid]="'status-' + key()">{{ st.message }}</span>
    }
  `,
  styles: `
    .status { font-size: 12px; margin-left: 8px; }
    .ok { color: var(--ok-fg); }
    .error { color: var(--error-fg); }
  `,
})
export class SaveStatus {
  readonly key = input.required<string>();
  readonly state = input<SaveState | undefined>();
}
