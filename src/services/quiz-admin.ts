// What a teacher does to a capsule's quiz besides writing the first one: replace it (after a
// confirmation) while nobody has answered, fix typos once students have, preview it, delete it.
// Answering and tallies stay in quizzes.ts; this file only decides what may change and when.
import type { Card } from '../core/card.ts';
import type { MemberInfo } from '../core/commands.ts';
import { UserError } from '../core/errors.ts';
import type { Capsule, Class, Quiz, QuizQuestion } from '../db/models.ts';
import type { ParsedQuestion } from '../domain/quiz-text/index.ts';
import { encodeReviews, parseQuiz } from '../domain/quiz-text/index.ts';
import { requireTeacher } from './access.ts';
import type { CapsuleService } from './capsules.ts';
import { quizPreview } from './cards/quiz-preview.ts';
import type { ServiceDeps } from './deps.ts';
import type { Outbox } from './outbox.ts';
import { messageGroups, TallyBoard } from './quiz-tally.ts';
import { QUIZ_LIMITS, type QuizOptions, type QuizService } from './quizzes.ts';

/** A draft waits this long for the teacher's confirmation. */
const DRAFT_TTL_MS = 24 * 60 * 60_000;

type QuizRow = Quiz & { questions: QuizQuestion[] };

/** What `/quiz create` did. */
export type QuizWriteOutcome =
  | { kind: 'created'; quiz: QuizRow }
  | { kind: 'confirm'; draftId: string; capsule: Capsule; existing: QuizRow }
  | { kind: 'fixed'; quiz: QuizRow; answers: number };

export class QuizAdmin {
  readonly #deps: ServiceDeps;
  readonly #outbox: Outbox;
  readonly #capsules: CapsuleService;
  readonly #quizzes: QuizService;
  readonly #refreshCapsule: (capsule: Capsule, klass: Class) => Promise<void>;
  /** Reads tallies only (its edit queue is never used here). */
  readonly #tallies: TallyBoard;

  constructor(
    deps: ServiceDeps,
    collaborators: {
      outbox: Outbox;
      capsules: CapsuleService;
      quizzes: QuizService;
      refreshCapsule: (capsule: Capsule, klass: Class) => Promise<void>;
    },
  ) {
    this.#deps = deps;
    this.#outbox = collaborators.outbox;
    this.#capsules = collaborators.capsules;
    this.#quizzes = collaborators.quizzes;
    this.#refreshCapsule = collaborators.refreshCapsule;
    this.#tallies = new TallyBoard(deps, collaborators.outbox, 0);
  }

