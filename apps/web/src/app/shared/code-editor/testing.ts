/**
 * For specs: jsdom has no layout, and CodeMirror measures text with `Range.getClientRects` on each
 * animation frame. Empty rectangles let it run there (nothing a spec checks depends on them).
 * Call once in the spec file (it is idempotent).
 */
export function allowCodeMirrorInJsdom(): void {
  const proto = globalThis.Range?.prototype as (Range & { getClientRects?: unknown }) | undefined;
  if (!proto || typeof proto.getClientRects === 'function') return;
  const empty = () => ({ x: 0, y: 0, top: 0, left: 0, bottom: 0, right: 0, width: 0, height: 0, toJSON: () => ({}) });
  proto.getClientRects = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
  proto.getBoundingClientRect = () => empty() as DOMRect;
}

/**
 * Waits (bounded) until every `orx-code-editor` / `orx-diff-view` under `root` has loaded CodeMirror,
 * rendering `fixture` meanwhile.
 */
export async function whenEditorsReady(
  fixture: { detectChanges(): void; whenStable(): Promise<unknown> },
  root: HTMLElement,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    fixture.detectChanges();
    await fixture.whenStable();
    const busy = root.querySelector('.orx-code-editor[aria-busy], .orx-diff-view[aria-busy]');
    if (!busy) return;
    if (Date.now() > deadline) throw new Error('the editor did not load');
    await new Promise((r) => setTimeout(r, 10));
  }
}
