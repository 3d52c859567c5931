// Quizzes: written in the compact format (or GIFT), posted up to five questions per message, answered
// privately (the first answer counts; later clicks are practice), closed by hand or when the class
// session starts. The channel only ever shows counts, never names. Review polls are anonymous.

import type { Card } from '../core/card.ts';
import type { MemberInfo } from '../core/commands.ts';
import { isUserError, onField, UserError } from '../core/errors.ts';
import type { Translate } from '../core/i18n-types.ts';
import type { Capsule, Class, Quiz } from '../db/models.ts';
import { DEFAULT_LIMITS, encodeReviews, parseQuiz } from '../domain/quiz-text/index.ts';
import { requireStudent, requireTeacher } from './access.ts';
import type { CapsuleService } from './capsules.ts';
import { answerControls, emptyTally, pages, questionView, quizMessageCard } from './cards/quiz-card.ts';
import type { Coalescer } from './coalescer.ts';
import type { ServiceDeps } from './deps.ts';
import type { DomainEventBus } from './domain-events.ts';
import type { Outbox } from './outbox.ts';
import { requireOpenFor } from './path-access.ts';
import { QuizAnswering } from './quiz-answers.ts';
import { QuestionCache } from './quiz-questions.ts';
import { messageGroups, TallyBoard } from './quiz-tally.ts';

/** Limits every platform can show: Slack buttons take 75 characters, menus are used past 5 options. */
export const QUIZ_LIMITS = { ...DEFAULT_LIMITS, maxOptions: 10, maxOptionLength: 75 };

/** Options of a new quiz. */
export interface QuizOptions {
  visibility?: 'live' | 'after_close';
  /** When students learn the right answer; default at once, with the explanation. */
  reveal?: 'at_once' | 'after_close';
  title?: string;
}

type QuizWithQuestions = Quiz & { questions: import('../db/models.ts').QuizQuestion[] };

export class QuizService {
  readonly #deps: ServiceDeps;
  readonly #outbox: Outbox;
  readonly #capsules: CapsuleService;
  readonly #board: TallyBoard;
  readonly #questions: QuestionCache;
  readonly #answering: QuizAnswering;
  readonly #events: DomainEventBus;

  constructor(
    deps: ServiceDeps,
    outbox: Outbox,
    capsules: CapsuleService,
    events: DomainEventBus,
    tallyWindowMs = 1500,
  ) {
    this.#deps = deps;
    this.#events = events;
    this.#outbox = outbox;
    this.#capsules = capsules;
    this.#board = new TallyBoard(deps, outbox, tallyWindowMs);
    this.#questions = new QuestionCache(deps.db, deps.clock);
    this.#answering = new QuizAnswering(deps, this.#questions, this.#board);
  }

  /** Coalesced edits of the channel tallies (flushed by tests and at shutdown). */
  get tallies(): Coalescer {
    return this.#board.edits;
  }

