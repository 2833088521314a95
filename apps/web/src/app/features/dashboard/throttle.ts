/**
 * Runs `fn` at most once per `ms`: the first trigger runs at once, triggers inside the window are
 * folded into one run at its end. `now()` runs at once and restarts the window.
 */
export function throttle(fn: () => void, ms: number): { trigger(): void; now(): void; cancel(): void } {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = (): void => {
    timer = null;
    last = Date.now();
    fn();
  };
  return {
    trigger() {
      if (timer) return;
      const wait = last + ms - Date.now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    now() {
      if (timer) clearTimeout(timer);
      run();
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
