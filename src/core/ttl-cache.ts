// One time-limited cache for every edge and service, on the injected Clock: tests and the sandbox's
// "jump ahead" see entries expire when their clock says so, not when the wall clock does.
import type { Clock } from './clock.ts';

/** Options of {@link TtlCache}. */
export interface TtlCacheOptions {
  /** How long an entry lives unless `set` says otherwise. */
  ttlMs: number;
  /** At most this many entries; the oldest written goes first. Unbounded when absent. */
  maxEntries?: number;
}

/** A map whose entries expire after a time measured on the given clock. */
export class TtlCache<K, V> {
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<K, { value: V; until: number }>();

  constructor(clock: Clock, options: TtlCacheOptions) {
    this.#clock = clock;
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
  }

  /** The live value of a key, or undefined when absent or expired. */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.until > this.#clock.now().getTime()) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  /** Stores a value for `ttlMs` from now (the cache's own life when absent). */
  set(key: K, value: V, ttlMs = this.#ttlMs): void {
    // Map keeps insertion order: re-inserting makes this the newest, and the first key the oldest.
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, until: this.#clock.now().getTime() + ttlMs });
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  /** Forgets every entry whose value (or key) matches. */
  deleteWhere(matches: (value: V, key: K) => boolean): void {
    for (const [key, entry] of this.#entries) if (matches(entry.value, key)) this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
