// Bursts of answers or votes would edit the same channel message hundreds of times a second and
// trip the platforms' rate limits. Edits are coalesced: one per key per window, always showing
// the latest state.

/** Runs the latest pending edit per key at most once per window. */
export class Coalescer {
  readonly #windowMs: number;
  readonly #pending = new Map<string, () => Promise<void>>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #running = new Set<Promise<void>>();
  readonly #onError: (error: unknown, key: string) => void;
  /** How many edits actually ran (the benchmarks print it). */
  runs = 0;

  constructor(windowMs: number, onError: (error: unknown, key: string) => void) {
    this.#windowMs = windowMs;
    this.#onError = onError;
  }

  schedule(key: string, task: () => Promise<void>): void {
    this.#pending.set(key, task);
    if (this.#timers.has(key)) return;
    const timer = setTimeout(() => this.#run(key), this.#windowMs);
    timer.unref();
    this.#timers.set(key, timer);
  }

  /** Runs everything pending now (tests, shutdown). */
  async flush(): Promise<void> {
    for (const [key, timer] of this.#timers) {
      clearTimeout(timer);
      this.#run(key);
    }
    await Promise.all(this.#running);
  }

  #run(key: string): void {
    this.#timers.delete(key);
    const task = this.#pending.get(key);
    this.#pending.delete(key);
    if (!task) return;
    this.runs++;
    const running = task()
      .catch((error) => this.#onError(error, key))
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }
}
