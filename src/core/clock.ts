// The clock is injected everywhere so tests never wait for real time and the sandbox can jump ahead.

/** Current time source. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to (tests, the sandbox's "jump ahead"). */
export class ManualClock implements Clock {
  #ms: number;
  readonly #listeners = new Set<(now: Date) => void>();

  constructor(start: Date = new Date()) {
    this.#ms = start.getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  set(to: Date): void {
    if (to.getTime() < this.#ms) throw new Error('the clock only moves forward');
    this.#ms = to.getTime();
    for (const listener of this.#listeners) listener(this.now());
  }

  advance(ms: number): void {
    this.set(new Date(this.#ms + ms));
  }

  /** Called after every move (the sandbox runs due jobs at once). */
  onChange(listener: (now: Date) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/**
 * Real time plus an offset that only grows: the sandbox's clock. Time flows as usual, and "jump
 * ahead" moves it forward so a newcomer sees a week of the cycle in a minute.
 */
export class OffsetClock implements Clock {
  #offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  set(to: Date): void {
    const offset = to.getTime() - Date.now();
    if (offset > this.#offsetMs) this.#offsetMs = offset;
  }
}
