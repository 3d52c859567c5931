// Self-paced sequences (issue 14 §1, docs/decisions/0025): the teacher's setting, the private
// release of capsules after the first, and the opening of the next capsule for one student once
// they mastered the last. An opening is a PathUnlock row (unique per capsule and student) plus a
// keyed job that sends the private message, so a restart never sends it twice nor loses it.
import type { MemberInfo } from '../core/commands.ts';
import { UserError } from '../core/errors.ts';
import type { Capsule, Class, Sequence } from '../db/models.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import type { JobQueue } from '../scheduler/queue.ts';
import type { JobOutcome } from '../scheduler/types.ts';
import { requireTeacher } from './access.ts';
import { pathOpenedCard } from './cards/path-card.ts';
import type { ServiceDeps } from './deps.ts';
import type { Outbox } from './outbox.ts';
import { closeQuizzesAtSessions, keepQuizzesOpen, reopenQuizzes } from './path-quizzes.ts';
import { loadPaths, type SequencePaths } from './path-rules.ts';
import type { CapsulePublisher } from './publisher.ts';
import { isQuiet, nextAllowed, quietHoursOf } from './quiet-hours.ts';

export const PATH_UNLOCK_JOB = 'path.unlock';

/** What a teacher sets with `/sequence pace`; absent numbers keep their current value. */
export interface PaceInput {
  name: string;
  mode: string;
  threshold?: number | undefined;
  stuckDays?: number | undefined;
}

export class PathService {
  readonly #deps: ServiceDeps;
  readonly #outbox: Outbox;
  readonly #queue: JobQueue;
  readonly #publisher: CapsulePublisher;

  constructor(
    deps: ServiceDeps,
    collaborators: { outbox: Outbox; queue: JobQueue; publisher: CapsulePublisher },
  ) {
    this.#deps = deps;
    this.#outbox = collaborators.outbox;
    this.#queue = collaborators.queue;
    this.#publisher = collaborators.publisher;
  }

