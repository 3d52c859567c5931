// Coded errors. A UserError carries a translation key and its parameters and is answered in the
// user's language by the dispatcher; anything else is unexpected, logged once with an id.
import type { TKey, TParams } from './i18n-types.ts';

/** A mistake the user can fix: bad date, unknown capsule, missing right. */
export class UserError extends Error {
  constructor(
    readonly key: TKey,
    readonly params: TParams = {},
  ) {
    super(key);
    this.name = 'UserError';
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
