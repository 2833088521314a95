/**
 * Everything the editors take from CodeMirror, in one module the components load with `import()`:
 * CodeMirror (≈ 150 kB gzip with the YAML parser and the merge view) then lands in a lazy chunk,
 * never in the console's initial bundle. Nothing outside this folder imports it.
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { HighlightStyle, defaultHighlightStyle, indentOnInput, syntaxHighlighting, type TagStyle } from '@codemirror/language';
import { MergeView, unifiedMergeView, Chunk } from '@codemirror/merge';
import { Compartment, EditorState, Text, type Extension } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';

export type EditorLanguage = 'yaml' | 'text';

/**
 * Token colours by the colour `defaultHighlightStyle` gives them (its tags are reused, so the YAML
 * parser's tags need no import of their own), light then dark: GitHub's Primer palette, each at
 * least 4.5:1 against the console's surface in its theme.
 */
const TOKEN_COLOURS: Record<string, [light: string, dark: string]> = {
  '#404740': ['#57606a', '#9198a1'], // meta (`---`)
  '#708': ['#cf222e', '#ff7b72'], // keyword
  '#219': ['#0550ae', '#79c0ff'], // atom, bool, null
  '#164': ['#0550ae', '#79c0ff'], // literal (numbers)
  '#a11': ['#0a3069', '#a5d6ff'], // string
  '#e40': ['#116329', '#7ee787'], // escape, special string
  '#00f': ['#8250df', '#d2a8ff'], // variable definition (anchors)
  '#30a': ['#8250df', '#d2a8ff'],
  '#085': ['#953800', '#ffa657'], // type (tags such as !!str)
  '#167': ['#953800', '#ffa657'],
  '#256': ['#0550ae', '#79c0ff'],
  '#00c': ['#116329', '#7ee787'], // property definition: a YAML key
  '#940': ['#57606a', '#9198a1'], // comment
  '#f00': ['#cf222e', '#ff7b72'], // invalid
};

function highlightStyle(dark: boolean): HighlightStyle {
  const specs = defaultHighlightStyle.specs.map((spec): TagStyle => {
    const colour = typeof spec['color'] === 'string' ? TOKEN_COLOURS[spec['color']] : undefined;
    if (!colour) return spec;
    return { ...spec, color: colour[dark ? 1 : 0], ...(spec['color'] === '#940' ? { fontStyle: 'italic' } : {}) };
  });
  return HighlightStyle.define(specs, { themeType: dark ? 'dark' : 'light' });
}

const highlightStyles = { light: highlightStyle(false), dark: highlightStyle(true) };

/** The editor's chrome in the console's own colours (CSS variables of styles.scss, which follow the theme). */
const consoleTheme = EditorView.theme({
  '&': { color: 'var(--text)', backgroundColor: 'var(--surface)', fontSize: '12.5px' },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '-1px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--text-2)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--hover) 60%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--hover)', color: 'var(--text)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
    backgroundColor: 'var(--accent-bg)',
  },
  // The merge view's own colours are light-only; tie them to the console's success/error tints.
  '.cm-changedLine, .cm-insertedLine': { backgroundColor: 'color-mix(in srgb, var(--ok-bg) 70%, transparent)' },
  '.cm-changedText, ins.cm-insertedLine': { background: 'color-mix(in srgb, var(--ok-fg) 25%, transparent)', textDecoration: 'none' },
  '.cm-deletedChunk, .cm-deletedLine': { backgroundColor: 'color-mix(in srgb, var(--error-bg) 80%, transparent)' },
  '.cm-deletedText, del.cm-deletedLine, .cm-deletedChunk .cm-deletedText': {
    background: 'color-mix(in srgb, var(--error-fg) 25%, transparent)',
    textDecoration: 'none',
  },
  '.cm-changeGutter': { width: '3px', paddingLeft: '0' },
  '.cm-collapsedLines': { color: 'var(--text-2)', background: 'var(--surface-2)' },
});

/** The editor's height, from CSS variables its users may set (see CodeEditor). */
const editorSize = EditorView.theme({
  '&': { maxHeight: 'var(--code-editor-max-height, 70vh)' },
  '.cm-content, .cm-gutter': { minHeight: 'var(--code-editor-min-height, 8em)' },
});

/** A unified diff is one editor; a split one scrolls as a whole (`.cm-mergeView`, sized by DiffView's styles). */
const diffSize = EditorView.theme({ '&': { maxHeight: 'var(--diff-max-height, 70vh)' } });

/** Light or dark: the base theme's own rules (`&dark`) and the token colours. */
function scheme(dark: boolean): Extension {
  return [EditorView.darkTheme.of(dark), syntaxHighlighting(dark ? highlightStyles.dark : highlightStyles.light)];
}

export interface EditorOptions {
  doc: string;
  label: string;
  readOnly: boolean;
  dark: boolean;
  language: EditorLanguage;
  /** Called with the whole text after each edit. */
  onChange?: (text: string) => void;
}

/** The parts of an editor that change after it is made. */
interface Compartments {
  scheme: Compartment;
  access: Compartment;
  language: Compartment;
}

