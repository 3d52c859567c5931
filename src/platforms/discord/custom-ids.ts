// Buttons, menus and modals carry what they do in a `custom_id` of at most 100 characters. The
// core's `encodeAction` form (`action:arg:arg`) fits for every action of the catalogue; the rare
// one that does not (or whose arguments contain the separator) is kept in memory behind a short
// token, so it still works until the process restarts and then fails as a stale button would.
import { randomBytes } from 'node:crypto';
import { decodeAction, encodeAction } from '../../core/card.ts';
import { LIMITS } from './limits.ts';

/** Prefix of a modal's custom id: `form:<form id>:<state...>`. */
export const FORM_PREFIX = 'form';
/** Prefix of the platform's own "open the form" button (shown when a modal could not open). */
export const OPEN_FORM_PREFIX = 'inverso-open-form';
/** Prefix of a menu made by the platform from buttons that did not fit; its values are actions. */
export const PICK_PREFIX = 'inverso-pick';
/** Marks an id kept in memory. */
const TOKEN_MARK = '~';

/** What a custom id stands for. */
export interface Decoded {
  action: string;
  args: string[];
}

/** Short tokens for ids that do not fit, bounded so memory stays small. */
export class CustomIdStore {
  readonly #entries = new Map<string, Decoded>();
  readonly #max: number;

  constructor(max = 5000) {
    this.#max = max;
  }

  /** The custom id for an action: its plain encoding when it fits and round-trips, else a token. */
  encode(action: string, args: string[]): string {
    const plain = encodeAction(action, args);
    const roundTrips = !action.includes(':') && args.every((a) => !a.includes(':'));
    if (plain.length <= LIMITS.customId && roundTrips && !plain.startsWith(TOKEN_MARK)) return plain;
    const token = `${TOKEN_MARK}${randomBytes(12).toString('base64url')}`;
    this.#entries.set(token, { action, args });
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return token;
  }

  /** The action behind a custom id; null for a token this process no longer knows. */
  decode(customId: string): Decoded | null {
    if (customId.startsWith(TOKEN_MARK)) return this.#entries.get(customId) ?? null;
    return decodeAction(customId);
  }
}
