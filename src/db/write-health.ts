// Whether the database can write, as /healthz and /readyz report it: the outcome of the last write
// or probe, refreshed by a cheap probe when it is older than a moment. Asking never blocks: the
// probe runs at most once at a time, and a caller in a hurry reads the last outcome.

/** What the database can do now. */
export type WriteState = 'ok' | 'not_writable' | 'unreachable';

/** How old an outcome may be before a probe refreshes it. */
export const writeHealthMaxAgeMs = 2000;

export class WriteHealth {
  #state: WriteState = 'ok';
  #reason: string | null = null;
  #at = 0;
  #probe: (() => Promise<void>) | null = null;
  #running: Promise<void> | null = null;

  /** The check to run when the outcome is stale; it reports through wrote() and failed(). */
  attach(probe: () => Promise<void>): void {
    this.#probe = probe;
  }

  /** A write went through. */
  wrote(): void {
    this.#set('ok', null);
  }

  /** A write failed for want of space, a lock, or a working disk (the driver's code). */
  failed(reason: string): void {
    this.#set('not_writable', reason);
  }

  /** The last outcome, at once; a stale one starts a probe in the background. */
  current(maxAgeMs = writeHealthMaxAgeMs): { state: WriteState; reason: string | null } {
    if (Date.now() - this.#at > maxAgeMs) void this.#refresh();
    return { state: this.#state, reason: this.#reason };
  }

  /** A fresh outcome (probing if the last is older than `maxAgeMs`). */
  async check(maxAgeMs = 500): Promise<{ state: WriteState; reason: string | null }> {
    if (Date.now() - this.#at > maxAgeMs) await this.#refresh();
    return { state: this.#state, reason: this.#reason };
  }

  #refresh(): Promise<void> {
    const probe = this.#probe;
    if (!probe) return Promise.resolve();
    this.#running ??= probe()
      .catch((error: unknown) => this.#set('unreachable', codeOf(error) ?? 'error'))
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  #set(state: WriteState, reason: string | null): void {
    this.#state = state;
    this.#reason = reason;
    this.#at = Date.now();
  }
}

/** SQLite's (or the driver adapter's) error code, when there is one. */
export function codeOf(error: unknown): string | null {
  const e = error as { code?: unknown; cause?: { code?: unknown; originalCode?: unknown } } | null;
  for (const code of [e?.code, e?.cause?.originalCode, e?.cause?.code]) {
    if (typeof code === 'string') return code;
  }
  return null;
}

/** Whether SQLite refused because another connection holds the lock. */
export function isBusy(error: unknown): boolean {
  return /^SQLITE_BUSY/.test(codeOf(error) ?? '');
}

const cannotWrite = /^SQLITE_(FULL|IOERR|READONLY|BUSY|LOCKED|CANTOPEN|PROTOCOL)/;

/** The code of an error that means "the database cannot write now, try later", else null. */
export function storageFailureCode(error: unknown): string | null {
  const code = codeOf(error);
  return code && cannotWrite.test(code) ? code : null;
}
