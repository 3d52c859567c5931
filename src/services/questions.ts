// Students' questions for the class discussion: ask (optionally anonymous), upvote (once, not
// one's own), ranked list for the teacher, approval (when the class holds questions) and marking.
// Anonymity is enforced in storage: an anonymous question has no author link, no hash, and nothing
// about its author is written with it; what asking must remember stays in memory (ask-memory.ts).
import type { Card } from '../core/card.ts';
import type { MemberInfo } from '../core/commands.ts';
import { UserError } from '../core/errors.ts';
import type { Translate } from '../core/i18n-types.ts';
import type { Class, StudentQuestion } from '../db/models.ts';
import { requireMember, requireTeacher } from './access.ts';
import { AskMemory } from './ask-memory.ts';
import type { CapsuleService } from './capsules.ts';
import { questionPublicCard, rankedListCard } from './cards/question-card.ts';
import { Coalescer } from './coalescer.ts';
import { currentCapsuleId } from './current-capsule.ts';
import type { ServiceDeps } from './deps.ts';
import { scopedKey } from './hashing.ts';
import type { Outbox } from './outbox.ts';
import { QuestionPoster } from './question-post.ts';

export const QUESTION_MIN = 3;
export const QUESTION_MAX = 500;
/** At most this many questions per member per window: enough to ask, too few to flood. */
export const RATE_LIMIT = { count: 5, windowMs: 10 * 60_000 };
const STATUSES = ['selected', 'answered', 'hidden', 'open'] as const;
/** Questions waiting for the teacher's approval before the class sees them. */
export const PENDING = 'pending';

export class QuestionService {
  readonly #deps: ServiceDeps;
  readonly #outbox: Outbox;
  readonly #capsules: CapsuleService;
  readonly #memory: AskMemory;
  readonly cards: Coalescer;
  /** Posts questions once, crashes included; the scheduler runs its safety nets. */
  readonly poster: QuestionPoster;

  constructor(deps: ServiceDeps, outbox: Outbox, capsules: CapsuleService) {
    this.#deps = deps;
    this.#outbox = outbox;
    this.#capsules = capsules;
    this.poster = new QuestionPoster(deps, outbox, capsules);
    this.#memory = new AskMemory(deps.secret, RATE_LIMIT);
    this.cards = new Coalescer(1500, (error) =>
      deps.logger.warn({ err: error }, 'question card update failed'),
    );
  }