  async create(
    classId: string,
    member: MemberInfo | null,
    capsuleRef: string,
    text: string,
    options: QuizOptions = {},
  ): Promise<QuizWithQuestions> {
    const teacher = requireTeacher(member);
    const capsule = await this.#capsules.find(classId, capsuleRef);
    if (capsule.status === 'cancelled')
      throw new UserError('errors:capsule.cancelled', { number: capsule.number });
    if (capsule.sessionAt <= this.#deps.clock.now()) throw new UserError('errors:capsule.sessionInPast');
    const klass = await this.#deps.db.class.findUniqueOrThrow({ where: { id: classId } });
    const t = this.#outbox.t(klass);
    let questions: ReturnType<typeof parseQuiz>;
    try {
      questions = parseQuiz(text, QUIZ_LIMITS, {
        trueFalseLabels: { true: t('cards:quiz.true'), false: t('cards:quiz.false') },
      });
    } catch (error) {
      // The quiz's mistakes belong next to its text, in a form as in the command's `text` option.
      throw isUserError(error) ? onField(error, 'text') : error;
    }
    const graded = questions.some((q) => q.correct.length > 0);
    const db = this.#deps.db;
    // Self-paced (ADR 0025): a student behind answers long after the session, so no close time.
    const selfPaced =
      capsule.sequenceId !== null &&
      (await db.sequence.findUnique({ where: { id: capsule.sequenceId }, select: { pace: true } }))?.pace ===
        'self';
    const quiz = await db.$transaction(async (tx) => {
      const created = await tx.quiz.create({
        data: {
          capsuleId: capsule.id,
          sequenceId: capsule.sequenceId,
          title: (options.title?.trim() || capsule.title).slice(0, 100),
          kind: graded ? 'graded' : 'opinion',
          resultsVisibility: options.visibility ?? 'live',
          reveal: options.reveal ?? 'at_once',
          openAt: capsule.publishAt,
          closeAt: selfPaced ? null : capsule.sessionAt,
          questions: {
            create: questions.map((q, position) => ({
              position,
              prompt: q.prompt,
              options: JSON.stringify(q.options),
              correct: JSON.stringify(q.correct),
              explanation: q.explanation,
              feedback: q.feedback ? JSON.stringify(q.feedback) : null,
              review: encodeReviews(q),
            })),
          },
        },
        include: { questions: { orderBy: { position: 'asc' } } },
      });
      await tx.auditLog.create({
        data: {
          classId,
          actorId: teacher.id,
          action: 'quiz.create',
          details: JSON.stringify({ id: created.id }),
        },
      });
      return created;
    });
    // Released without a post (a self-paced sequence, ADR 0025): taken from /path, never posted.
    if (capsule.status === 'published' && capsule.messageRef) {
      // A quiz added to a capsule already out is posted at once, and the card gains its button.
      try {
        await this.postForCapsule(capsule, klass);
      } catch (error) {
        // Nothing half-done: the teacher can simply try again.
        await this.#deps.db.quiz.delete({ where: { id: quiz.id } }).catch(() => undefined);
        throw error;
      }
      // The capsule's card gains its quiz button (wiring.ts has the publisher refresh it).
      await this.#events.emit('quiz.added', { capsule, klass });
    }
    return quiz;
  }

  /** Posts the capsule's quizzes that are not out yet (after publication). Safe to repeat. */
  async postForCapsule(capsule: Capsule, klass: Class): Promise<void> {
    const quizzes = await this.#load({ capsuleId: capsule.id, closedAt: null });
    for (const quiz of quizzes) await this.post(quiz, klass);
  }

  async post(quiz: QuizWithQuestions, klass: Class): Promise<void> {
    const t = this.#outbox.t(klass);
    // One message per page of up to five questions, one row of answers each: a 3-question quiz is
    // one request instead of three (ADR 0021). The page's questions all point at that message.
    for (const page of pages(quiz.questions.filter((q) => !q.messageRef))) {
      const views = page.map(questionView);
      const card = quizMessageCard(quiz, views, quiz.questions.length, views.map(emptyTally), {
        closed: false,
        t,
      });
      const ref = await this.#outbox.post(klass, card, `quiz:${page[0]?.id}`);
      await this.#deps.db.quizQuestion.updateMany({
        where: { id: { in: page.map((q) => q.id) } },
        data: { messageRef: JSON.stringify(ref) },
      });
    }
    if (!quiz.messageRef) {
      await this.#deps.db.quiz.update({ where: { id: quiz.id }, data: { messageRef: 'posted' } });
    }
  }

  /** Records a student's answer and returns their private feedback (plus the next question). */
  async answer(member: MemberInfo | null, questionId: string, choiceRaw: string | undefined, t: Translate) {
    const card = await this.#answering.answer(member, questionId, choiceRaw, t);
    // Cached: the answer above just read it. Self-paced sequences open the next capsule on it.
    const capsuleId = member ? (await this.#questions.get(questionId))?.capsuleId : null;
    if (member && capsuleId) await this.#events.emit('quiz.answered', { capsuleId, memberId: member.id });
    return card;
  }

  /** "Try again" after a wrong answer sent to review: the question once more, for practice. */
  retry(member: MemberInfo | null, questionId: string, t: Translate) {
    return this.#answering.retry(member, questionId, t);
  }

  /** "Take the quiz": the first question the student has not answered yet, privately. */
  async take(member: MemberInfo | null, capsuleId: string, t: Translate): Promise<Card> {
    const student = requireStudent(member);
    const capsule = await this.#capsules.byId(capsuleId);
    if (capsule.classId !== student.classId || capsule.status !== 'published')
      throw new UserError('errors:capsule.gone');
    await requireOpenFor(this.#deps.db, capsule.id, student.id);
    const quizzes = await this.#load({ capsuleId });
    const open = quizzes.filter((q) => !this.#isClosed(q));
    if (quizzes.length === 0) throw new UserError('errors:quiz.none');
    if (open.length === 0) throw new UserError('errors:quiz.closed');
    for (const quiz of open) {
      const next = await this.#nextQuestion(quiz.id, student.id);
      if (next) {
        return {
          title: t('cards:quiz.questionTitle', {
            title: quiz.title,
            position: next.position + 1,
            count: quiz.questions.length,
          }),
          text: next.prompt,
          controls: answerControls(next, t),
        };
      }
    }
    return { text: t('cards:quiz.allDone'), tone: 'success' };
  }

  /** Closes the quizzes of a capsule: final tallies, right answers shown, no more buttons. */
  async closeForCapsule(capsuleId: string): Promise<number> {
    const quizzes = await this.#load({ capsuleId, closedAt: null });
    for (const quiz of quizzes) await this.#close(quiz);
    return quizzes.length;
  }

  /** Closes one quiz by id (review polls); nothing happens if it is already closed. */
  async closeById(quizId: string): Promise<boolean> {
    const quiz = await this.#deps.db.quiz.findUnique({
      where: { id: quizId },
      include: { questions: { orderBy: { position: 'asc' } } },
    });
    if (!quiz || quiz.closedAt) return false;
    await this.#close(quiz);
    return true;
  }

  async close(classId: string, member: MemberInfo | null, capsuleRef: string): Promise<number> {
    const teacher = requireTeacher(member);
    const capsule = await this.#capsules.find(classId, capsuleRef);
    const closed = await this.closeForCapsule(capsule.id);
    if (closed === 0) throw new UserError('errors:quiz.noneOpen', { number: capsule.number });
    await this.#deps.db.auditLog.create({
      data: {
        classId,
        actorId: teacher.id,
        action: 'quiz.close',
        details: JSON.stringify({ capsuleId: capsule.id }),
      },
    });
    return closed;
  }

  /** After the teacher fixed texts (or removed a quiz): forget cached questions, re-render open ones. */
  refreshTexts(quizId: string, questionIds: string[], kind = 'graded'): void {
    this.#questions.clear();
    for (const id of questionIds) this.#board.schedule(quizId, id, kind);
  }

  async #close(quiz: QuizWithQuestions): Promise<void> {
    const db = this.#deps.db;
    const klassId = quiz.capsuleId
      ? (await db.capsule.findUniqueOrThrow({ where: { id: quiz.capsuleId } })).classId
      : (await db.sequence.findUniqueOrThrow({ where: { id: quiz.sequenceId ?? '' } })).classId;
    await db.quiz.update({ where: { id: quiz.id }, data: { closedAt: this.#deps.clock.now() } });
    this.#questions.clear();
    const klass = await db.class.findUniqueOrThrow({ where: { id: klassId } });
    if (!this.#outbox.available(klass)) return;
    const t = this.#outbox.t(klass);
    for (const group of messageGroups(quiz.questions)) {
      const card = await this.#board.messageCard(quiz, group, { closed: true, t });
      await this.#outbox.update(klass, group[0]?.messageRef ?? '', card);
    }
  }

  async #nextQuestion(quizId: string, memberId: string) {
    const questions = await this.#deps.db.quizQuestion.findMany({
      where: { quizId, answers: { none: { memberId } } },
      orderBy: { position: 'asc' },
      take: 1,
    });
    return questions[0] ? questionView(questions[0]) : null;
  }

  #isClosed(quiz: Pick<Quiz, 'closedAt' | 'closeAt'>): boolean {
    return quiz.closedAt !== null || (quiz.closeAt !== null && quiz.closeAt <= this.#deps.clock.now());
  }

  #load(where: { capsuleId: string; closedAt?: null }): Promise<QuizWithQuestions[]> {
    return this.#deps.db.quiz.findMany({
      where,
      include: { questions: { orderBy: { position: 'asc' } } },
      orderBy: { createdAt: 'asc' },
    });
  }
}