  /** `/sequence pace`: self-paced (with its threshold and stuck delay) or back to the class's pace. */
  async setPace(classId: string, member: MemberInfo | null, input: PaceInput): Promise<Sequence> {
    const teacher = requireTeacher(member);
    if (input.mode !== 'self' && input.mode !== 'class')
      throw new UserError('errors:sequence.badPace', { mode: input.mode.slice(0, 20) });
    const threshold = input.threshold;
    if (threshold !== undefined && !(Number.isInteger(threshold) && threshold >= 1 && threshold <= 100))
      throw new UserError('errors:sequence.badThreshold', { value: String(threshold).slice(0, 20) });
    const stuck = input.stuckDays;
    if (stuck !== undefined && !(Number.isInteger(stuck) && stuck >= 1 && stuck <= 60))
      throw new UserError('errors:sequence.badStuckDays', { value: String(stuck).slice(0, 20) });
    const db = this.#deps.db;
    const sequence = await db.sequence.findUnique({
      where: { classId_name: { classId, name: input.name.trim() } },
    });
    if (!sequence) {
      const known = await db.sequence.findMany({ where: { classId }, select: { name: true } });
      throw new UserError('errors:sequence.notFound', {
        name: input.name.trim().slice(0, 80),
        known: known.map((s) => s.name).join(', ') || '—',
      });
    }
    if (sequence.closedAt) throw new UserError('errors:sequence.closed', { name: sequence.name });
    const saved = await db.$transaction(async (tx) => {
      const updated = await tx.sequence.update({
        where: { id: sequence.id },
        data: {
          pace: input.mode,
          ...(threshold !== undefined ? { masteryPercent: threshold } : {}),
          ...(stuck !== undefined ? { stuckDays: stuck } : {}),
        },
      });
      await tx.auditLog.create({
        data: {
          classId,
          actorId: teacher.id,
          action: 'sequence.pace',
          details: JSON.stringify({ id: sequence.id, pace: updated.pace, threshold: updated.masteryPercent }),
        },
      });
      return updated;
    });
    const capsules = await db.capsule.findMany({
      where: { sequenceId: sequence.id, status: 'published' },
      orderBy: { number: 'asc' },
    });
    const klass = await db.class.findUniqueOrThrow({ where: { id: classId } });
    // Posted cards gain (or lose) their "My path" button.
    for (const capsule of capsules.filter((c) => c.messageRef))
      await this.#publisher.refreshCapsule(capsule, klass);
    if (saved.pace === 'self') {
      // A student behind must be able to answer long after the session: every quiz of the sequence
      // opens again, those closed at their session included (first answers given stay as they are).
      await reopenQuizzes(db, sequence.id);
      await this.sync(saved.id, { quiet: true });
    } else {
      // Back to the class's pace: quizzes close at their session again (at once when it is past),
      // and what was released privately goes to the whole channel.
      await closeQuizzesAtSessions(this.#deps, this.#queue, sequence.id, klass.id);
      for (const capsule of capsules.filter((c) => !c.messageRef))
        await this.#publisher.publishCapsule(capsule.id);
    }
    return saved;
  }

  /** The self-paced sequence of a capsule, or null (class-paced, or in no sequence). */
  async selfPacedOf(capsule: Pick<Capsule, 'sequenceId'>): Promise<Sequence | null> {
    if (!capsule.sequenceId) return null;
    const sequence = await this.#deps.db.sequence.findUnique({ where: { id: capsule.sequenceId } });
    return sequence?.pace === 'self' ? sequence : null;
  }

  /**
   * The publication job of a capsule of a self-paced sequence: the first capsule goes to the whole
   * channel (the sequence starts), the others are released without a post and open student by
   * student. Null for any other capsule: the usual publication applies. `late`: the job ran after
   * the session started (the bot was down); the capsule is still released, without any post, so
   * the students' paths go on.
   */
  async publish(capsule: Capsule, options: { late?: boolean } = {}): Promise<JobOutcome | null> {
    const sequence = await this.selfPacedOf(capsule);
    if (!sequence) return null;
    const first = await this.#deps.db.capsule.findFirst({
      where: { sequenceId: sequence.id, status: { not: 'cancelled' } },
      orderBy: { number: 'asc' },
    });
    if (!options.late && (first?.id === capsule.id || capsule.messageRef)) {
      await this.#publisher.publishCapsule(capsule.id);
    } else if (capsule.status !== 'published') {
      await this.#deps.db.capsule.update({ where: { id: capsule.id }, data: { status: 'published' } });
    }
    await keepQuizzesOpen(this.#deps.db, [capsule.id]);
    await this.sync(sequence.id, { quiet: true });
    return { status: 'done' };
  }

  /** Whether the quiz-closing job of a capsule must leave its quiz open (self-paced). */
  async keepsQuizOpen(capsuleId: string): Promise<boolean> {
    const capsule = await this.#deps.db.capsule.findUnique({ where: { id: capsuleId } });
    return capsule !== null && (await this.selfPacedOf(capsule)) !== null;
  }

  /** A student watched a capsule or answered its quiz: opens the next one if they mastered it. */
  async onProgress(memberId: string, capsuleId: string): Promise<void> {
    const capsule = await this.#deps.db.capsule.findUnique({ where: { id: capsuleId } });
    if (!capsule) return;
    const sequence = await this.selfPacedOf(capsule);
    if (sequence) await this.sync(sequence.id, { memberIds: [memberId], quiet: false });
  }

