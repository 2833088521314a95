import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  effect,
  inject,
  input,
  model,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import type { CodeEditorHandle, EditorLanguage } from './codemirror';
import { ColorScheme } from './color-scheme';

/**
 * A CodeMirror 6 editor: YAML highlighting, line numbers, undo history (Mod-z / Mod-Shift-z),
 * light or dark with the console's theme. CodeMirror is loaded on first render with `import()`, so
 * it stays out of the initial bundle; "Loading the editor…" shows meanwhile.
 *
 * Inputs:
 * - `value` (model, two-way `[(value)]`): the text. Setting it from outside shows a new document (the
 *   undo history starts again); each edit sets it and emits `valueChange` with the whole text.
 * - `label` (required): the accessible name of the editable area (`aria-label` on `.cm-content`).
 * - `readOnly` (default false): no edits; the text can still be focused, scrolled and selected.
 * - `language` (default `'yaml'`): `'yaml'` or `'text'` (no highlighting).
 *
 * The host carries `data-testid="code-editor"`; `.cm-content` inside it is the editable area. Tab
 * moves the focus on (it does not indent: Mod-] / Mod-[ do), so a keyboard user can always leave.
 * Height: CSS variables `--code-editor-min-height` (default 8em) and `--code-editor-max-height`
 * (default 70vh) on the host or an ancestor. `focus()` puts the focus in the text.
 */
@Component({
  selector: 'orx-code-editor',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'code-editor', class: 'orx-code-editor', '[attr.aria-busy]': 'ready() ? null : "true"' },
  template: `
    <div #mount class="mount"></div>
    @if (loadError(); as error) {
      <p class="state-box error" role="alert">The editor could not be loaded: {{ error }}</p>
    } @else if (!ready()) {
      <p class="muted loading" role="status">Loading the editor…</p>
    }
  `,
  styles: `
    :host { display: block; border: 1px solid var(--border); border-radius: 6px; overflow: hidden; background: var(--surface); }
    .loading { margin: 0; padding: 10px 12px; }
    .state-box { margin: 0; border: 0; border-radius: 0; }
  `,
})
export class CodeEditor {
  readonly value = model('');
  readonly label = input.required<string>();
  readonly readOnly = input(false);
  readonly language = input<EditorLanguage>('yaml');

  /** The editor is mounted. */
  readonly ready = signal(false);
  readonly loadError = signal<string | null>(null);

  private readonly mount = viewChild.required<ElementRef<HTMLElement>>('mount');
  private readonly scheme = inject(ColorScheme);
  private readonly handle = signal<CodeEditorHandle | null>(null);
  private destroyed = false;

  constructor() {
    afterNextRender(() => void this.load());
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.handle()?.destroy();
    });
    effect(() => {
      const handle = this.handle();
      const value = this.value();
      handle?.setText(value);
    });
    effect(() => {
      const handle = this.handle();
      const changes = { label: this.label(), readOnly: this.readOnly(), dark: this.scheme.dark(), language: this.language() };
      handle?.configure(changes);
    });
  }

  /** Puts the focus in the text (once the editor is loaded). */
  focus(): void {
    this.handle()?.view.focus();
  }

  private async load(): Promise<void> {
    try {
      const { CodeEditorHandle } = await import('./codemirror');
      if (this.destroyed) return;
      const handle = untracked(
        () =>
          new CodeEditorHandle(this.mount().nativeElement, {
            doc: this.value(),
            label: this.label(),
            readOnly: this.readOnly(),
            dark: this.scheme.dark(),
            language: this.language(),
            onChange: (text) => this.value.set(text),
          }),
      );
      this.handle.set(handle);
      this.ready.set(true);
    } catch (error) {
      this.loadError.set(error instanceof Error ? error.message : String(error));
    }
  }
}
