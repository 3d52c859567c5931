// Answers to the review poll of the method ("bilan"), anonymous in storage: honest feedback on the
// method matters more than names. A row holds the question, the choice and a ballot key, a keyed
// hash of that one question and the member: it stops a second ballot and equals nothing else
// (not the member's ballot on the next statement, not any other row). No member id, no time.
import type { Db } from '../db/client.ts';
import { scopedKey } from './hashing.ts';

/** Anonymous ballots of review polls. */
export class PollStore {
  readonly #db: Db;
  readonly #secret: string;

  constructor(db: Db, secret: string) {
    this.#db = db;
    this.#secret = secret;
  }

  #key(questionId: string, memberId: string): string {
    return scopedKey(this.#secret, 'poll', questionId, memberId);
  }

  /** The member's choice on each of these questions they answered. */
  async mine(memberId: string, questionIds: string[]): Promise<Map<string, number>> {
    const rows = await this.#db.pollAnswer.findMany({
      where: {
        OR: questionIds.map((questionId) => ({ questionId, ballotKey: this.#key(questionId, memberId) })),
      },
      select: { questionId: true, choice: true },
    });
    return new Map(rows.map((r) => [r.questionId, r.choice]));
  }

  /** Records the ballot, or changes it (an opinion may change until the poll closes). */
  async record(questionId: string, memberId: string, choice: number): Promise<void> {
    const ballotKey = this.#key(questionId, memberId);
    await this.#db.pollAnswer.upsert({
      where: { questionId_ballotKey: { questionId, ballotKey } },
      create: { questionId, ballotKey, choice },
      update: { choice },
    });
  }
}
