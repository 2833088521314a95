/** Longest wait for a frame (a hidden tab draws none) before the work runs anyway. */
const PAINT_WAIT_MS = 1_000;

/**
 * Runs `fn` once the browser has drawn what is pending (the frame after this one, then a task), or
 * after PAINT_WAIT_MS without frames. For work that would otherwise hold back the first rows: asking
 * for the whole list (core/live-list.ts), widening the virtual scroll's buffer (the list page).
 */
export function afterPaint(fn: () => void): void {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    fn();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(once));
  setTimeout(once, typeof requestAnimationFrame === 'function' ? PAINT_WAIT_MS : 0);
}