  /**
   * `/quiz create`: a first quiz is created; a quiz nobody answered waits for a confirmation to be
   * replaced; an answered quiz only takes text fixes (same questions, options and right answers).
   */
  async write(
    classId: string,
    member: MemberInfo | null,
    capsuleRef: string,
    text: string,
    options: QuizOptions = {},
  ): Promise<QuizWriteOutcome> {
    const teacher = requireTeacher(member);
    const capsule = await this.#capsules.find(classId, capsuleRef);
    const existing = await this.#current(capsule.id);
    if (!existing) {
      return {
        kind: 'created',
        quiz: await this.#quizzes.create(classId, member, capsuleRef, text, options),
      };
    }
    const klass = await this.#deps.db.class.findUniqueOrThrow({ where: { id: classId } });
    const questions = this.#parse(klass, text);
    const answers = await this.#answerCount(existing.id);
    if (answers === 0) {
      if (capsule.status === 'cancelled')
        throw new UserError('errors:capsule.cancelled', { number: capsule.number });
      const now = this.#deps.clock.now();
      if (capsule.sessionAt <= now) throw new UserError('errors:capsule.sessionInPast');
      // Drafts never confirmed are dropped once stale, so none lingers with a quiz text.
      await this.#deps.db.quizDraft.deleteMany({
        where: { createdAt: { lt: new Date(now.getTime() - DRAFT_TTL_MS) } },
      });
      const draft = await this.#deps.db.quizDraft.create({
        data: {
          capsuleId: capsule.id,
          text,
          visibility: options.visibility ?? 'live',
          reveal: options.reveal ?? 'at_once',
          createdById: teacher.id,
        },
      });
      return { kind: 'confirm', draftId: draft.id, capsule, existing };
    }
    checkOnlyTexts(existing, questions, { number: capsule.number, answers });
    const db = this.#deps.db;
    await db.$transaction(async (tx) => {
      for (const [position, question] of questions.entries()) {
        await tx.quizQuestion.update({
          where: { quizId_position: { quizId: existing.id, position } },
          data: {
            prompt: question.prompt,
            options: JSON.stringify(question.options),
            explanation: question.explanation,
            feedback: question.feedback ? JSON.stringify(question.feedback) : null,
            review: encodeReviews(question),
          },
        });
      }
      await tx.auditLog.create({
        data: {
          classId,
          actorId: teacher.id,
          action: 'quiz.fix',
          details: JSON.stringify({ id: existing.id }),
        },
      });
    });
    this.#quizzes.refreshTexts(
      existing.id,
      existing.questions.map((q) => q.id),
      existing.kind,
    );
    const fixed = (await this.#current(capsule.id)) ?? existing;
    // An open quiz's messages are re-rendered with its tallies above; a closed one's are redrawn here.
    if (fixed.closedAt) await this.#redrawClosed(fixed, classId);
    return { kind: 'fixed', quiz: fixed, answers };
  }

  /** The teacher confirmed: the draft replaces the capsule's quiz, if still nobody answered it. */
  async confirmReplace(classId: string, member: MemberInfo | null, draftId: string): Promise<QuizRow> {
    const teacher = requireTeacher(member);
    const draft = await this.#draft(classId, draftId);
    const capsule = await this.#capsules.byId(draft.capsuleId);
    const old = await this.#current(capsule.id);
    if (old && (await this.#answerCount(old.id)) > 0) {
      await this.#deps.db.quizDraft.delete({ where: { id: draft.id } });
      throw new UserError('errors:quiz.answeredMeanwhile', { number: capsule.number });
    }
    // The new quiz is created (and posted) first: if that fails, the old one is still there.
    const created = await this.#quizzes.create(classId, member, String(capsule.number), draft.text, {
      visibility: draft.visibility === 'after_close' ? 'after_close' : 'live',
      reveal: draft.reveal === 'after_close' ? 'after_close' : 'at_once',
    });
    if (old) await this.#remove(old, capsule);
    await this.#deps.db.quizDraft.deleteMany({ where: { capsuleId: capsule.id } });
    await this.#audit(classId, teacher.id, 'quiz.replace', { id: created.id, replaced: old?.id ?? null });
    return created;
  }

  /** The teacher kept the current quiz: the draft is dropped. */
  async dropDraft(classId: string, member: MemberInfo | null, draftId: string): Promise<void> {
    requireTeacher(member);
    const draft = await this.#draft(classId, draftId);
    await this.#deps.db.quizDraft.delete({ where: { id: draft.id } });
  }

  /** `/quiz delete`: only before the first answer. Returns the number of questions removed. */
  async delete(classId: string, member: MemberInfo | null, capsuleRef: string): Promise<number> {
    const teacher = requireTeacher(member);
    const capsule = await this.#capsules.find(classId, capsuleRef);
    const quiz = await this.#current(capsule.id);
    if (!quiz) throw new UserError('errors:quiz.noneFor', { number: capsule.number });
    const answers = await this.#answerCount(quiz.id);
    if (answers > 0)
      throw new UserError('errors:quiz.deleteAnswered', { number: capsule.number, count: answers });
    await this.#remove(quiz, capsule);
    await this.#audit(classId, teacher.id, 'quiz.delete', { id: quiz.id });
    const klass = await this.#deps.db.class.findUniqueOrThrow({ where: { id: classId } });
    if (capsule.status === 'published') await this.#refreshCapsule(capsule, klass);
    return quiz.questions.length;
  }

  /** `/quiz show`: the questions as students see them, right answers and explanations marked. */
  async show(classId: string, member: MemberInfo | null, capsuleRef: string): Promise<Card[]> {
    requireTeacher(member);
    const capsule = await this.#capsules.find(classId, capsuleRef);
    const quiz = await this.#current(capsule.id);
    if (!quiz) throw new UserError('errors:quiz.noneFor', { number: capsule.number });
    const klass = await this.#deps.db.class.findUniqueOrThrow({ where: { id: classId } });
    return quizPreview(quiz, {
      capsule,
      answers: await this.#answerCount(quiz.id),
      t: this.#outbox.t(klass),
      formatDate: this.#outbox.formatter(klass),
    });
  }

  #parse(klass: Class, text: string): ParsedQuestion[] {
    const t = this.#outbox.t(klass);
    return parseQuiz(text, QUIZ_LIMITS, {
      trueFalseLabels: { true: t('cards:quiz.true'), false: t('cards:quiz.false') },
    });
  }

  /** The capsule's quiz: the latest one (a capsule may hold two from before replacement existed). */
  async #current(capsuleId: string): Promise<QuizRow | null> {
    return this.#deps.db.quiz.findFirst({
      where: { capsuleId },
      include: { questions: { orderBy: { position: 'asc' } } },
      orderBy: { createdAt: 'desc' },
    });
  }

  #answerCount(quizId: string): Promise<number> {
    return this.#deps.db.answer.count({ where: { question: { quizId } } });
  }

  async #draft(classId: string, draftId: string) {
    const draft = await this.#deps.db.quizDraft.findUnique({
      where: { id: draftId },
      include: { capsule: true },
    });
    const fresh = draft && this.#deps.clock.now().getTime() - draft.createdAt.getTime() < DRAFT_TTL_MS;
    if (!draft || !fresh || draft.capsule.classId !== classId) throw new UserError('errors:quiz.draftGone');
    return draft;
  }

  /** Deletes a quiz nobody answered; its posted questions say it was withdrawn and lose their buttons. */
  async #remove(quiz: QuizRow, capsule: Capsule): Promise<void> {
    await this.#deps.db.quiz.delete({ where: { id: quiz.id } });
    this.#quizzes.refreshTexts(quiz.id, []);
    const klass = await this.#deps.db.class.findUniqueOrThrow({ where: { id: capsule.classId } });
    if (!this.#outbox.available(klass)) return;
    const t = this.#outbox.t(klass);
    for (const group of messageGroups(quiz.questions)) {
      const [first] = group;
      if (!first?.messageRef) continue;
      await this.#outbox.update(klass, first.messageRef, {
        text:
          group.length === 1
            ? t('cards:quiz.withdrawn', { title: quiz.title, position: first.position + 1 })
            : t('cards:quiz.withdrawnQuiz', { title: quiz.title }),
      });
    }
  }

  async #redrawClosed(quiz: QuizRow, classId: string): Promise<void> {
    const klass = await this.#deps.db.class.findUniqueOrThrow({ where: { id: classId } });
    if (!this.#outbox.available(klass)) return;
    const t = this.#outbox.t(klass);
    for (const group of messageGroups(quiz.questions)) {
      const card = await this.#tallies.messageCard(quiz, group, { closed: true, t });
      await this.#outbox.update(klass, group[0]?.messageRef ?? '', card);
    }
  }

  async #audit(classId: string, actorId: string, action: string, details: object): Promise<void> {
    await this.#deps.db.auditLog.create({
      data: { classId, actorId, action, details: JSON.stringify(details) },
    });
  }
}

/** Once students answered, only texts may change: same questions, same options, same right answers. */
function checkOnlyTexts(
  existing: QuizRow,
  questions: ParsedQuestion[],
  at: { number: number; answers: number },
): void {
  const base = { number: at.number, count: at.answers };
  if (questions.length !== existing.questions.length) {
    throw new UserError('errors:quiz.lockedQuestions', {
      ...base,
      was: existing.questions.length,
      now: questions.length,
    });
  }
  for (const [index, question] of questions.entries()) {
    const old = existing.questions[index]!;
    const oldOptions = JSON.parse(old.options) as string[];
    const position = index + 1;
    if (oldOptions.length !== question.options.length) {
      throw new UserError('errors:quiz.lockedOptions', {
        ...base,
        position,
        was: oldOptions.length,
        now: question.options.length,
      });
    }
    const oldCorrect = (JSON.parse(old.correct) as number[]).slice().sort().join(',');
    if (oldCorrect !== question.correct.slice().sort().join(',')) {
      throw new UserError('errors:quiz.lockedCorrect', { ...base, position });
    }
  }
}
