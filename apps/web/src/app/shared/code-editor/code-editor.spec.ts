import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { EditorView } from '@codemirror/view';
import { undo } from '@codemirror/commands';
import { Theme } from '../../core/theme';
import { CodeEditor } from './code-editor';
import { summarize } from './codemirror';
import { isDark } from './color-scheme';
import { DiffView } from './diff-view';
import { allowCodeMirrorInJsdom, whenEditorsReady } from './testing';

allowCodeMirrorInJsdom();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for the lazy CodeMirror module and the renders after it. */
async function settle(fixture: { detectChanges(): void; whenStable(): Promise<unknown> }): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await sleep(0);
    fixture.detectChanges();
    await fixture.whenStable();
  }
  await whenEditorsReady(fixture, (fixture as unknown as { nativeElement: HTMLElement }).nativeElement);
}

@Component({
  imports: [CodeEditor],
  template: `<orx-code-editor [(value)]="text" [readOnly]="readOnly()" label="Manifest of web" (valueChange)="changes.push($event)" />`,
})
class EditorHost {
  readonly text = signal('kind: Deployment\nmetadata:\n  name: web\n');
  readonly readOnly = signal(false);
  readonly changes: string[] = [];
}

@Component({
  imports: [DiffView],
  template: `<orx-diff-view data-testid="git-diff" [original]="original()" [proposed]="proposed()" [layout]="layout()" label="web.yaml" />`,
})
class DiffHost {
  readonly original = signal('a: 1\nb: 2\nc: 3\n');
  readonly proposed = signal('a: 1\nb: 20\nc: 3\nd: 4\n');
  readonly layout = signal<'unified' | 'split'>('unified');
}

function view(el: HTMLElement): EditorView {
  const dom = el.querySelector<HTMLElement>('.cm-editor');
  const found = dom ? EditorView.findFromDOM(dom) : null;
  if (!found) throw new Error('no editor');
  return found;
}

describe('CodeEditor', () => {
  async function create() {
    const fixture = TestBed.createComponent(EditorHost);
    await settle(fixture);
    return { fixture, el: fixture.nativeElement as HTMLElement, host: fixture.componentInstance };
  }

  it('shows the value in a labelled, editable text area', async () => {
    const { el } = await create();
    const editor = el.querySelector('[data-testid="code-editor"]');
    const content = editor?.querySelector<HTMLElement>('.cm-content');
    expect(content?.textContent).toContain('name: web');
    expect(content?.getAttribute('aria-label')).toBe('Manifest of web');
    expect(content?.getAttribute('contenteditable')).toBe('true');
    expect(editor?.querySelector('.cm-lineNumbers')).not.toBeNull();
    expect(editor?.textContent).not.toContain('Loading the editor');
  });

  it('emits each edit as the whole text, and undo brings the read text back', async () => {
    const { fixture, el, host } = await create();
    const cm = view(el);
    cm.dispatch({ changes: { from: cm.state.doc.length, insert: 'spec:\n  replicas: 2\n' }, userEvent: 'input.type' });
    await settle(fixture);
    expect(host.text()).toBe('kind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n');
    expect(host.changes[host.changes.length - 1]).toBe(host.text());
    undo(cm);
    await settle(fixture);
    expect(host.text()).toBe('kind: Deployment\nmetadata:\n  name: web\n');
  });

  it('shows a new value from outside as a new document (no undo into the previous one)', async () => {
    const { fixture, el, host } = await create();
    host.text.set('kind: Service\n');
    await settle(fixture);
    const cm = view(el);
    expect(cm.state.doc.toString()).toBe('kind: Service\n');
    expect(el.querySelector('.cm-content')?.textContent).toContain('kind: Service');
    expect(undo(cm)).toBe(false);
    expect(host.changes).toEqual([]);
  });

  it('is read-only on request, yet focusable', async () => {
    const { fixture, el, host } = await create();
    host.readOnly.set(true);
    await settle(fixture);
    const content = el.querySelector<HTMLElement>('.cm-content');
    expect(content?.getAttribute('contenteditable')).toBe('false');
    expect(content?.getAttribute('aria-readonly')).toBe('true');
    expect(content?.getAttribute('tabindex')).toBe('0');
    expect(view(el).state.readOnly).toBe(true);
  });

  it('follows the console theme to dark', async () => {
    const { fixture, el } = await create();
    const editor = el.querySelector<HTMLElement>('.cm-editor');
    const lightClasses = editor?.className;
    TestBed.inject(Theme).choice.set('dark');
    await settle(fixture);
    expect(editor?.className).not.toBe(lightClasses);
    TestBed.inject(Theme).choice.set('light');
    await settle(fixture);
    expect(editor?.className).toBe(lightClasses);
  });
});

describe('isDark', () => {
  it('follows the system only for the system choice', () => {
    expect(isDark('dark', false)).toBe(true);
    expect(isDark('light', true)).toBe(false);
    expect(isDark('system', true)).toBe(true);
    expect(isDark('system', false)).toBe(false);
  });
});

describe('summarize', () => {
  it('counts changed chunks and the lines added and removed', () => {
    expect(summarize('a\nb\nc\n', 'a\nb\nc\n')).toEqual({ chunks: 0, added: 0, removed: 0 });
    expect(summarize('a\nb\nc\n', 'a\nB\nc\nd\n')).toEqual({ chunks: 2, added: 2, removed: 1 });
    expect(summarize('a\nb\nc\nd\n', 'a\nd\n')).toEqual({ chunks: 1, added: 0, removed: 2 });
  });
});

describe('DiffView', () => {
  it('shows both texts read-only with a summary, unified or side by side', async () => {
    const fixture = TestBed.createComponent(DiffHost);
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    const diff = el.querySelector<HTMLElement>('[data-testid="git-diff"]');
    expect(diff?.classList).toContain('orx-diff-view');
    expect(diff?.querySelector('.orx-diff-summary')?.textContent).toMatch(/2 changes: \+2 −1 lines/);
    const unified = diff?.querySelectorAll<HTMLElement>('.cm-content') ?? [];
    expect(unified).toHaveLength(1);
    expect(unified[0]?.textContent).toContain('b: 20');
    expect(diff?.querySelector('.cm-deletedChunk')?.textContent).toContain('b: 2');
    expect(unified[0]?.getAttribute('contenteditable')).toBe('false');

    fixture.componentInstance.layout.set('split');
    await settle(fixture);
    const sides = diff?.querySelectorAll<HTMLElement>('.cm-content') ?? [];
    expect(sides).toHaveLength(2);
    expect(sides[0]?.getAttribute('aria-label')).toBe('web.yaml (original)');
    expect(sides[0]?.textContent).not.toContain('b: 20');
    expect(sides[1]?.textContent).toContain('b: 20');
  });
});
