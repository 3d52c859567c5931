// What answering needs about a question, kept briefly in memory: a whole class answers the same
// few questions within minutes, and these rows do not change while a quiz is open.
import type { Clock } from '../core/clock.ts';
import { TtlCache } from '../core/ttl-cache.ts';
import type { Db } from '../db/client.ts';
import { type QuestionView, questionView } from './cards/quiz-card.ts';

const INFO_CACHE_MS = 5_000;

/** A question's quiz, class and siblings, as the answer path needs them. */
export interface QuestionInfo {
  quizId: string;
  /** The quiz's title, to head a question shown again ("try again"). */
  title: string;
  classId: string;
  /** The capsule the quiz is about; null for a sequence's review poll. */
  capsuleId: string | null;
  /** graded | opinion | review (review polls are answered anonymously). */
  kind: string;
  /** When the student learns the right answer: at_once | after_close. */
  reveal: string;
  closeAt: Date | null;
  closedAt: Date | null;
  questions: QuestionView[];
}

/** Question metadata by question id, with a short life. */
export class QuestionCache {
  readonly #db: Db;
  readonly #cache: TtlCache<string, QuestionInfo>;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#cache = new TtlCache(clock, { ttlMs: INFO_CACHE_MS });
  }

  /**
   * What answering needs about a question, cached briefly: a whole class answers the same few
   * questions within minutes. Closing a quiz in this process clears the cache at once; elsewhere
   * the close time (the session start) still applies.
   */
  async get(questionId: string): Promise<QuestionInfo | null> {
    const cached = this.#cache.get(questionId);
    if (cached) return cached;
    // findFirst: concurrent findUnique calls are merged by Prisma into one oversized query.
    const question = await this.#db.quizQuestion.findFirst({
      where: { id: questionId },
      select: {
        quiz: {
          select: {
            id: true,
            title: true,
            capsuleId: true,
            kind: true,
            reveal: true,
            closeAt: true,
            closedAt: true,
            capsule: { select: { classId: true } },
            sequence: { select: { classId: true } },
            questions: { orderBy: { position: 'asc' } },
          },
        },
      },
    });
    if (!question) return null;
    const { quiz } = question;
    const info: QuestionInfo = {
      quizId: quiz.id,
      title: quiz.title,
      capsuleId: quiz.capsuleId,
      kind: quiz.kind,
      reveal: quiz.reveal,
      classId: quiz.capsule?.classId ?? quiz.sequence?.classId ?? '',
      closeAt: quiz.closeAt,
      closedAt: quiz.closedAt,
      questions: quiz.questions.map(questionView),
    };
    for (const q of info.questions) this.#cache.set(q.id, info);
    return info;
  }

  /** Forgets everything (a quiz was closed in this process). */
  clear(): void {
    this.#cache.clear();
  }
}
