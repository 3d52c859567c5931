// Exactly once across crashes (issue 12). A keyed post is written down before the platform is
// called and its message reference after: a process killed in between leaves an intent without a
// reference, and the next attempt asks the platform to look for the message (Slack: the key in the
// message metadata; Discord: the same nonce) instead of posting it again.
import type { MessageRef } from '../core/events.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import type { ServiceDeps } from './deps.ts';

/** How a keyed post is sent; `resume` is true when an earlier attempt may already have posted it. */
export type KeyedSend<T> = (resume: boolean) => Promise<T>;

/** What a send produced: a message reference to keep, or nothing to remember (a closed DM). */
export type SendResult = { ref: MessageRef } | { ref: null };

/** The durable record of keyed posts (table PostIntent). */
export class PostIntents {
  readonly #deps: Pick<ServiceDeps, 'db' | 'clock'>;

  constructor(deps: Pick<ServiceDeps, 'db' | 'clock'>) {
    this.#deps = deps;
  }

  /**
   * Sends at most once per key: a key whose message is known answers that message without calling
   * the platform; a key started before (by a process that died, or an attempt that failed without
   * knowing whether the platform took it) is sent with `resume`.
   */
  async once<T extends SendResult>(
    key: string,
    platform: string,
    send: KeyedSend<T>,
  ): Promise<T | { ref: MessageRef }> {
    const { db, clock } = this.#deps;
    const known = await db.postIntent.findUnique({ where: { key } });
    const ref = known?.ref ? parseStored(known.ref) : null;
    if (ref) return { ref };
    if (!known) {
      try {
        await db.postIntent.create({ data: { key, platform, createdAt: clock.now() } });
      } catch (error) {
        // Another worker wrote it first: it may have posted, so look before posting.
        if (!isUniqueViolation(error)) throw error;
        return this.#send(key, true, send);
      }
    }
    return this.#send(key, known !== null, send);
  }

  async #send<T extends SendResult>(key: string, resume: boolean, send: KeyedSend<T>): Promise<T> {
    const result = await send(resume);
    const { db, clock } = this.#deps;
    if (result.ref) {
      await db.postIntent.update({
        where: { key },
        data: { ref: JSON.stringify(result.ref), postedAt: clock.now() },
      });
    } else {
      // Nothing was posted (the person takes no private messages): nothing to find again.
      await db.postIntent.deleteMany({ where: { key } });
    }
    return result;
  }
}

function parseStored(text: string): MessageRef | null {
  try {
    return JSON.parse(text) as MessageRef;
  } catch {
    return null;
  }
}
