// A bound on how much work runs at once, shared by every platform edge. In a burst (a whole class
// answering in the same second) unbounded concurrency makes every answer wait for all the others,
// since they share one database; served in arrival order a few at a time, the first ones leave at
// once, and new requests keep being acknowledged while the rest wait their turn. Urgent work (a
// form waiting for its acknowledgement, a menu waiting for its options) skips the line.

/** A task whose caller does not wait for it. */
export type Task = () => Promise<unknown>;

/** A first-in, first-out semaphore with a fire-and-forget side. */
export class Limiter {
  readonly #max: number;
  readonly #onError: (error: unknown) => void;
  /** Slots held, urgent ones included (so it may exceed the bound for a moment). */
  #running = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #inFlight = new Set<Promise<unknown>>();

  /** `onError` receives what a task started with `push` threw (nobody else awaits it). */
  constructor(max: number, onError: (error: unknown) => void = () => {}) {
    this.#max = Math.max(1, max);
    this.#onError = onError;
  }

  /** Runs a task when a slot is free (at once when `urgent`), and resolves with its result. */
  run<T>(task: () => Promise<T>, urgent = false): Promise<T> {
    const done = this.#run(task, urgent);
    const tracked = done.then(
      () => {},
      () => {},
    );
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
    return done;
  }

  /** Queues a task nobody awaits; what it throws goes to `onError`. */
  push(task: Task, urgent = false): void {
    this.run(task, urgent).catch(this.#onError);
  }

  /** Tasks waiting or running. */
  get size(): number {
    return this.#inFlight.size;
  }

  /** Resolves when nothing is waiting or running. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #run<T>(task: () => Promise<T>, urgent: boolean): Promise<T> {
    if (!urgent && this.#running >= this.#max)
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running++;
    try {
      return await task();
    } finally {
      const next = this.#running <= this.#max ? this.#waiting.shift() : undefined;
      // The slot passes straight to the next in line, so `running` never drops and rises again.
      if (next) next();
      else this.#running--;
    }
  }
}
