import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { type Block, type Inline, parseMarkdown } from './markdown';

/** Inline nodes, drawn element by element (text is interpolated, never read as HTML). */
@Component({
  selector: 'orx-md-inlines',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (n of nodes(); track $index) {
      @switch (n.type) {
        @case ('text') {<ng-container>{{ n.text }}</ng-container>}
        @case ('code') {<code>{{ n.text }}</code>}
        @case ('strong') {<strong><orx-md-inlines [nodes]="n.children" /></strong>}
        @case ('em') {<em><orx-md-inlines [nodes]="n.children" /></em>}
        @case ('link') {<a [href]="n.href" target="_blank" rel="noopener noreferrer nofollow"><orx-md-inlines [nodes]="n.children" /></a>}
      }
    }
  `,
  styles: `:host { display: contents; }`,
})
export class MarkdownInlines {
  readonly nodes = input.required<Inline[]>();
}

/**
 * Markdown blocks drawn through the template: headings (from `headingLevel` for `#` and `##` down to
 * h6), paragraphs, lists, quotes, tables and code blocks with a Copy button.
 */
@Component({
  selector: 'orx-md-blocks',
  imports: [MarkdownInlines],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (b of blocks(); track $index) {
      @switch (b.type) {
        @case ('heading') {
          @switch (level(b.level)) {
            @case (2) {<h2><orx-md-inlines [nodes]="b.inlines" /></h2>}
            @case (3) {<h3><orx-md-inlines [nodes]="b.inlines" /></h3>}
            @case (4) {<h4><orx-md-inlines [nodes]="b.inlines" /></h4>}
            @case (5) {<h5><orx-md-inlines [nodes]="b.inlines" /></h5>}
            @default {<h6><orx-md-inlines [nodes]="b.inlines" /></h6>}
          }
        }
        @case ('paragraph') {<p><orx-md-inlines [nodes]="b.inlines" /></p>}
        @case ('list') {
          @if (b.ordered) {
            <ol [attr.start]="b.start === 1 ? null : b.start">
              @for (item of b.items; track $index) {<li><orx-md-blocks [blocks]="item" [headingLevel]="headingLevel()" /></li>}
            </ol>
          } @else {
            <ul>
              @for (item of b.items; track $index) {<li><orx-md-blocks [blocks]="item" [headingLevel]="headingLevel()" /></li>}
            </ul>
          }
        }
        @case ('quote') {<blockquote><orx-md-blocks [blocks]="b.blocks" [headingLevel]="headingLevel()" /></blockquote>}
        @case ('rule') {<hr />}
        @case ('table') {
          <div class="table-wrap" tabindex="0" role="group" aria-label="Table">
            <table>
              <thead><tr>@for (h of b.head; track $index; let c = $index) {<th scope="col" [style.text-align]="b.align[c]"><orx-md-inlines [nodes]="h" /></th>}</tr></thead>
              <tbody>
                @for (row of b.rows; track $index) {
                  <tr>@for (cell of row; track $index; let c = $index) {<td [style.text-align]="b.align[c]"><orx-md-inlines [nodes]="cell" /></td>}</tr>
                }
              </tbody>
            </table>
          </div>
        }
        @case ('code') {
          <div class="code" data-testid="md-code">
            <pre tabindex="0" [attr.aria-label]="b.lang ? 'Code (' + b.lang + ')' : 'Code'"><code>{{ b.text }}</code></pre>
            @if (!b.open && b.text) {
              <button type="button" class="button copy" (click)="copy(b.text)" [attr.aria-label]="'Copy: ' + firstLine(b.text)">Copy</button>
            }
          </div>
        }
      }
    }
    <span class="visually-hidden" aria-live="polite">{{ copied() }}</span>
  `,
  styles: `
    :host { display: block; }
    p, ul, ol, blockquote, .code, .table-wrap { margin: 0 0 8px; }
    h2, h3, h4, h5, h6 { margin: 12px 0 6px; font-size: 15px; }
    h5, h6 { font-size: 14px; }
    ul, ol { padding-left: 22px; }
    li p, li ul, li ol { margin-bottom: 4px; }
    blockquote { border-left: 3px solid var(--border); padding-left: 10px; color: var(--text-2); }
    code { font-family: var(--mono); font-size: 12.5px; background: var(--muted-bg); border-radius: 4px; padding: 0 4px; }
    .code { position: relative; }
    pre { margin: 0; padding: 10px 12px; background: var(--surface-2); border: 1px solid var(--border); border-radius: 6px; overflow-x: auto; white-space: pre; }
    pre code { background: none; padding: 0; }
    .copy { position: absolute; top: 6px; right: 6px; padding: 1px 8px; font-size: 12px; }
    .table-wrap { overflow-x: auto; }
    table { border-collapse: collapse; }
    th, td { border: 1px solid var(--border); padding: 3px 8px; text-align: left; vertical-align: top; }
  `,
})
export class MarkdownBlocks {
  readonly blocks = input.required<Block[]>();
  /** The HTML level of the text's top headings (`#` and `##`); deeper ones follow, down to h6. */
  readonly headingLevel = input(3);
  protected readonly copied = signal('');

  protected level(markdownLevel: number): number {
    return Math.min(6, this.headingLevel() + Math.max(0, markdownLevel - 2));
  }

  protected firstLine(text: string): string {
    const line = text.split('\n')[0] ?? '';
    return line.length > 80 ? `${line.slice(0, 79)}…` : line;
  }

  protected copy(text: string): void {
    copyText(text, this.copied);
  }
}

/** Copies to the clipboard and says how it went in `status` (a polite live region shows it). */
export function copyText(text: string, status: { set(value: string): void }): void {
  const clipboard = globalThis.navigator?.clipboard;
  if (!clipboard) {
    status.set('The browser refused to copy; select the text instead');
    return;
  }
  clipboard.writeText(text).then(
    () => status.set('Copied to the clipboard'),
    () => status.set('The browser refused to copy; select the text instead'),
  );
}

/** A model's Markdown answer, drawn safely (see {@link parseMarkdown}). */
@Component({
  selector: 'orx-markdown',
  imports: [MarkdownBlocks],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<orx-md-blocks [blocks]="blocks()" [headingLevel]="headingLevel()" />`,
  styles: `:host { display: block; }`,
})
export class MarkdownView {
  readonly text = input.required<string>();
  readonly headingLevel = input(3);
  protected readonly blocks = computed(() => parseMarkdown(this.text()));
}
