import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { call, describeError } from '../../../core/api';
import type { KindName } from '../../../core/kinds';
import { ViewState } from '../../../core/view-state';
import { DETAIL_API } from '../detail-api';
import { objectScope } from './scope';

/** The object as the API prints it in YAML, read-only; reloaded whenever `version` moves. */
@Component({
  selector: 'orx-yaml-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="toolbar">
      <button type="button" class="button" (click)="copy()" [disabled]="!text()">Copy YAML</button>
      <span class="muted" aria-live="polite">{{ copied() }}</span>
      @if (text(); as t) {
        <span class="muted">{{ lines() }} lines · read-only</span>
      }
    </div>
    @if (error(); as e) {
      <div class="state-box" [class]="e.kind" role="alert"><h2>{{ e.title }}</h2><p>{{ e.message }}</p></div>
    } @else if (text() === null) {
      <p class="muted">Loading YAML…</p>
    } @else {
      <pre class="yaml mono" data-testid="yaml-view" tabindex="0" aria-label="YAML of the object">{{ text() }}</pre>
    }
  `,
  styles: `
    :host { display: block; }
    .toolbar { display: flex; gap: 12px; align-items: center; margin-bottom: 8px; }
    .yaml { margin: 0; padding: 12px; background: var(--surface-2); border: 1px solid var(--border); border-radius: 8px; overflow: auto; max-height: 70vh; line-height: 1.5; white-space: pre; }
  `,
})
export class YamlView {
  private readonly view = inject(ViewState);
  readonly kind = input.required<KindName>();
  readonly name = input.required<string>();
  readonly namespace = input<string | null>(null);
  /** Moves when the object changed; the YAML is fetched again. */
  readonly version = input(0);

  protected readonly text = signal<string | null>(null);
  protected readonly error = signal<ReturnType<typeof describeError> | null>(null);
  protected readonly copied = signal('');
  protected readonly lines = computed(() => (this.text() ?? '').split('\n').length);
  private generation = 0;

  constructor() {
    effect(() => {
      const kind = this.kind();
      const name = this.name();
      const scope = objectScope(this.view.context(), this.namespace());
      this.version();
      untracked(() => {
        const mine = ++this.generation;
        call(DETAIL_API[kind].yaml(name, scope))
          .then((t) => {
            if (mine !== this.generation) return;
            this.error.set(null);
            this.text.set(typeof t === 'string' ? t : String(t));
          })
          .catch((e: unknown) => {
            if (mine === this.generation) this.error.set(describeError(e));
          });
      });
    });
  }

  protected copy(): void {
    const t = this.text();
    if (!t) return;
    navigator.clipboard.writeText(t).then(
      () => this.copied.set('Copied to the clipboard'),
      () => this.copied.set('The browser refused to copy; select the text instead'),
    );
  }
}
