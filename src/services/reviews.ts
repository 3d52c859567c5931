// The closing review of the method itself ("bilan") at the end of a sequence of capsules: an
// opinion poll in the class's language, posted when the teacher closes the sequence.
import type { MemberInfo } from '../core/commands.ts';
import { UserError } from '../core/errors.ts';
import type { Quiz } from '../db/models.ts';
import type { JobQueue } from '../scheduler/queue.ts';
import { requireTeacher } from './access.ts';
import type { ServiceDeps } from './deps.ts';
import type { Outbox } from './outbox.ts';
import type { QuizService } from './quizzes.ts';

const STATEMENTS = ['videos', 'classTime', 'pace', 'continue'] as const;
const SCALE = ['agree', 'partly', 'disagree'] as const;

export class ReviewService {
  readonly #deps: ServiceDeps;
  readonly #outbox: Outbox;
  readonly #quizzes: QuizService;
  readonly #queue: JobQueue;

  constructor(deps: ServiceDeps, outbox: Outbox, quizzes: QuizService, queue: JobQueue) {
    this.#deps = deps;
    this.#outbox = outbox;
    this.#quizzes = quizzes;
    this.#queue = queue;
  }

  /** Closes a sequence and posts its review poll; open for a week. */
  async closeSequence(classId: string, member: MemberInfo | null, name: string): Promise<Quiz> {
    const teacher = requireTeacher(member);
    const db = this.#deps.db;
    const sequence = await db.sequence.findUnique({
      where: { classId_name: { classId, name: name.trim() } },
    });
    if (!sequence) {
      const known = await db.sequence.findMany({ where: { classId }, select: { name: true } });
      throw new UserError('errors:sequence.notFound', {
        name: name.trim(),
        known: known.map((s) => s.name).join(', ') || '—',
      });
    }
    if (sequence.closedAt) throw new UserError('errors:sequence.closed', { name: sequence.name });
    const klass = await db.class.findUniqueOrThrow({ where: { id: classId } });
    const t = this.#outbox.t(klass);
    const now = this.#deps.clock.now();
    const quiz = await db.$transaction(async (tx) => {
      await tx.sequence.update({ where: { id: sequence.id }, data: { closedAt: now } });
      await tx.auditLog.create({
        data: {
          classId,
          actorId: teacher.id,
          action: 'sequence.close',
          details: JSON.stringify({ id: sequence.id }),
        },
      });
      return tx.quiz.create({
        data: {
          sequenceId: sequence.id,
          title: t('cards:review.title', { name: sequence.name }),
          kind: 'review',
          resultsVisibility: 'after_close',
          openAt: now,
          closeAt: new Date(now.getTime() + 7 * 24 * 3600_000),
          questions: {
            create: STATEMENTS.map((s, position) => ({
              position,
              prompt: t(`cards:review.statement.${s}`),
              options: JSON.stringify(SCALE.map((o) => t(`cards:review.scale.${o}`))),
              correct: '[]',
            })),
          },
        },
        include: { questions: { orderBy: { position: 'asc' } } },
      });
    });
    try {
      await this.#quizzes.post(quiz, klass);
    } catch (error) {
      // Undo, so the teacher can close the sequence again once the platform answers.
      await db.quiz.delete({ where: { id: quiz.id } }).catch(() => undefined);
      await db.sequence
        .update({ where: { id: sequence.id }, data: { closedAt: null } })
        .catch(() => undefined);
      throw error;
    }
    await this.#queue.enqueue({
      kind: 'quiz.close',
      dueAt: quiz.closeAt ?? now,
      key: `quiz.close:review:${quiz.id}`,
      classId,
      payload: { quizId: quiz.id },
    });
    return quiz;
  }
}
