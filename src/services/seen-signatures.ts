// The signatures of Slack requests already accepted, in the database (SeenSignature): every bot
// process sharing it refuses a replay, and so does a bot that restarted within the five minutes a
// signed request stays valid. Only a hash is kept; rows are purged once they expire.
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';

/** How often expired rows are purged, at most. */
const PURGE_EVERY_MS = 60_000;

export class SeenSignatures {
  readonly #db: Db;
  readonly #now: () => number;
  #nextPurge = 0;

  constructor(db: Db, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /** Records a signature until `expiresAt`; false when it was recorded already (a replay). */
  async firstTime(signature: string, expiresAt: Date): Promise<boolean> {
    await this.purge();
    const signatureHash = createHash('sha256').update(signature).digest('hex');
    try {
      await this.#db.seenSignature.create({ data: { signatureHash, expiresAt } });
      return true;
    } catch (error) {
      // The primary key says it all, even between two processes racing for the same request.
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Deletes the expired rows (at most once a minute unless forced). */
  async purge(force = false): Promise<number> {
    const at = this.#now();
    if (!force && at < this.#nextPurge) return 0;
    this.#nextPurge = at + PURGE_EVERY_MS;
    const { count } = await this.#db.seenSignature.deleteMany({ where: { expiresAt: { lt: new Date(at) } } });
    return count;
  }
}
