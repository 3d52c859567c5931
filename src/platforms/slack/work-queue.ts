// Work that follows an acknowledgement (dispatching a click, answering a command) runs a few at a
// time. A burst of 500 quiz answers then costs a queue of small closures instead of 500 handlers
// fighting for the event loop and the database: new requests keep being acknowledged at once, and
// each answer is handled in arrival order. Urgent work (a modal waiting for its ack, a menu
// waiting for its options) skips the line.

/** A task that never needs to be awaited by its caller. */
export type Task = () => Promise<unknown>;

export class WorkQueue {
  readonly #concurrency: number;
  readonly #waiting: Task[] = [];
  readonly #running = new Set<Promise<unknown>>();
  readonly #onError: (error: unknown) => void;

  constructor(concurrency: number, onError: (error: unknown) => void) {
    this.#concurrency = Math.max(1, concurrency);
    this.#onError = onError;
  }

  /** Queues a task; `urgent` ones start now whatever the load. */
  push(task: Task, urgent = false): void {
    if (urgent || this.#running.size < this.#concurrency) this.#start(task);
    else this.#waiting.push(task);
  }

  /** Tasks queued or running. */
  get size(): number {
    return this.#waiting.length + this.#running.size;
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.size > 0) await Promise.allSettled([...this.#running]);
  }

  #start(task: Task): void {
    const running: Promise<unknown> = task()
      .catch(this.#onError)
      .finally(() => {
        this.#running.delete(running);
        const next = this.#running.size < this.#concurrency ? this.#waiting.shift() : undefined;
        if (next) this.#start(next);
      });
    this.#running.add(running);
  }
}
