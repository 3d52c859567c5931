// Discord's REST rate limits, as the fake enforces them when asked (the fan-out bench): a global
// budget of requests per second per bot token, and per-route buckets keyed by the route and its
// major parameter (channel, guild, webhook), with Discord's real headers on every answer and 429s
// whose body carries `retry_after` and `global`. Interaction callbacks and webhooks are outside the
// global budget, as on Discord. Windows open at the first request and last their length, the way
// Discord announces them (X-RateLimit-Reset-After).
import { createHash } from 'node:crypto';
import type { RouteResult } from './router.ts';

/** How strict the fake is. */
export interface DiscordRateLimitOptions {
  /** Requests per second for the whole bot token (Discord: 50). */
  globalPerSecond?: number;
  /** Requests per bucket window (Discord's message routes: 5 per 5 s per channel). */
  routeLimit?: number;
  routeWindowMs?: number;
}

/** What the fake answered, by kind, for the bench's figures. */
export interface RateLimitCounts {
  /** Requests that counted against the global budget and went through. */
  accepted: number;
  global429: number;
  route429: number;
}

interface Window {
  startedAt: number;
  used: number;
}

const exempt = (path: string) => path.startsWith('/interactions/') || path.startsWith('/webhooks/');

/** The bucket's major parameter: the first id after channels/guilds/webhooks. */
function bucketKey(method: string, pattern: string, path: string): { hash: string; key: string } {
  const major = /^\/(channels|guilds|webhooks)\/([^/]+)/.exec(path)?.[2] ?? '';
  const hash = createHash('sha1').update(`${method} ${pattern}`).digest('hex').slice(0, 16);
  return { hash, key: `${hash}:${major}` };
}

/** Counts requests and answers 429 (with headers) when a budget is spent. */
export class DiscordRateLimiter {
  readonly counts: RateLimitCounts = { accepted: 0, global429: 0, route429: 0 };
  readonly #globalPerSecond: number;
  readonly #routeLimit: number;
  readonly #routeWindowMs: number;
  #global: Window = { startedAt: Number.NEGATIVE_INFINITY, used: 0 };
  readonly #buckets = new Map<string, Window>();

  constructor(options: DiscordRateLimitOptions = {}) {
    this.#globalPerSecond = options.globalPerSecond ?? 50;
    this.#routeLimit = options.routeLimit ?? 5;
    this.#routeWindowMs = options.routeWindowMs ?? 5_000;
  }

  /**
   * Takes one request from the budgets. Returns a 429 to send instead of the route's answer, or the
   * bucket headers to add to it.
   */
  take(
    method: string,
    pattern: string | null,
    path: string,
    now = Date.now(),
  ): { limited: RouteResult } | { headers: Record<string, string> } {
    if (exempt(path) || pattern === null) return { headers: {} };
    const global = this.#global;
    if (now - global.startedAt >= 1_000) this.#global = { startedAt: now, used: 0 };
    if (this.#global.used >= this.#globalPerSecond) {
      this.counts.global429 += 1;
      const retryAfter = (this.#global.startedAt + 1_000 - now) / 1_000;
      return {
        limited: {
          status: 429,
          body: { message: 'You are being rate limited.', retry_after: retryAfter, global: true },
          headers: {
            'retry-after': String(Math.ceil(retryAfter)),
            'x-ratelimit-global': 'true',
            'x-ratelimit-scope': 'global',
          },
        },
      };
    }
    const { hash, key } = bucketKey(method, pattern, path);
    let bucket = this.#buckets.get(key);
    if (!bucket || now - bucket.startedAt >= this.#routeWindowMs) {
      bucket = { startedAt: now, used: 0 };
      this.#buckets.set(key, bucket);
    }
    const resetAfter = (bucket.startedAt + this.#routeWindowMs - now) / 1_000;
    const headers = (remaining: number) => ({
      'x-ratelimit-limit': String(this.#routeLimit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': ((now + resetAfter * 1_000) / 1_000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': hash,
    });
    if (bucket.used >= this.#routeLimit) {
      this.counts.route429 += 1;
      return {
        limited: {
          status: 429,
          body: { message: 'You are being rate limited.', retry_after: resetAfter, global: false },
          headers: {
            ...headers(0),
            'retry-after': String(Math.ceil(resetAfter)),
            'x-ratelimit-scope': 'user',
          },
        },
      };
    }
    bucket.used += 1;
    this.#global.used += 1;
    this.counts.accepted += 1;
    return { headers: headers(this.#routeLimit - bucket.used) };
  }
}
