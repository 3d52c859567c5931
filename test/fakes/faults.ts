// Fault injection shared by the fake Discord and the fake Slack (issue 12, "flaky platforms"): on a
// chosen share of calls (seeded, so a run can be replayed) or on the next matching call, answer a
// rate limit with the platform's own headers, a 500, reset the connection, never answer (a
// timeout), or do the work and then lose the answer (the case that makes a naive retry post twice).
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/** What can go wrong with one call. */
export type FaultKind = 'rate-limit' | 'server-error' | 'reset' | 'timeout' | 'lost-answer';

export const FAULT_KINDS: readonly FaultKind[] = [
  'rate-limit',
  'server-error',
  'reset',
  'timeout',
  'lost-answer',
];

/** Random faults on a share of the calls whose name `only` accepts (default: every call). */
export interface FaultPlan {
  /** 0..1: the share of calls that fail. */
  share: number;
  seed?: number;
  kinds?: readonly FaultKind[];
  only?: (name: string) => boolean;
}

/** How long a fault keeps the connection before closing it (ms). */
export interface FaultTiming {
  /** A `timeout` (the caller's own time-out usually ends it first). */
  holdMs: number;
  /** A `lost-answer`: 0 resets at once; longer plays a process stuck (or killed) mid-call. */
  lostAnswerHoldMs: number;
}

/** A small seeded generator (mulberry32): the same seed gives the same faults. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The faults of one fake: a random plan, scripted one-offs, and counts of what was injected. */
export class Faults {
  readonly injected: Record<FaultKind, number> = {
    'rate-limit': 0,
    'server-error': 0,
    reset: 0,
    timeout: 0,
    'lost-answer': 0,
  };
  timing: FaultTiming = { holdMs: 30_000, lostAnswerHoldMs: 0 };
  #plan: FaultPlan | null = null;
  #random: () => number = Math.random;
  readonly #scripted: { match: (name: string) => boolean; kind: FaultKind; remaining: number }[] = [];
  /** Connections held by `timeout`/`lost-answer`, closed by `releaseHeld`. */
  readonly #held = new Set<IncomingMessage>();

  /** Starts (or, with null, stops) random faults. */
  plan(plan: FaultPlan | null): void {
    this.#plan = plan;
    this.#random = seeded(plan?.seed ?? 1);
  }

  /** The next `times` calls whose name matches get this fault. */
  next(match: string | RegExp, kind: FaultKind, times = 1): void {
    const test = typeof match === 'string' ? (n: string) => n === match : (n: string) => match.test(n);
    this.#scripted.push({ match: test, kind, remaining: times });
  }

  /** Total faults injected so far. */
  get total(): number {
    return Object.values(this.injected).reduce((a, b) => a + b, 0);
  }

  /** Decides the fault of one call (null: answer normally). */
  pick(name: string): FaultKind | null {
    const scripted = this.#scripted.find((s) => s.remaining > 0 && s.match(name));
    if (scripted) {
      scripted.remaining -= 1;
      return this.#count(scripted.kind);
    }
    const plan = this.#plan;
    if (!plan || (plan.only && !plan.only(name)) || this.#random() >= plan.share) return null;
    const kinds = plan.kinds ?? FAULT_KINDS;
    return this.#count(kinds[Math.floor(this.#random() * kinds.length)] ?? 'server-error');
  }

  /** Closes every connection a fault is holding (a fake's close()). */
  releaseHeld(): void {
    for (const req of this.#held) req.socket.destroy();
    this.#held.clear();
  }

  /**
   * Wraps a fake's request listener: `name` names the call (null: never faulted), `rateLimit`
   * answers a 429 the platform's way.
   */
  wrap(
    name: (req: IncomingMessage) => string | null,
    inner: RequestListener,
    rateLimit: (res: ServerResponse) => void,
  ): RequestListener {
    return (req, res) => {
      const callName = name(req);
      const fault = callName === null ? null : this.pick(callName);
      if (fault === null) return inner(req, res);
      if (fault === 'lost-answer') return this.#loseAnswer(req, res, inner);
      req.resume();
      req.once('end', () => {
        if (fault === 'rate-limit') rateLimit(res);
        else if (fault === 'server-error') {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('injected server error');
        } else if (fault === 'reset') req.socket.destroy();
        else this.#hold(req, this.timing.holdMs);
      });
    };
  }

  /** The call is handled (the platform did it) but its answer never reaches the caller. */
  #loseAnswer(req: IncomingMessage, res: ServerResponse, inner: RequestListener): void {
    const mute = (): ServerResponse => {
      const ms = this.timing.lostAnswerHoldMs;
      if (ms <= 0) req.socket.destroy();
      else this.#hold(req, ms);
      return res;
    };
    res.writeHead = mute as unknown as ServerResponse['writeHead'];
    res.write = (() => true) as unknown as ServerResponse['write'];
    res.end = mute as unknown as ServerResponse['end'];
    inner(req, res);
  }

  #hold(req: IncomingMessage, ms: number): void {
    if (this.#held.has(req)) return;
    this.#held.add(req);
    const timer = setTimeout(() => {
      this.#held.delete(req);
      req.socket.destroy();
    }, ms);
    timer.unref();
    req.socket.once('close', () => {
      clearTimeout(timer);
      this.#held.delete(req);
    });
  }

  #count(kind: FaultKind): FaultKind {
    this.injected[kind] += 1;
    return kind;
  }
}
