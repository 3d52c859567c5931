// Minors' data: what Inverso holds about a member, their export, their deletion (confirmed first,
// including their name on messages already posted), and the retention limit. Only platform ids
// and display names are ever kept about a child; anonymous questions have no author to export.
import { randomUUID } from 'node:crypto';
import type { MemberInfo } from '../core/commands.ts';
import { UserError } from '../core/errors.ts';
import type { Class, Member } from '../db/models.ts';
import type { JobQueue } from '../scheduler/queue.ts';
import { requireMember, requireTeacher } from './access.ts';
import type { ServiceDeps } from './deps.ts';
import { scopedKey } from './hashing.ts';
import { matchMember } from './members.ts';
import { type Erasure, eraseMember } from './privacy-erase.ts';
import { buildExport, type StudentExport } from './privacy-export.ts';

export type { StudentExport } from './privacy-export.ts';

/** Job that edits posted messages still showing a deleted member's name, when the first try failed. */
export const SCRUB_JOB = 'privacy.scrub';

/** Counts of what is stored about a member, for `/privacy` and the delete confirmation. */
export interface Holdings {
  member: Member;
  views: number;
  answers: number;
  questions: number;
  guardians: number;
}

/** Edits a posted message so the deleted member's name no longer shows; false when it failed. */
export type CardScrubber = (klass: Class, messageRef: string) => Promise<boolean>;

export class PrivacyService {
  readonly #deps: ServiceDeps;
  readonly #retentionDays: number;
  readonly #forget: (classId: string, platformUserId: string) => void;
  readonly #queue: JobQueue;
  readonly #scrub: CardScrubber;

  constructor(
    deps: ServiceDeps,
    options: {
      retentionDays: number;
      forgetMember: (classId: string, platformUserId: string) => void;
      queue: JobQueue;
      scrubCard: CardScrubber;
    },
  ) {
    this.#deps = deps;
    this.#retentionDays = options.retentionDays;
    this.#forget = options.forgetMember;
    this.#queue = options.queue;
    this.#scrub = options.scrubCard;
  }

  /** Days after a class session before its data is deleted. */
  get retentionDays(): number {
    return this.#retentionDays;
  }

  /**
   * The member a privacy command is about: oneself without `ref`; for a teacher, any member named
   * by platform id, mention or display name. A student naming someone else is refused.
   */
  async target(who: MemberInfo | null, ref?: string): Promise<Member> {
    const me = requireMember(who);
    const db = this.#deps.db;
    const members = await db.member.findMany({ where: { classId: me.classId } });
    if (!ref?.trim()) {
      const self = members.find((m) => m.id === me.id);
      if (!self) throw new UserError('errors:member.notFound');
      return self;
    }
    const found = matchMember(members, ref);
    if (me.role !== 'teacher' && !(found.length === 1 && found[0]?.id === me.id)) requireTeacher(me);
    if (found.length === 0) throw new UserError('reports:errors.studentNotFound', { ref: ref.slice(0, 60) });
    if (found.length > 1)
      throw new UserError('reports:errors.studentAmbiguous', { ref: ref.slice(0, 60), count: found.length });
    return found[0] as Member;
  }

  /** How much is stored about a member (what `/privacy` shows them). */
  async holdings(target: Member): Promise<Holdings> {
    const db = this.#deps.db;
    const [views, answers, questions, guardians] = await Promise.all([
      db.capsuleView.count({ where: { memberId: target.id } }),
      db.answer.count({ where: { memberId: target.id } }),
      db.studentQuestion.count({ where: { authorId: target.id } }),
      db.guardianLink.count({ where: { memberId: target.id } }),
    ]);
    return { member: target, views, answers, questions, guardians };
  }

