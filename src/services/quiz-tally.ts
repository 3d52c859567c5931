// The tally under each quiz question in the channel: counts per option, never names, edited in
// place at most once per window however many answers arrive.
import type { Tally } from './cards/quiz-card.ts';
import { questionCard, questionView } from './cards/quiz-card.ts';
import { Coalescer } from './coalescer.ts';
import type { ServiceDeps } from './deps.ts';
import type { Outbox } from './outbox.ts';

/** Counts answers and keeps the channel tallies current. */
export class TallyBoard {
  readonly #deps: ServiceDeps;
  readonly #outbox: Outbox;
  readonly edits: Coalescer;

  constructor(deps: ServiceDeps, outbox: Outbox, windowMs: number) {
    this.#deps = deps;
    this.#outbox = outbox;
    this.edits = new Coalescer(windowMs, (error, key) =>
      deps.logger.warn({ err: error, questionId: key }, 'tally update failed'),
    );
  }

  /** Counts per option: first answers of a quiz, or the anonymous ballots of a review poll. */
  async tally(questionId: string, kind: string): Promise<Tally> {
    const db = this.#deps.db;
    const question = await db.quizQuestion.findUniqueOrThrow({ where: { id: questionId } });
    const groups =
      kind === 'review'
        ? await db.pollAnswer.groupBy({ by: ['choice'], where: { questionId }, _count: { _all: true } })
        : await db.answer.groupBy({ by: ['choice'], where: { questionId }, _count: { _all: true } });
    const perOption = (JSON.parse(question.options) as string[]).map(() => 0);
    let total = 0;
    for (const g of groups) {
      perOption[g.choice] = g._count._all;
      total += g._count._all;
    }
    return { total, perOption };
  }

  /** Schedules a coalesced edit of the question's channel message. */
  schedule(quizId: string, questionId: string, kind: string): void {
    this.edits.schedule(questionId, async () => {
      const quiz = await this.#deps.db.quiz.findUniqueOrThrow({
        where: { id: quizId },
        include: {
          questions: true,
          capsule: { include: { class: true } },
          sequence: { include: { class: true } },
        },
      });
      const question = quiz.questions.find((q) => q.id === questionId);
      // A review poll belongs to a sequence, not a capsule: its class comes from there.
      const klass = quiz.capsule?.class ?? quiz.sequence?.class;
      if (!question?.messageRef || !klass || quiz.closedAt) return;
      const card = questionCard(
        quiz,
        questionView(question),
        quiz.questions.length,
        await this.tally(questionId, kind),
        {
          closed: false,
          t: this.#outbox.t(klass),
        },
      );
      await this.#outbox.update(klass, question.messageRef, card);
    });
  }
}
