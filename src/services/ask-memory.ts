// What asking needs to remember about the asker, kept in this process's memory and never in the
// database: how many questions they asked lately (rate limit) and which anonymous questions are
// their own (no upvoting oneself). Stored, either would tie an anonymous question to its author.
// After a restart the limit starts afresh and an old anonymous question could get its author's
// vote: a small price for anonymity that holds against anyone reading the database.
import { type KeyPurpose, scopedKey } from './hashing.ts';

/** How many questions a member may ask per window. */
export interface RateLimit {
  count: number;
  windowMs: number;
}

/** Anonymous authorship is forgotten after this long: questions are discussed within days. */
const OWN_TTL_MS = 60 * 24 * 3600_000;
const PRUNE_EVERY = 500;

/** Recent asks per member and anonymous authorship, in memory only, under keyed hashes. */
export class AskMemory {
  readonly #secret: string;
  readonly #limit: RateLimit;
  readonly #asks = new Map<string, number[]>();
  readonly #own = new Map<string, number>();
  #writes = 0;

  constructor(secret: string, limit: RateLimit) {
    this.#secret = secret;
    this.#limit = limit;
  }

  /** Whether the member may ask now. */
  mayAsk(classId: string, memberId: string, now: number): boolean {
    return this.#recent(this.#key('ask', classId, memberId), now).length < this.#limit.count;
  }

  /** Counts a question that was posted (a failed one does not count). */
  asked(classId: string, memberId: string, now: number): void {
    const key = this.#key('ask', classId, memberId);
    this.#asks.set(key, [...this.#recent(key, now), now]);
    this.#maybePrune(now);
  }

  /** Remembers that this member wrote this anonymous question. */
  wroteAnonymously(questionId: string, memberId: string, now: number): void {
    this.#own.set(this.#key('own', questionId, memberId), now + OWN_TTL_MS);
    this.#maybePrune(now);
  }

  isOwnAnonymous(questionId: string, memberId: string, now: number): boolean {
    return (this.#own.get(this.#key('own', questionId, memberId)) ?? 0) > now;
  }

  #key(purpose: KeyPurpose, scope: string, memberId: string): string {
    return scopedKey(this.#secret, purpose, scope, memberId);
  }

  #recent(key: string, now: number): number[] {
    return (this.#asks.get(key) ?? []).filter((at) => at > now - this.#limit.windowMs);
  }

  #maybePrune(now: number): void {
    if (++this.#writes % PRUNE_EVERY !== 0) return;
    for (const [key, list] of this.#asks) {
      if (!list.some((at) => at > now - this.#limit.windowMs)) this.#asks.delete(key);
    }
    for (const [key, until] of this.#own) if (until <= now) this.#own.delete(key);
  }
}
