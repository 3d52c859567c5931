// The two queries of the answer path, in plain SQL: a whole class answering at once is the
// bot's hottest moment, and Prisma's per-query compilation costs about five times the query
// itself there (npm run bench). The SQL is the same on SQLite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';

/** A student's answer to one question. */
export interface StoredAnswer {
  questionId: string;
  choice: number;
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
    const rows = await this.#db.$queryRaw<{ questionId: string; choice: number | bigint }[]>`
      SELECT a."questionId", a."choice" FROM "Answer" a
      JOIN "QuizQuestion" q ON q."id" = a."questionId"
      WHERE a."memberId" = ${memberId} AND q."quizId" = ${quizId}`;
    return rows.map((r) => ({ questionId: r.questionId, choice: Number(r.choice) }));
  }

  /** Records or changes the answer; a double click racing with itself ends as one row. */
  async record(questionId: string, memberId: string, choice: number, now: Date): Promise<void> {
    await this.#db.$executeRaw`
      INSERT INTO "Answer" ("id", "questionId", "memberId", "choice", "createdAt", "updatedAt")
      VALUES (${randomUUID()}, ${questionId}, ${memberId}, ${choice}, ${now}, ${now})
      ON CONFLICT ("questionId", "memberId") DO UPDATE SET "choice" = excluded."choice", "updatedAt" = excluded."updatedAt"`;
  }
}
