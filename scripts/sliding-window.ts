// The Discord proxy's own pace: at most N requests in ANY window of the given length, not N per
// fixed second. @discordjs/rest counts fixed seconds from the first request it sends; Discord counts
// from when requests arrive, so a request that travels slower than the next ones (a busy machine, a
// slow network) lands in Discord's previous second and meets a global 429. Sliding windows a little
// longer than a second hold however the two seconds are aligned (ADR 0021).
import { setTimeout as sleep } from 'node:timers/promises';

/** A first-come-first-served gate letting at most `limit` callers through per `windowMs`. */
export class SlidingWindow {
  readonly #limit: number;
  readonly #windowMs: number;
  /** When the last `limit` callers went through, oldest first. */
  readonly #sent: number[] = [];
  #queue: Promise<void> = Promise.resolve();

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Resolves when the caller may go. */
  take(): Promise<void> {
    const turn = this.#queue.then(async () => {
      if (this.#sent.length >= this.#limit) {
        const wait = (this.#sent[0] ?? 0) + this.#windowMs - Date.now();
        if (wait > 0) await sleep(wait);
        this.#sent.shift();
      }
      this.#sent.push(Date.now());
    });
    this.#queue = turn;
    return turn;
  }
}
