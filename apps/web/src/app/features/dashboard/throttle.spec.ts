import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the first trigger at once and folds the rest of the window into one run at its end', () => {
    const fn = vi.fn();
    const t = throttle(fn, 2500);
    t.trigger();
    expect(fn).toHaveBeenCalledTimes(1);
    t.trigger();
    t.trigger();
    t.trigger();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2499);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(10_000);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('never runs more often than once per window under a steady stream of triggers', () => {
    const fn = vi.fn();
    const t = throttle(fn, 2500);
    for (let i = 0; i < 100; i++) {
      t.trigger();
      vi.advanceTimersByTime(100);
    }
    // 10 s of triggers: at most 1 + 10000/2500 runs.
    expect(fn.mock.calls.length).toBeLessThanOrEqual(5);
    expect(fn.mock.calls.length).toBeGreaterThanOrEqual(4);
  });

  it('now() runs immediately, drops the pending run and restarts the window', () => {
    const fn = vi.fn();
    const t = throttle(fn, 2500);
    t.trigger();
    t.trigger();
    t.now();
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(3000);
    expect(fn).toHaveBeenCalledTimes(2);
    t.trigger();
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('cancel() drops the pending run', () => {
    const fn = vi.fn();
    const t = throttle(fn, 2500);
    t.trigger();
    t.trigger();
    t.cancel();
    vi.advanceTimersByTime(5000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
