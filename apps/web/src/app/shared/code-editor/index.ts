/** The shared editors. Neither imports CodeMirror itself: each loads `./codemirror` when first drawn. */
export { CodeEditor } from './code-editor';
export { DiffView } from './diff-view';
export type { DiffLayout, EditorLanguage } from './codemirror';
