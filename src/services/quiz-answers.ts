// Answering a quiz question, privately. The first answer is the one that counts (score, brief,
// tally); later clicks are practice, told as such and kept beside it for the teacher. When the
// teacher keeps the right answer for the close, a second click changes nothing. Review polls take
// anonymous ballots (poll-store.ts). A wrong answer that carries a review resource is sent back to
// it through the bot's tracked link, with a "try again" for practice (review-links.ts).

import type { Card } from '../core/card.ts';
import type { MemberInfo } from '../core/commands.ts';
import { UserError } from '../core/errors.ts';
import type { Translate } from '../core/i18n-types.ts';
import { reviewTarget } from '../domain/quiz-text/index.ts';
import { requireStudent } from './access.ts';
import { AnswerStore } from './answer-store.ts';
import {
  answerControls,
  feedbackCard,
  letter,
  pollFeedbackCard,
  type QuestionView,
} from './cards/quiz-card.ts';
import type { ServiceDeps } from './deps.ts';
import { requireOpenFor } from './path-access.ts';
import { PollStore } from './poll-store.ts';
import type { QuestionCache, QuestionInfo } from './quiz-questions.ts';
import type { TallyBoard } from './quiz-tally.ts';
import { ReviewLinks } from './review-links.ts';

/** The answer path of quizzes and review polls. */
export class QuizAnswering {
  readonly #deps: ServiceDeps;
  readonly #questions: QuestionCache;
  readonly #board: TallyBoard;
  readonly #answers: AnswerStore;
  readonly #polls: PollStore;
  readonly #reviews: ReviewLinks;

  constructor(deps: ServiceDeps, questions: QuestionCache, board: TallyBoard) {
    this.#deps = deps;
    this.#questions = questions;
    this.#board = board;
    this.#answers = new AnswerStore(deps.db);
    this.#polls = new PollStore(deps.db, deps.secret);
    this.#reviews = new ReviewLinks(deps);
  }

  /** Records a student's answer and returns their private feedback (plus the next question). */
  async answer(
    member: MemberInfo | null,
    questionId: string,
    choiceRaw: string | undefined,
    t: Translate,
  ): Promise<Card> {
    const student = requireStudent(member);
    const info = await this.#questions.get(questionId);
    // A button from another class's message (or a deleted quiz) must not record anything.
    if (!info || info.classId !== student.classId) throw new UserError('errors:quiz.gone');
    const view = info.questions.find((q) => q.id === questionId) as QuestionView;
    const choice = Number(choiceRaw);
    if (!Number.isInteger(choice) || choice < 0 || choice >= view.options.length) {
      throw new UserError('errors:quiz.badChoice');
    }
    if (isClosed(info, this.#deps.clock.now())) throw new UserError('errors:quiz.closed');
    if (info.kind === 'review') return this.#answerPoll(student.id, info, view, choice, t);
    // An old card or the App Home must not let a first answer count before the capsule opens.
    if (info.capsuleId) await requireOpenFor(this.#deps.db, info.capsuleId, student.id);
    // One read gives both this question's previous answer and which questions are left.
    const mine = await this.#answers.mine(student.id, info.quizId);
    const previous = mine.find((a) => a.questionId === questionId) ?? null;
    const revealLater = info.reveal === 'after_close' && view.correct.length > 0;
    let feedback: Card;
    if (previous && revealLater) {
      // Nothing to practise against before the right answer is out: the first answer stands.
      feedback = {
        text: t('cards:quiz.alreadyLater', { answer: optionLabel(view, previous.choice) }),
        tone: 'info',
      };
    } else {
      await this.#answers.record(questionId, student.id, choice, this.#deps.clock.now());
      // Practice never moves the tally: it counts first answers.
      if (!previous) this.#board.schedule(info.quizId, questionId, 'graded');
      // With the right answer kept for the close, "watch again" would tell it: no review then.
      const target = revealLater ? null : reviewTarget(view.reviews, view.correct, choice);
      const review = target
        ? { link: await this.#reviews.send(questionId, student.id, target.target), at: target.resource.at }
        : null;
      feedback = feedbackCard(view, choice, t, { first: previous?.choice ?? null, revealLater, review });
    }
    return this.#withNext(feedback, info, new Set([...mine.map((a) => a.questionId), questionId]), t);
  }

  /** "Try again": the question once more, privately; the answer will be practice (the first counts). */
  async retry(member: MemberInfo | null, questionId: string, t: Translate): Promise<Card> {
    const student = requireStudent(member);
    const info = await this.#questions.get(questionId);
    if (!info || info.classId !== student.classId || info.kind === 'review')
      throw new UserError('errors:quiz.gone');
    if (isClosed(info, this.#deps.clock.now())) throw new UserError('errors:quiz.closed');
    const view = info.questions.find((q) => q.id === questionId) as QuestionView;
    return {
      title: t('cards:quiz.questionTitle', {
        title: info.title,
        position: view.position + 1,
        count: info.questions.length,
      }),
      text: view.prompt,
      controls: answerControls(view, t),
      footer: t('cards:quiz.retryFooter'),
    };
  }

  /** A review poll: an anonymous ballot, changeable until the poll closes. */
  async #answerPoll(
    memberId: string,
    info: QuestionInfo,
    view: QuestionView,
    choice: number,
    t: Translate,
  ): Promise<Card> {
    const ids = info.questions.map((q) => q.id);
    const mine = await this.#polls.mine(memberId, ids);
    const previous = mine.get(view.id);
    if (previous !== choice) {
      await this.#polls.record(view.id, memberId, choice);
      this.#board.schedule(info.quizId, view.id, 'review');
    }
    const feedback = pollFeedbackCard(view, choice, previous !== undefined && previous !== choice, t);
    return this.#withNext(feedback, info, new Set([...mine.keys(), view.id]), t);
  }

  #withNext(feedback: Card, info: QuestionInfo, done: Set<string>, t: Translate): Card {
    const next = info.questions.find((q) => !done.has(q.id));
    if (next) {
      feedback.fields = [...(feedback.fields ?? []), { label: t('cards:quiz.next'), value: next.prompt }];
      feedback.controls = [...(feedback.controls ?? []), ...answerControls(next, t)];
    }
    return feedback;
  }
}

function isClosed(info: QuestionInfo, now: Date): boolean {
  return info.closedAt !== null || (info.closeAt !== null && info.closeAt <= now);
}

function optionLabel(view: QuestionView, choice: number): string {
  return `${letter(choice)}. ${view.options[choice] ?? ''}`;
}
