// The two queries of the answer path, in plain SQL: a whole class answering at once is the
// bot's hottest moment, and Prisma's per-query compilation costs about five times the query
// itself there (npm run bench). The SQL is the same on SQLite and PostgreSQL. The first answer is
// never overwritten: later clicks are practice, kept beside it for the teacher.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';

/** A student's answer to one question: `choice` is the first, the one that counts. */
export interface StoredAnswer {
  questionId: string;
  choice: number;
  lastChoice: number | null;
}

export class AnswerStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** The student's answers to one quiz. */
  async mine(memberId: string, quizId: string): Promise<StoredAnswer[]> {
    // A join rather than an IN list: each generated client has its own Prisma.join, and the
    // PostgreSQL one would not recognise the SQLite one's fragment.
    const rows = await this.#db.$queryRaw<
      { questionId: string; choice: number | bigint; lastChoice: number | bigint | null }[]
    >`
      SELECT a."questionId", a."choice", a."lastChoice" FROM "Answer" a
      JOIN "QuizQuestion" q ON q."id" = a."questionId"
      WHERE a."memberId" = ${memberId} AND q."quizId" = ${quizId}`;
    return rows.map((r) => ({
      questionId: r.questionId,
      choice: Number(r.choice),
      lastChoice: r.lastChoice === null ? null : Number(r.lastChoice),
    }));
  }

  /**
   * Records the first answer, or a practice try after it (the first stays as it was); a double
   * click racing with itself ends as one row.
   */
  async record(questionId: string, memberId: string, choice: number, now: Date): Promise<void> {
    await this.#db.$executeRaw`
      INSERT INTO "Answer" ("id", "questionId", "memberId", "choice", "attempts", "createdAt", "updatedAt")
      VALUES (${randomUUID()}, ${questionId}, ${memberId}, ${choice}, 1, ${now}, ${now})
      ON CONFLICT ("questionId", "memberId") DO UPDATE SET "lastChoice" = excluded."choice",
        "attempts" = "Answer"."attempts" + 1, "updatedAt" = excluded."updatedAt"`;
  }
}