  /** Everything stored about a member, in the asker's language. */
  async export(target: Member, locale: string): Promise<StudentExport> {
    return buildExport(this.#deps.db, target, this.#deps.i18n.t(locale), this.#deps.clock.now());
  }

  /**
   * Deletes a member and everything linked to them, then edits the messages that showed their
   * name. Teachers only, never themselves. Returns what went, in counts.
   */
  async delete(member: MemberInfo | null, targetId: string): Promise<Erasure> {
    const teacher = requireTeacher(member);
    const db = this.#deps.db;
    const target = await db.member.findUnique({ where: { id: targetId } });
    if (!target || target.classId !== teacher.classId) throw new UserError('errors:privacy.alreadyDeleted');
    if (target.id === teacher.id) throw new UserError('errors:privacy.notYourself');
    this.#forget(target.classId, target.platformUserId);
    const hashes = await this.#linkedHashes(target);
    const erasure = await db.$transaction(async (tx) => {
      const done = await eraseMember(tx, target, hashes);
      await tx.auditLog.create({
        data: {
          classId: teacher.classId,
          actorId: teacher.id,
          action: 'privacy.delete',
          // Counts only: the audit of a deletion must not keep what it deleted.
          details: JSON.stringify({
            answers: done.answers,
            views: done.views,
            questions: done.questions,
            guardians: done.guardians,
          }),
        },
      });
      return done;
    });
    this.#forget(target.classId, target.platformUserId);
    await this.scrubCards(target.classId, erasure.postedRefs);
    return erasure;
  }

  /** Edits posted messages; those that fail are left to a durable job that retries them. */
  async scrubCards(classId: string, refs: string[]): Promise<void> {
    const failed = await this.scrubNow(classId, refs);
    if (failed.length === 0) return;
    await this.#queue.enqueue({
      kind: SCRUB_JOB,
      dueAt: new Date(this.#deps.clock.now().getTime() + 60_000),
      key: `${SCRUB_JOB}:${randomUUID()}`,
      classId,
      payload: { refs: failed },
      maxAttempts: 10,
    });
  }

  /** Edits posted messages now; returns the refs that could not be edited. */
  async scrubNow(classId: string, refs: string[]): Promise<string[]> {
    const klass = await this.#deps.db.class.findUnique({ where: { id: classId } });
    if (!klass) return [];
    const failed: string[] = [];
    for (const ref of refs) if (!(await this.#scrub(klass, ref))) failed.push(ref);
    return failed;
  }

  /**
   * Every keyed hash derived from a member. Any new per-purpose key (asking, voting...) must be
   * listed here, or deletion would leave rows that can be tied back to the member.
   */
  async #linkedHashes(target: Member): Promise<string[]> {
    const db = this.#deps.db;
    const questions = await db.studentQuestion.findMany({
      where: { classId: target.classId },
      select: { id: true },
    });
    const polls = await db.quizQuestion.findMany({
      where: { quiz: { kind: 'review', sequence: { classId: target.classId } } },
      select: { id: true },
    });
    const secret = this.#deps.secret;
    return [
      ...questions.map((q) => scopedKey(secret, 'vote', q.id, target.id)),
      ...polls.map((q) => scopedKey(secret, 'poll', q.id, target.id)),
    ];
  }

  /** Drops capsules (and their answers, views, review links, questions), logs and idle students older than the retention limit. */
  async purgeExpired(): Promise<{ capsules: number; logs: number; members: number }> {
    const cutoff = new Date(this.#deps.clock.now().getTime() - this.#retentionDays * 24 * 3600_000);
    const db = this.#deps.db;
    const capsules = await db.capsule.deleteMany({ where: { sessionAt: { lt: cutoff } } });
    // Questions outlive their capsule (SetNull) and review polls belong to sequences: both go too.
    await db.studentQuestion.deleteMany({ where: { createdAt: { lt: cutoff } } });
    await db.quiz.deleteMany({ where: { capsuleId: null, closeAt: { lt: cutoff } } });
    const logs = await db.auditLog.deleteMany({ where: { createdAt: { lt: cutoff } } });
    await db.oneTimeToken.deleteMany({ where: { expiresAt: { lt: cutoff } } });
    await db.postIntent.deleteMany({ where: { createdAt: { lt: cutoff } } });
    await db.pathUnlock.deleteMany({ where: { createdAt: { lt: cutoff } } });
    // A student with nothing left (everything of theirs expired) and no change since the cutoff
    // has left the class: their name goes too, and then parents with no child left.
    const members = await db.member.deleteMany({
      where: {
        role: 'student',
        // Members keep only the day they were first seen (anonymity): that, and nothing left.
        createdAt: { lt: cutoff },
        answers: { none: {} },
        views: { none: {} },
        questions: { none: {} },
        reviewVisits: { none: {} },
      },
    });
    await db.guardian.deleteMany({ where: { links: { none: {} } } });
    await this.#queue.purge(cutoff);
    return { capsules: capsules.count, logs: logs.count, members: members.count };
  }
}
