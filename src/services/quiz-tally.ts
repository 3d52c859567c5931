// The tally under each quiz question in the channel: counts per option, never names, edited in
// place at most once per window however many answers arrive. Up to five questions share one
// channel message (ADR 0021): the questions whose messageRef is the same are that message.
import type { Card } from '../core/card.ts';
import type { Translate } from '../core/i18n-types.ts';
import type { Quiz, QuizQuestion } from '../db/models.ts';
import type { Tally } from './cards/quiz-card.ts';
import { questionView, quizMessageCard } from './cards/quiz-card.ts';
import { Coalescer } from './coalescer.ts';
import type { ServiceDeps } from './deps.ts';
import type { Outbox } from './outbox.ts';

/** The quiz's channel messages, each as the questions it holds in order (unposted ones left out). */
export function messageGroups<T extends Pick<QuizQuestion, 'messageRef' | 'position'>>(
  questions: T[],
): T[][] {
  const groups = new Map<string, T[]>();
  for (const q of [...questions].sort((a, b) => a.position - b.position)) {
    if (!q.messageRef) continue;
    const group = groups.get(q.messageRef);
    if (group) group.push(q);
    else groups.set(q.messageRef, [q]);
  }
  return [...groups.values()];
}

/** Counts answers and keeps the channel tallies current. */
export class TallyBoard {
  readonly #deps: ServiceDeps;
  readonly #outbox: Outbox;
  readonly edits: Coalescer;
  /** Per quiz, the questions answered since its messages were last edited. */
  readonly #dirty = new Map<string, Set<string>>();
  /** Per quiz, the edit in flight. */
  readonly #editing = new Map<string, Promise<void>>();

  constructor(deps: ServiceDeps, outbox: Outbox, windowMs: number) {
    this.#deps = deps;
    this.#outbox = outbox;
    this.edits = new Coalescer(windowMs, (error, key) =>
      deps.logger.warn({ err: error, quizId: key }, 'tally update failed'),
    );
  }

  /** The channel message holding `group` (questions sharing one messageRef), with their tallies. */
  async messageCard(
    quiz: Pick<Quiz, 'title' | 'resultsVisibility' | 'kind'> & { questions: unknown[] },
    group: QuizQuestion[],
    state: { closed: boolean; t: Translate },
  ): Promise<Card> {
    const tallies = await Promise.all(group.map((q) => this.tally(q.id, quiz.kind)));
    return quizMessageCard(quiz, group.map(questionView), quiz.questions.length, tallies, state);
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

  /** Schedules a coalesced edit of the channel message holding the question (one per quiz per window). */
  schedule(quizId: string, questionId: string, kind: string): void {
    const dirty = this.#dirty.get(quizId) ?? new Set<string>();
    dirty.add(questionId);
    this.#dirty.set(quizId, dirty);
    this.edits.schedule(quizId, () => {
      // One edit of a quiz's messages at a time: an edit that read the quiz before a text fix must
      // not land after the edit that read it after.
      const run = (this.#editing.get(quizId) ?? Promise.resolve()).then(() => this.#edit(quizId, kind));
      const settled = run.catch(() => undefined);
      this.#editing.set(quizId, settled);
      void settled.then(() => {
        if (this.#editing.get(quizId) === settled) this.#editing.delete(quizId);
      });
      return run;
    });
  }

  async #edit(quizId: string, kind: string): Promise<void> {
    const answered = this.#dirty.get(quizId) ?? new Set<string>();
    this.#dirty.delete(quizId);
    const quiz = await this.#deps.db.quiz.findUniqueOrThrow({
      where: { id: quizId },
      include: {
        questions: true,
        capsule: { include: { class: true } },
        sequence: { include: { class: true } },
      },
    });
    // A review poll belongs to a sequence, not a capsule: its class comes from there.
    const klass = quiz.capsule?.class ?? quiz.sequence?.class;
    if (!klass || quiz.closedAt) return;
    const t = this.#outbox.t(klass);
    for (const group of messageGroups(quiz.questions)) {
      const ref = group[0]?.messageRef;
      if (!ref || !group.some((q) => answered.has(q.id))) continue;
      const card = await this.messageCard({ ...quiz, kind }, group, { closed: false, t });
      await this.#outbox.update(klass, ref, card);
    }
  }
}
