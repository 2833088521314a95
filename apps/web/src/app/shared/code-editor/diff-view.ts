import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  ViewEncapsulation,
  afterNextRender,
  effect,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { DiffHandle, DiffLayout, DiffSummary, EditorLanguage } from './codemirror';
import { ColorScheme } from './color-scheme';

/**
 * A read-only diff of `original` against `proposed` (CodeMirror's merge view, loaded with `import()`
 * on first render), with a one-line summary (`2 changes: +3 −1 lines`) that screen readers and tests
 * can read.
 *
 * Inputs:
 * - `original`, `proposed`: the two texts (required).
 * - `label` (required): names the editors (`<label> (original)`, `<label> (proposed, …)`).
 * - `layout` (default `'unified'`): `'unified'` (one editor, removed lines shown above their
 *   replacement) or `'split'` (original left, proposed right).
 * - `language` (default `'yaml'`): `'yaml'` or `'text'`.
 *
 * The host has the class `orx-diff-view` and no test id: the page using it sets its own (e.g.
 * `data-testid="git-diff"`). Unchanged stretches are collapsed. Height: `--diff-max-height`
 * (default 70vh). Any input change draws the diff again.
 */
@Component({
  selector: 'orx-diff-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Unencapsulated so the rules reach the elements CodeMirror makes; every rule is under the host class.
  encapsulation: ViewEncapsulation.None,
  host: { class: 'orx-diff-view', '[attr.aria-busy]': 'ready() ? null : "true"' },
  template: `
    <p class="orx-diff-summary muted">
      @if (summary(); as s) {
        @if (s.chunks === 0) {
          No changes
        } @else {
          {{ s.chunks }} {{ s.chunks === 1 ? 'change' : 'changes' }}: +{{ s.added }} −{{ s.removed }}
          {{ s.added + s.removed === 1 ? 'line' : 'lines' }}
        }
      }
    </p>
    <div #mount class="orx-diff-mount"></div>
    @if (loadError(); as error) {
      <p class="state-box error" role="alert">The diff could not be loaded: {{ error }}</p>
    } @else if (!ready()) {
      <p class="muted" role="status">Loading the diff…</p>
    }
  `,
  styles: `
    .orx-diff-view { display: block; }
    .orx-diff-view .orx-diff-summary { margin: 0 0 4px; font-size: 12.5px; }
    .orx-diff-view .orx-diff-mount { border: 1px solid var(--border); border-radius: 6px; overflow: hidden; }
    .orx-diff-view .orx-diff-mount:empty { display: none; }
    .orx-diff-view .cm-mergeView { max-height: var(--diff-max-height, 70vh); }
    .orx-diff-view .cm-mergeView .cm-editor { max-height: none; }
  `,
})
export class DiffView {
  readonly original = input.required<string>();
  readonly proposed = input.required<string>();
  readonly label = input.required<string>();
  readonly layout = input<DiffLayout>('unified');
  readonly language = input<EditorLanguage>('yaml');

  readonly ready = signal(false);
  readonly loadError = signal<string | null>(null);
  readonly summary = signal<DiffSummary | null>(null);

  private readonly mount = viewChild.required<ElementRef<HTMLElement>>('mount');
  private readonly scheme = inject(ColorScheme);
  private readonly lib = signal<typeof import('./codemirror') | null>(null);
  private handle: DiffHandle | null = null;

  constructor() {
    afterNextRender(() => void this.load());
    inject(DestroyRef).onDestroy(() => {
      this.handle?.destroy();
      this.handle = null;
    });
    effect(() => {
      const lib = this.lib();
      const options = {
        original: this.original(),
        proposed: this.proposed(),
        layout: this.layout(),
        label: this.label(),
        dark: this.scheme.dark(),
        language: this.language(),
      };
      if (!lib) return;
      this.handle?.destroy();
      this.handle = new lib.DiffHandle(this.mount().nativeElement, options);
      this.summary.set(lib.summarize(options.original, options.proposed));
      this.ready.set(true);
    });
  }

  private async load(): Promise<void> {
    try {
      this.lib.set(await import('./codemirror'));
    } catch (error) {
      this.loadError.set(error instanceof Error ? error.message : String(error));
    }
  }
}
