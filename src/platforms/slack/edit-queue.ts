// chat.update is a Tier 3 method (about 50 calls a minute per workspace). The services already
// coalesce edits per quiz question, but a quiz of ten questions answered by a whole class still
// asks for more than Slack allows. Here every message keeps only its latest pending version, one
// edit per message runs at a time, and a token bucket per workspace spaces them out: a burst
// passes at once (closing a quiz edits all its questions), a flood is smoothed. Each caller's
// promise settles when a version at least as new as theirs is on Slack.

/** Rate of edits per workspace. */
export interface EditRate {
  /** Edits that may go out at once. */
  burst: number;
  /** Sustained edits per minute. */
  perMinute: number;
}

interface Pending<R, C> {
  ref: R;
  card: C;
  team: string;
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

interface Bucket {
  tokens: number;
  at: number;
}

export class EditQueue<R, C> {
  readonly #run: (ref: R, card: C) => Promise<void>;
  readonly #rate: EditRate;
  readonly #pending = new Map<string, Pending<R, C>>();
  readonly #running = new Set<string>();
  readonly #buckets = new Map<string, Bucket>();
  #timer: NodeJS.Timeout | undefined;
  /** Edits actually sent (the benchmark prints it). */
  sent = 0;

  constructor(run: (ref: R, card: C) => Promise<void>, rate: EditRate = { burst: 20, perMinute: 50 }) {
    this.#run = run;
    this.#rate = rate;
  }

  /** Queues `card` as the next version of the message `key` (in workspace `team`). */
  edit(key: string, team: string, ref: R, card: C): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const pending = this.#pending.get(key);
      if (pending) {
        pending.card = card;
        pending.ref = ref;
        pending.waiters.push({ resolve, reject });
      } else {
        this.#pending.set(key, { ref, card, team, waiters: [{ resolve, reject }] });
      }
      this.#pump();
    });
  }

  /** Edits waiting or running. */
  get size(): number {
    return this.#pending.size + this.#running.size;
  }

  #pump(): void {
    let wait = Number.POSITIVE_INFINITY;
    for (const [key, pending] of this.#pending) {
      if (this.#running.has(key)) continue;
      const delay = this.#take(pending.team);
      if (delay > 0) {
        wait = Math.min(wait, delay);
        continue;
      }
      this.#pending.delete(key);
      this.#running.add(key);
      this.sent++;
      this.#run(pending.ref, pending.card)
        .then(
          () => {
            for (const w of pending.waiters) w.resolve();
          },
          (error: unknown) => {
            for (const w of pending.waiters) w.reject(error);
          },
        )
        .finally(() => {
          this.#running.delete(key);
          this.#pump();
        });
    }
    if (wait !== Number.POSITIVE_INFINITY && !this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#pump();
      }, Math.ceil(wait));
      this.#timer.unref();
    }
  }

  /** Takes a token for `team`; returns 0 when taken, else the milliseconds until one is free. */
  #take(team: string): number {
    const now = Date.now();
    const perMs = this.#rate.perMinute / 60_000;
    const bucket = this.#buckets.get(team) ?? { tokens: this.#rate.burst, at: now };
    bucket.tokens = Math.min(this.#rate.burst, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.#buckets.set(team, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (1 - bucket.tokens) / perMs;
  }
}
