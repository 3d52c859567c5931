// Minors' data: export and deletion per student, and a retention limit. Only platform ids and
// display names are ever kept about a child; anonymous questions have no author to export.
import type { MemberInfo } from '../core/commands.ts';
import { UserError } from '../core/errors.ts';
import type { JobQueue } from '../scheduler/queue.ts';
import { requireMember, requireTeacher } from './access.ts';
import type { ServiceDeps } from './deps.ts';

/** Everything stored about one student, as they or their teacher can download it. */
export interface StudentExport {
  member: { displayName: string; platformUserId: string; role: string; joined: string };
  capsulesWatched: { capsule: string; at: string }[];
  answers: { quiz: string; question: string; answer: string; at: string }[];
  questions: { text: string; status: string; upvotes: number; at: string }[];
  note: string;
}

export class PrivacyService {
  readonly #deps: ServiceDeps;
  readonly #retentionDays: number;

  readonly #forget: (classId: string, platformUserId: string) => void;
  readonly #queue: JobQueue;

  constructor(
    deps: ServiceDeps,
    retentionDays: number,
    forgetMember: (classId: string, platformUserId: string) => void,
    queue: JobQueue,
  ) {
    this.#queue = queue;
    this.#deps = deps;
    this.#retentionDays = retentionDays;
    this.#forget = forgetMember;
  }

  /** A student exports their own data; a teacher exports any student of the class. */
  async export(member: MemberInfo | null, platformUserId?: string): Promise<StudentExport> {
    const who = requireMember(member);
    const target = await this.#target(who, platformUserId);
    const db = this.#deps.db;
    const views = await db.capsuleView.findMany({
      where: { memberId: target.id },
      include: { capsule: true },
    });
    const answers = await db.answer.findMany({
      where: { memberId: target.id },
      include: { question: { include: { quiz: true } } },
    });
    const questions = await db.studentQuestion.findMany({ where: { authorId: target.id } });
    const klass = await db.class.findUniqueOrThrow({ where: { id: who.classId } });
    const t = this.#deps.i18n.t(who.locale ?? klass.language);
    return {
      member: {
        displayName: target.displayName,
        platformUserId: target.platformUserId,
        role: target.role,
        joined: target.createdAt.toISOString(),
      },
      capsulesWatched: views.map((v) => ({ capsule: v.capsule.title, at: v.createdAt.toISOString() })),
      answers: answers.map((a) => ({
        quiz: a.question.quiz.title,
        question: a.question.prompt,
        answer: (JSON.parse(a.question.options) as string[])[a.choice] ?? String(a.choice),
        at: a.updatedAt.toISOString(),
      })),
      questions: questions.map((q) => ({
        text: q.text,
        status: q.status,
        upvotes: q.upvotes,
        at: q.createdAt.toISOString(),
      })),
      note: t('common:privacy.exportNote'),
    };
  }

  /** Deletes a student and everything linked to them. Teachers only. */
  async delete(member: MemberInfo | null, platformUserId: string): Promise<void> {
    const teacher = requireTeacher(member);
    const target = await this.#target(teacher, platformUserId);
    if (target.id === teacher.id) throw new UserError('errors:privacy.notYourself');
    this.#forget(target.classId, target.platformUserId);
    await this.#deps.db.$transaction(async (tx) => {
      await tx.studentQuestion.deleteMany({ where: { authorId: target.id } });
      await tx.member.delete({ where: { id: target.id } });
      await tx.auditLog.create({
        data: { classId: teacher.classId, actorId: teacher.id, action: 'privacy.delete' },
      });
    });
  }

  /** Drops capsules (and their answers, views, questions) and logs older than the retention limit. */
  async purgeExpired(): Promise<{ capsules: number; logs: number }> {
    const cutoff = new Date(this.#deps.clock.now().getTime() - this.#retentionDays * 24 * 3600_000);
    const db = this.#deps.db;
    const capsules = await db.capsule.deleteMany({ where: { sessionAt: { lt: cutoff } } });
    // Questions outlive their capsule (SetNull) and review polls belong to sequences: both go too.
    await db.studentQuestion.deleteMany({ where: { createdAt: { lt: cutoff } } });
    await db.quiz.deleteMany({ where: { capsuleId: null, closeAt: { lt: cutoff } } });
    const logs = await db.auditLog.deleteMany({ where: { createdAt: { lt: cutoff } } });
    await db.oneTimeToken.deleteMany({ where: { expiresAt: { lt: cutoff } } });
    await this.#queue.purge(cutoff);
    return { capsules: capsules.count, logs: logs.count };
  }

  async #target(who: MemberInfo, platformUserId?: string) {
    const db = this.#deps.db;
    if (!platformUserId || who.role !== 'teacher') {
      if (platformUserId && who.role !== 'teacher') requireTeacher(who);
      return db.member.findUniqueOrThrow({ where: { id: who.id } });
    }
    const target = await db.member.findUnique({
      where: { classId_platformUserId: { classId: who.classId, platformUserId } },
    });
    if (!target) throw new UserError('errors:member.notFound');
    return target;
  }
}