function accessExtensions(label: string, readOnly: boolean): Extension {
  return [
    EditorState.readOnly.of(readOnly),
    EditorView.editable.of(!readOnly),
    // Named, and an explicit tab stop either way: a read-only text is still reachable from the keyboard
    // (to scroll and select it), and an editable one is focusable through contenteditable alone, which
    // accessibility checkers do not count — its scroll container then reads as keyboard-inaccessible.
    EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
  ];
}

function languageExtensions(language: EditorLanguage): Extension {
  return language === 'yaml' ? yaml() : [];
}

/**
 * What every editor has: line numbers, undo history, YAML. Tab is left to move the focus (no
 * indent-with-Tab: a keyboard user must be able to leave the editor); Enter keeps the indentation
 * and Mod-] / Mod-[ indent and dedent (defaultKeymap).
 */
function baseExtensions(options: EditorOptions, parts: Compartments): Extension {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    indentOnInput(),
    highlightActiveLine(),
    keymap.of([...defaultKeymap, ...historyKeymap]),
    consoleTheme,
    parts.scheme.of(scheme(options.dark)),
    parts.access.of(accessExtensions(options.label, options.readOnly)),
    parts.language.of(languageExtensions(options.language)),
  ];
}

/** An editor mounted in `parent`, and how to change it. */
export class CodeEditorHandle {
  private readonly parts: Compartments = { scheme: new Compartment(), access: new Compartment(), language: new Compartment() };
  readonly view: EditorView;
  private options: EditorOptions;

  constructor(parent: HTMLElement, options: EditorOptions) {
    this.options = options;
    this.view = new EditorView({ parent, state: this.state(options.doc) });
  }

  private state(doc: string): EditorState {
    return EditorState.create({
      doc,
      extensions: [
        baseExtensions(this.options, this.parts),
        editorSize,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) this.options.onChange?.(update.state.doc.toString());
        }),
      ],
    });
  }

  text(): string {
    return this.view.state.doc.toString();
  }

  /**
   * Shows another text. A new document, not an edit: the undo history starts again (undo must not
   * bring back the file opened before).
   */
  setText(doc: string): void {
    if (doc === this.text()) return;
    this.view.setState(this.state(doc));
  }

  configure(changes: Partial<Pick<EditorOptions, 'label' | 'readOnly' | 'dark' | 'language'>>): void {
    this.options = { ...this.options, ...changes };
    const { label, readOnly, dark, language } = this.options;
    this.view.dispatch({
      effects: [
        this.parts.scheme.reconfigure(scheme(dark)),
        this.parts.access.reconfigure(accessExtensions(label, readOnly)),
        this.parts.language.reconfigure(languageExtensions(language)),
      ],
    });
  }

  destroy(): void {
    this.view.destroy();
  }
}

export type DiffLayout = 'unified' | 'split';

export interface DiffOptions {
  original: string;
  proposed: string;
  layout: DiffLayout;
  /** Names the editors: `<label> (proposed)`, `<label> (original)`. */
  label: string;
  dark: boolean;
  language: EditorLanguage;
}

/** How many lines a change adds and removes, for a text summary next to the diff. */
export interface DiffSummary {
  chunks: number;
  added: number;
  removed: number;
}

export function summarize(original: string, proposed: string): DiffSummary {
  const a = Text.of(original.split('\n'));
  const b = Text.of(proposed.split('\n'));
  let added = 0;
  let removed = 0;
  const chunks = Chunk.build(a, b);
  for (const chunk of chunks) {
    if (chunk.toA > chunk.fromA) removed += a.lineAt(chunk.endA).number - a.lineAt(chunk.fromA).number + 1;
    if (chunk.toB > chunk.fromB) added += b.lineAt(chunk.endB).number - b.lineAt(chunk.fromB).number + 1;
  }
  return { chunks: chunks.length, added, removed };
}

/** A read-only diff mounted in `parent`: one editor with the removed lines shown inline, or two side by side. */
export class DiffHandle {
  private readonly views: EditorView[] = [];
  private readonly merge: MergeView | null = null;

  constructor(parent: HTMLElement, options: DiffOptions) {
    const parts = (): Compartments => ({ scheme: new Compartment(), access: new Compartment(), language: new Compartment() });
    const editor = (doc: string, label: string): EditorOptions => ({ ...options, doc, label, readOnly: true });
    const collapseUnchanged = { margin: 3, minSize: 6 };
    if (options.layout === 'split') {
      this.merge = new MergeView({
        parent,
        a: { doc: options.original, extensions: baseExtensions(editor(options.original, `${options.label} (original)`), parts()) },
        b: { doc: options.proposed, extensions: baseExtensions(editor(options.proposed, `${options.label} (proposed)`), parts()) },
        collapseUnchanged,
        gutter: true,
      });
      this.views.push(this.merge.a, this.merge.b);
    } else {
      const extensions = [
        diffSize,
        baseExtensions(editor(options.proposed, `${options.label} (proposed, removed lines shown above their replacement)`), parts()),
        unifiedMergeView({ original: options.original, mergeControls: false, gutter: true, collapseUnchanged }),
      ];
      this.views.push(new EditorView({ parent, state: EditorState.create({ doc: options.proposed, extensions }) }));
    }
  }

  destroy(): void {
    if (this.merge) this.merge.destroy();
    else for (const view of this.views) view.destroy();
  }
}
