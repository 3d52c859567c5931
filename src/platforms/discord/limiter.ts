// A bound on how many interactions run in the core at once. In a burst (a whole class answering in
// the same second) unbounded concurrency makes every answer wait for all the others, since they
// share one database; served in arrival order a few at a time, the first ones leave at once and
// the 3-second guard (armed on receipt, not when work starts) covers those that must wait.

/** A first-in, first-out semaphore. */
export class Limiter {
  readonly #max: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(max: number) {
    this.#max = Math.max(1, max);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#max) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running++;
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next in line, so `running` never drops and rises again.
      if (next) next();
      else this.#running--;
    }
  }
}