  async ask(
    member: MemberInfo | null,
    input: { text: string; anonymous: boolean; capsuleId?: string | null },
  ): Promise<StudentQuestion> {
    const asker = requireMember(member);
    const text = input.text.trim().replace(/\s+\n/g, '\n');
    if (text.length < QUESTION_MIN)
      throw new UserError('errors:question.tooShort', { min: QUESTION_MIN }, 'text');
    if (text.length > QUESTION_MAX)
      throw new UserError('errors:question.tooLong', { max: QUESTION_MAX }, 'text');
    const classId = asker.classId;
    let capsuleId: string | null = null;
    if (input.capsuleId) {
      const capsule = await this.#capsules.byId(input.capsuleId);
      if (capsule.classId !== classId) throw new UserError('errors:capsule.gone');
      capsuleId = capsule.id;
    } else {
      // No capsule named: it is about the one the class is studying, else a general question.
      capsuleId = await currentCapsuleId(this.#deps.db, classId, this.#deps.clock.now());
    }
    const now = this.#deps.clock.now();
    if (!this.#memory.mayAsk(classId, asker.id, now.getTime()))
      throw new UserError('errors:question.rateLimited', { minutes: 10 });
    const klass = await this.#deps.db.class.findUniqueOrThrow({ where: { id: classId } });
    const held = klass.holdQuestions;
    // A public question is written with its safety net (question-post.ts), in one transaction.
    const question = await this.#deps.db.$transaction(async (tx) => {
      const created = await tx.studentQuestion.create({
        data: {
          classId,
          capsuleId,
          text,
          anonymous: input.anonymous,
          authorId: input.anonymous ? null : asker.id,
          status: held ? PENDING : 'open',
          createdAt: now,
        },
      });
      if (!held) await tx.job.create({ data: this.poster.net(created) });
      return created;
    });
    if (held) {
      this.#remember(question, asker.id);
      await this.#tellTeachers(klass, question);
      return question;
    }
    const posted = await this.#publish(
      klass,
      question,
      input.anonymous ? null : asker.displayName,
      true,
    ).catch((error: unknown) => {
      // Kept for its safety net: it counts as asked.
      if (error instanceof UserError) this.#remember(question, asker.id);
      throw error;
    });
    this.#remember(question, asker.id);
    return posted;
  }

  #remember(question: StudentQuestion, memberId: string): void {
    const now = this.#deps.clock.now().getTime();
    this.#memory.asked(question.classId, memberId, now);
    if (question.anonymous) this.#memory.wroteAnonymously(question.id, memberId, now);
  }

  /**
   * Posts a question in the channel. When `dropOnFailure` (the asker waits): a question whose post
   * never reached the platform is not kept (a retry neither duplicates it nor counts against the
   * rate limit); one that may be in the channel (the platform's answer was lost) is kept, and its
   * safety net posts it or finds it a little later, so asking again is not needed.
   */
  async #publish(
    klass: Class,
    question: StudentQuestion,
    authorName: string | null,
    dropOnFailure: boolean,
  ): Promise<StudentQuestion> {
    try {
      return await this.poster.post(klass, question, authorName);
    } catch (error) {
      if (!dropOnFailure) throw error;
      // Its net may have finished it meanwhile (this answer came back late).
      const now = await this.#deps.db.studentQuestion
        .findUnique({ where: { id: question.id } })
        .catch(() => null);
      if (now?.messageRef) return now;
      if (await this.poster.started(question.id).catch(() => true)) {
        this.#deps.logger.warn(
          { err: error, questionId: question.id },
          'question post left to its safety net',
        );
        throw new UserError('errors:question.postLater');
      }
      await this.poster.forget(question.id).catch(() => undefined);
      await this.#deps.db.studentQuestion.delete({ where: { id: question.id } }).catch(() => undefined);
      throw error;
    }
  }

  /** A held question: each teacher gets a private note to approve it with /questions. */
  async #tellTeachers(klass: Class, question: StudentQuestion): Promise<void> {
    const teachers = await this.#deps.db.member.findMany({ where: { classId: klass.id, role: 'teacher' } });
    for (const teacher of teachers) {
      const t = this.#outbox.t({ language: teacher.locale ?? klass.language });
      await this.#outbox
        .direct(
          klass,
          teacher,
          {
            title: t('cards:question.pendingTitle'),
            text: question.text,
            footer: t('cards:question.pendingHint'),
          },
          `question.pending:${question.id}:${teacher.id}`,
        )
        // The question waits in /questions whatever happens to this note.
        .catch((error: unknown) => this.#deps.logger.warn({ err: error }, 'approval note not delivered'));
    }
  }

  async upvote(member: MemberInfo | null, questionId: string): Promise<number> {
    const voter = requireMember(member);
    const question = await this.#deps.db.studentQuestion.findUnique({ where: { id: questionId } });
    if (
      !question ||
      question.classId !== voter.classId ||
      question.status === 'hidden' ||
      question.status === PENDING
    ) {
      throw new UserError('errors:question.gone');
    }
    const own = question.anonymous
      ? this.#memory.isOwnAnonymous(questionId, voter.id, this.#deps.clock.now().getTime())
      : question.authorId === voter.id;
    if (own) throw new UserError('errors:question.ownQuestion');
    const voterHash = scopedKey(this.#deps.secret, 'vote', questionId, voter.id);
    const db = this.#deps.db;
    const upvotes = await db.$transaction(async (tx) => {
      const existing = await tx.questionVote.findUnique({
        where: { questionId_voterHash: { questionId, voterHash } },
      });
      if (existing) throw new UserError('errors:question.alreadyVoted');
      await tx.questionVote.create({ data: { questionId, voterHash } });
      return (
        await tx.studentQuestion.update({ where: { id: questionId }, data: { upvotes: { increment: 1 } } })
      ).upvotes;
    });
    this.cards.schedule(questionId, () => this.#refresh(questionId));
    return upvotes;
  }

  /** Open and selected questions, most upvoted first, for the teacher. */
  async ranked(classId: string, member: MemberInfo | null, capsuleRef?: string) {
    requireTeacher(member);
    const capsule = capsuleRef ? await this.#capsules.find(classId, capsuleRef) : null;
    const rows = await this.#deps.db.studentQuestion.findMany({
      where: { classId, status: { not: 'hidden' }, ...(capsule ? { capsuleId: capsule.id } : {}) },
      include: { author: true },
      orderBy: [{ upvotes: 'desc' }, { createdAt: 'asc' }],
      take: 25,
    });
    // Questions waiting for approval first: they are what the teacher has to act on.
    const waiting = rows.filter((q) => q.status === PENDING);
    return {
      capsule,
      questions: [...waiting, ...rows.filter((q) => q.status !== PENDING)].map(({ author, ...q }) => ({
        ...q,
        authorName: author?.displayName ?? null,
      })),
    };
  }

  async rankedCard(
    classId: string,
    member: MemberInfo | null,
    t: Translate,
    capsuleRef?: string,
  ): Promise<Card> {
    const { capsule, questions } = await this.ranked(classId, member, capsuleRef);
    const title = capsule
      ? t('cards:question.listTitleCapsule', { number: capsule.number, title: capsule.title })
      : t('cards:question.listTitle');
    return rankedListCard(questions, t, title);
  }

  async mark(member: MemberInfo | null, questionId: string, status: string): Promise<StudentQuestion> {
    const teacher = requireTeacher(member);
    if (!STATUSES.includes(status as (typeof STATUSES)[number]))
      throw new UserError('errors:question.badStatus');
    const question = await this.#deps.db.studentQuestion.findUnique({ where: { id: questionId } });
    if (!question || question.classId !== teacher.classId) throw new UserError('errors:question.gone');
    if (question.status === PENDING && status !== 'hidden') {
      // Approval: the class sees it now, named or not as the student chose.
      const klass = await this.#deps.db.class.findUniqueOrThrow({ where: { id: question.classId } });
      const author = question.authorId
        ? await this.#deps.db.member.findUnique({ where: { id: question.authorId } })
        : null;
      await this.#publish(klass, question, question.anonymous ? null : (author?.displayName ?? null), false);
    }
    const updated = await this.#deps.db.$transaction(async (tx) => {
      const saved = await tx.studentQuestion.update({ where: { id: questionId }, data: { status } });
      await tx.auditLog.create({
        data: {
          classId: teacher.classId,
          actorId: teacher.id,
          action: `question.${status}`,
          details: JSON.stringify({ id: questionId }),
        },
      });
      return saved;
    });
    // A hidden question disappears from the channel too, not only from the teacher's list.
    if (status === 'hidden') this.cards.schedule(questionId, () => this.#refresh(questionId));
    return updated;
  }

  async #refresh(questionId: string): Promise<void> {
    const q = await this.#deps.db.studentQuestion.findUnique({
      where: { id: questionId },
      include: { author: true, class: true },
    });
    if (!q?.messageRef || !this.#outbox.available(q.class)) return;
    const t = this.#outbox.t(q.class);
    if (q.status === 'hidden') {
      await this.#outbox.update(q.class, q.messageRef, {
        text: t('cards:question.hiddenByTeacher'),
        tone: 'info',
      });
      return;
    }
    await this.#outbox.update(
      q.class,
      q.messageRef,
      questionPublicCard(q, q.anonymous ? null : (q.author?.displayName ?? null), this.#outbox.t(q.class)),
    );
  }
}