  /**
   * Writes the openings the students earned and queues their private messages. Safe to repeat: a
   * row exists once per capsule and student, a job once per key, a message once per intent.
   * `quiet`: the openings come from a publication, not from the student's own click, so their
   * messages wait for the end of quiet hours; a click is answered at once.
   */
  async sync(sequenceId: string, options: { memberIds?: string[]; quiet: boolean }): Promise<number> {
    const db = this.#deps.db;
    const paths = await loadPaths(db, sequenceId, options.memberIds);
    if (paths.sequence.pace !== 'self') return 0;
    const klass = await db.class.findUniqueOrThrow({ where: { id: paths.sequence.classId } });
    const now = this.#deps.clock.now();
    const opened: { capsuleId: string; memberId: string }[] = [];
    for (const path of paths.paths) {
      for (const [i, step] of path.steps.entries()) {
        if (i === 0 || !step.open || step.capsule.posted || path.unlocked.has(step.capsule.id)) continue;
        try {
          await db.pathUnlock.create({
            data: { capsuleId: step.capsule.id, memberId: path.memberId, createdAt: now },
          });
        } catch (error) {
          if (isUniqueViolation(error)) continue; // another worker opened it
          throw error;
        }
        opened.push({ capsuleId: step.capsule.id, memberId: path.memberId });
      }
    }
    const dueAt = options.quiet ? nextAllowed(now, klass.timeZone, quietHoursOf(klass)) : now;
    await this.#queue.enqueueMany(
      opened.map((o) => ({
        kind: PATH_UNLOCK_JOB,
        dueAt,
        key: `${PATH_UNLOCK_JOB}:${o.capsuleId}:${o.memberId}`,
        classId: klass.id,
        capsuleId: o.capsuleId,
        payload: { memberId: o.memberId },
      })),
    );
    if (!options.quiet) {
      // The student is waiting for it: said now; the job finds the message already sent.
      for (const o of opened) {
        await this.announce(o.capsuleId, o.memberId).catch((error: unknown) =>
          this.#deps.logger.warn(
            { err: error, capsuleId: o.capsuleId },
            'opening not announced yet; the job will',
          ),
        );
      }
    }
    return opened.length;
  }

  /** The private message of an opening (the `path.unlock` job); sent once per capsule and student. */
  async announce(capsuleId: string, memberId: string): Promise<JobOutcome> {
    const db = this.#deps.db;
    const capsule = await db.capsule.findUnique({ where: { id: capsuleId } });
    const member = await db.member.findUnique({ where: { id: memberId } });
    if (!capsule || !member) return { status: 'skipped', reason: 'capsule or student deleted' };
    if (capsule.status === 'cancelled') return { status: 'skipped', reason: 'capsule cancelled' };
    const sequence = await this.selfPacedOf(capsule);
    if (!sequence) return { status: 'skipped', reason: 'sequence no longer self-paced' };
    const klass = await db.class.findUniqueOrThrow({ where: { id: capsule.classId } });
    const quizzes = await db.quiz.count({ where: { capsuleId } });
    const t = this.#deps.i18n.t(member.locale ?? klass.language);
    const card = pathOpenedCard(capsule, {
      t,
      klass: klass.name,
      hasQuiz: quizzes > 0,
      percent: sequence.masteryPercent,
    });
    const outcome = await this.#outbox.direct(klass, member, card, `path-unlock:${capsuleId}:${memberId}`);
    return outcome === 'sent' ? { status: 'done' } : { status: 'skipped', reason: 'direct messages closed' };
  }

  /** Runs an opening's job: waits past quiet hours unless the student's own click opened it. */
  async runUnlockJob(capsuleId: string, memberId: string, klass: Class): Promise<JobOutcome> {
    const now = this.#deps.clock.now();
    const quiet = quietHoursOf(klass);
    const sent = await this.#deps.db.postIntent.findUnique({
      where: { key: `dm:path-unlock:${capsuleId}:${memberId}` },
    });
    if (!sent?.ref && isQuiet(now, klass.timeZone, quiet)) {
      return { status: 'deferred', until: nextAllowed(now, klass.timeZone, quiet), reason: 'quiet hours' };
    }
    return this.announce(capsuleId, memberId);
  }

  /** Paths of a sequence (for /path and the reminders). */
  paths(sequenceId: string, memberIds?: string[]): Promise<SequencePaths> {
    return loadPaths(this.#deps.db, sequenceId, memberIds);
  }

  /** The class's self-paced sequences still open, most recent last. */
  selfPaced(classId: string): Promise<Sequence[]> {
    return this.#deps.db.sequence.findMany({
      where: { classId, pace: 'self', closedAt: null },
      orderBy: { createdAt: 'asc' },
    });
  }
}
