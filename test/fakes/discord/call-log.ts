import { EventEmitter } from 'node:events';
import type { RecordedCall } from './types.ts';

/** Matches a recorded path: a RegExp is tested, a string must be equal. */
export type PathMatcher = RegExp | string;

function pathMatches(matcher: PathMatcher, path: string): boolean {
  return typeof matcher === 'string' ? matcher === path : matcher.test(path);
}

function describe(call: RecordedCall): string {
  return `${call.method} ${call.path} -> ${call.status}`;
}

/**
 * Every REST call the fake answered, in order. Waiting is event-based: each recorded call is emitted, so
 * `waitForCall` resolves as soon as the matching request has been answered, without polling.
 */
export class CallLog {
  readonly calls: RecordedCall[] = [];
  readonly #events = new EventEmitter();

  constructor() {
    // Many tests may wait in parallel; the default limit of 10 would only produce a noisy warning.
    this.#events.setMaxListeners(0);
  }

  /** Appends a call. Called before the response is written, so a resolved client promise implies a record. */
  record(call: Omit<RecordedCall, 'seq'>): RecordedCall {
    const recorded: RecordedCall = { ...call, seq: this.calls.length };
    this.calls.push(recorded);
    this.#events.emit('call', recorded);
    return recorded;
  }

  /** Calls with this method (case-insensitive) whose decoded path matches. */
  callsTo(method: string, path: PathMatcher): RecordedCall[] {
    const upper = method.toUpperCase();
    return this.calls.filter((c) => c.method === upper && pathMatches(path, c.path));
  }

  /**
   * The first call matching the predicate: already recorded ones count, so there is no race between
   * triggering a request and starting to wait. Pass `sinceSeq` to only accept calls recorded after a point.
   */
  waitForCall(
    predicate: (call: RecordedCall) => boolean,
    timeoutMs = 2_000,
    sinceSeq = 0,
  ): Promise<RecordedCall> {
    const existing = this.calls.find((c) => c.seq >= sinceSeq && predicate(c));
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const onCall = (call: RecordedCall): void => {
        if (call.seq < sinceSeq || !predicate(call)) return;
        clearTimeout(timer);
        this.#events.off('call', onCall);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.#events.off('call', onCall);
        const recent = this.calls.slice(-8).map(describe).join('\n  ');
        reject(
          new Error(
            `No matching Discord REST call within ${timeoutMs} ms. Last calls:\n  ${recent || '(none)'}`,
          ),
        );
      }, timeoutMs);
      this.#events.on('call', onCall);
    });
  }

  /** Forgets every call, e.g. between test cases sharing one fake. */
  clear(): void {
    this.calls.length = 0;
  }
}
