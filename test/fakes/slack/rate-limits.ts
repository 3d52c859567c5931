// Slack's posting limit as the fake enforces it when asked (the fan-out bench): about one message
// per second per channel (chat.postMessage and its cousins), answered over the limit with HTTP 429
// and `Retry-After` in seconds, as Slack does. Edits and other methods are not limited here.

/** How strict the fake is. */
export interface SlackRateLimitOptions {
  /** Shortest gap between two messages in one channel (Slack: about 1 s). */
  perChannelMs?: number;
}

/** What the fake let through and refused. */
export interface SlackRateLimitCounts {
  accepted: number;
  limited: number;
}

const POSTING = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.scheduleMessage']);

/** Remembers each channel's last accepted message. */
export class SlackChannelLimiter {
  readonly counts: SlackRateLimitCounts = { accepted: 0, limited: 0 };
  readonly #gapMs: number;
  readonly #last = new Map<string, number>();

  constructor(options: SlackRateLimitOptions = {}) {
    this.#gapMs = options.perChannelMs ?? 1_000;
  }

  /** Seconds to wait (for Retry-After) when this call is over the limit, else null (and counted). */
  take(method: string, args: Record<string, unknown>, now = Date.now()): number | null {
    if (!POSTING.has(method) || typeof args.channel !== 'string') return null;
    const last = this.#last.get(args.channel);
    if (last !== undefined && now - last < this.#gapMs) {
      this.counts.limited += 1;
      return Math.max(1, Math.ceil((last + this.#gapMs - now) / 1_000));
    }
    this.#last.set(args.channel, now);
    this.counts.accepted += 1;
    return null;
  }
}
