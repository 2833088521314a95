/** Called on every tick; `failure` is set when advancing the simulation failed. */
export type TickListener = (failure?: unknown) => void;

/**
 * The demo cluster's one clock while anything streams from it: a single interval timer, started by the
 * first watch or followed log and stopped when the last one goes, that first advances the simulation
 * (`advance`) and then lets every subscriber pick up what changed. Many streams, one apiserver.
 */
export class Ticker {
  private readonly listeners = new Set<TickListener>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    readonly intervalMs: number,
    private readonly advance: () => void,
  ) {}

  /** Whether the interval timer is running. */
  get running(): boolean {
    return this.timer !== null;
  }

  /** How many streams are listening. */
  get size(): number {
    return this.listeners.size;
  }

  /** Adds a listener (starting the timer if it is the first); the returned function removes it. */
  subscribe(listener: TickListener): () => void {
    // Wrapped, so that the same function subscribed twice counts twice and is removed once per call.
    const entry: TickListener = (failure) => listener(failure);
    this.listeners.add(entry);
    if (this.timer === null) this.timer = setInterval(() => this.tick(), this.intervalMs);
    return () => {
      if (!this.listeners.delete(entry)) return;
      if (this.listeners.size === 0 && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  /** One tick: advance, then notify every listener still subscribed (a listener may remove others). */
  tick(): void {
    let failure: unknown;
    try {
      this.advance();
    } catch (error) {
      failure = error ?? new Error('the simulation failed to advance');
    }
    for (const listener of [...this.listeners]) {
      if (this.listeners.has(listener)) listener(failure);
    }
  }
}
