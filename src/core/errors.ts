// Coded errors. A UserError carries a translation key and its parameters and is answered in the
// user's language by the dispatcher; anything else is unexpected, logged once with an id.
import type { TKey, TParams } from './i18n-types.ts';

/** A mistake the user can fix: bad date, unknown capsule, missing right. */
export class UserError extends Error {
  constructor(
    readonly key: TKey,
    readonly params: TParams = {},
    /** The option or form field the mistake is about, so a form can show it next to that field. */
    readonly field?: string,
  ) {
    super(key);
    this.name = 'UserError';
  }
}

/** Several mistakes found at once: a form answers them all, not the first one only. */
export class UserErrors extends UserError {
  constructor(readonly errors: readonly UserError[]) {
    const first = errors[0];
    super(first?.key ?? 'errors:unknownCommand', first?.params ?? {}, first?.field);
    this.name = 'UserErrors';
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** The single mistakes a user error stands for. */
export function problemsOf(error: UserError): readonly UserError[] {
  return error instanceof UserErrors ? error.errors : [error];
}

/** The same mistakes, tied to `field` where they were not tied to one already. */
export function onField(error: UserError, field: string): UserError {
  const tied = problemsOf(error).map((e) => (e.field ? e : new UserError(e.key, e.params, field)));
  return tied.length === 1 ? (tied[0] as UserError) : new UserErrors(tied);
}

/**
 * Gathers the mistakes of several independent checks so every one is reported at once (a teacher
 * fixes the whole form in one go). Unexpected errors are not gathered: they stop at once.
 */
export class Checks {
  readonly #errors: UserError[] = [];

  /** Runs a check; its mistake is recorded (against `field` when given) and undefined returned. */
  run<T>(field: string | undefined, check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!isUserError(error)) throw error;
      this.add(field ? onField(error, field) : error);
      return undefined;
    }
  }

  add(error: UserError): void {
    this.#errors.push(...problemsOf(error));
  }

  get failed(): boolean {
    return this.#errors.length > 0;
  }

  /** Throws what was gathered, if anything, in the order found. */
  done(): void {
    if (this.#errors.length === 1) throw this.#errors[0];
    if (this.#errors.length > 1) throw new UserErrors(this.#errors);
  }
}

/**
 * The database could not write (full disk, a lock held too long, a failing disk): nothing was
 * saved, and trying again later will work. Answered as the translated "could not save" error.
 */
export class StorageUnavailableError extends UserError {
  constructor(
    /** The driver's code (SQLITE_FULL, SQLITE_BUSY...), for the logs. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('errors:saveFailed');
    this.name = 'StorageUnavailableError';
    if (options && 'cause' in options) this.cause = options.cause;
  }
}
