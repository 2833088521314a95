import { DIALOG_DATA, DialogRef } from '@angular/cdk/dialog';
import { ChangeDetectionStrategy, Component, ViewEncapsulation, inject } from '@angular/core';

export interface RestartDialogData {
  /** `Deployment`, `Pod`… */
  kind: string;
  name: string;
  namespace: string;
  /** A pod no controller owns: deleting it is final. */
  bare: boolean;
}

/** Asks before restarting; closes with true on confirm, nothing on cancel or Escape. */
@Component({
  selector: 'orx-restart-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 id="restart-dialog-title">{{ data.kind === 'Pod' ? 'Restart (delete) pod' : 'Restart ' + data.kind }} {{ data.name }}?</h2>
    <div id="restart-dialog-desc">
      @if (data.kind === 'Pod') {
        @if (data.bare) {
          <p class="danger-note" role="note">
            No controller owns this pod. Deleting it removes it for good: nothing will recreate it.
          </p>
        } @else {
          <p>The pod is deleted and its controller creates a replacement. Its logs and local data go with it.</p>
        }
      } @else {
        <p>
          Like <code>kubectl rollout restart</code>: the pod template is stamped with the current time and the controller
          replaces the pods of {{ data.namespace }}/{{ data.name }} following its update strategy.
        </p>
      }
    </div>
    <div class="actions">
      <button type="button" class="button" data-testid="restart-cancel" (click)="ref.close()">Cancel</button>
      <button type="button" class="button danger" data-testid="restart-confirm" (click)="ref.close(true)">
        {{ data.kind === 'Pod' ? (data.bare ? 'Delete pod' : 'Restart pod') : 'Restart' }}
      </button>
    </div>
  `,
  host: { class: 'orx-restart-dialog' },
  // Not encapsulated: the backdrop is a sibling of the dialog in the overlay container.
  encapsulation: ViewEncapsulation.None,
  styles: `
    .orx-restart-backdrop { background: rgb(0 0 0 / 45%); }
    .orx-restart-dialog { display: block; background: var(--surface); color: var(--text); border: 1px solid var(--border); border-radius: 10px; padding: 18px 20px; max-width: 480px; box-shadow: 0 12px 40px rgb(0 0 0 / 35%); }
    .orx-restart-dialog {
      h2 { font-size: 17px; margin: 0 0 10px; overflow-wrap: anywhere; }
      .danger-note { color: var(--error-fg); background: var(--error-bg); padding: 8px 10px; border-radius: 6px; }
      .actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 16px; }
      .button.danger { color: var(--surface); font-weight: 600; }
    }
  `,
})
export class RestartDialog {
  protected readonly data = inject<RestartDialogData>(DIALOG_DATA);
  protected readonly ref = inject<DialogRef<boolean>>(DialogRef);
}
