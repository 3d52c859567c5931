// The pre-class brief: on demand (/brief) and as a job before each session (planned with the
// capsule, so it moves when the session moves and goes when the capsule is cancelled). It goes
// privately to each teacher, or to the class's summary channel when the class names one.
import type { Card } from '../core/card.ts';
import type { MemberInfo } from '../core/commands.ts';
import { UserError } from '../core/errors.ts';
import type { Capsule, Class } from '../db/models.ts';
import type { JobHandler, JobOutcome, JobSpec } from '../scheduler/types.ts';
import { requireTeacher } from '../services/access.ts';
import type { PlanExtension } from '../services/capsule-jobs.ts';
import type { Services } from '../services/index.ts';
import { briefCard } from './brief-card.ts';
import { reviewBriefLines } from './brief-review.ts';
import { loadCapsuleReport } from './capsule-report.ts';
import { spreadSection } from './path-spread.ts';

export const BRIEF_JOB = 'brief.send';
/** Group size the scheduled brief suggests (teachers pick another with /groups). */
export const DEFAULT_GROUP_SIZE = 3;

/** The brief job of a capsule: `briefOffsetMinutes` before its session, if that is after it is out. */
export const briefPlan: PlanExtension = (capsule: Capsule, klass: Class): JobSpec[] => {
  if (capsule.status === 'cancelled') return [];
  const dueAt = new Date(capsule.sessionAt.getTime() - klass.briefOffsetMinutes * 60_000);
  // Before the capsule is even out, nobody could have watched it: no brief to give.
  if (dueAt <= capsule.publishAt) return [];
  return [
    { kind: BRIEF_JOB, dueAt, key: `${BRIEF_JOB}:${capsule.id}`, classId: klass.id, capsuleId: capsule.id },
  ];
};

export class BriefService {
  readonly #services: Services;

  constructor(services: Services) {
    this.#services = services;
  }

  /** The capsule a report is about: the one named, else the next session, else the last one. */
  async pickCapsule(classId: string, ref?: string): Promise<Capsule> {
    if (ref?.trim()) return this.#services.capsules.find(classId, ref);
    const { db, clock } = this.#services.deps;
    const now = clock.now();
    const next = await db.capsule.findFirst({
      where: { classId, status: { not: 'cancelled' }, sessionAt: { gt: now } },
      orderBy: { sessionAt: 'asc' },
    });
    const capsule =
      next ??
      (await db.capsule.findFirst({
        where: { classId, status: { not: 'cancelled' } },
        orderBy: { sessionAt: 'desc' },
      }));
    if (!capsule) throw new UserError('reports:errors.noCapsule');
    return capsule;
  }

  /** The brief card of a capsule in one language. */
  async card(capsuleId: string, locale: string, size = DEFAULT_GROUP_SIZE): Promise<Card> {
    const report = await loadCapsuleReport(this.#services.deps.db, capsuleId);
    const { i18n } = this.#services.deps;
    const when = i18n.formatDate(report.capsule.sessionAt, locale, report.klass.timeZone);
    const t = i18n.t(locale);
    const card = briefCard(report, t, when, size);
    // A self-paced sequence: where each student is, and who is stuck (issue 14 §1).
    const { sequenceId } = report.capsule;
    const spread = sequenceId
      ? await spreadSection(
          this.#services.deps.db,
          report.klass.id,
          this.#services.deps.clock.now(),
          t,
          sequenceId,
        )
      : '';
    // Targeted review has its own section (brief-review.ts), after the rest.
    const review = await reviewBriefLines(this.#services, capsuleId, t);
    const sections = [card.text ?? '', spread, review.join('\n')].filter((part) => part.length > 0);
    return { ...card, text: sections.join('\n\n') };
  }

  /** /brief: for the teacher who asks, in their language. */
  async onDemand(classId: string, member: MemberInfo | null, locale: string, ref?: string): Promise<Card> {
    requireTeacher(member);
    const capsule = await this.pickCapsule(classId, ref);
    return this.card(capsule.id, locale);
  }

  /** The scheduled brief. Safe to run twice: every delivery carries an idempotency key. */
  async sendScheduled(capsuleId: string): Promise<JobOutcome> {
    const { db, clock, logger } = this.#services.deps;
    const capsule = await db.capsule.findUnique({ where: { id: capsuleId }, include: { class: true } });
    if (!capsule) return { status: 'skipped', reason: 'capsule deleted' };
    if (capsule.status === 'cancelled') return { status: 'skipped', reason: 'capsule cancelled' };
    if (capsule.sessionAt <= clock.now()) return { status: 'skipped', reason: 'session already started' };
    const klass = capsule.class;
    const outbox = this.#services.outbox;
    if (klass.briefTarget !== 'dm') {
      const card = await this.card(capsule.id, klass.language);
      await outbox.postTo(klass, klass.briefTarget, card, `brief:${capsule.id}`);
      return { status: 'done' };
    }
    const teachers = await db.member.findMany({ where: { classId: klass.id, role: 'teacher' } });
    let delivered = 0;
    let failed = 0;
    for (const teacher of teachers) {
      const card = await this.card(capsule.id, teacher.locale ?? klass.language);
      try {
        const outcome = await outbox.direct(klass, teacher, card, `brief:${capsule.id}:${teacher.id}`);
        if (outcome === 'sent') delivered++;
      } catch (error) {
        failed++;
        logger.warn({ err: error, capsuleId, memberId: teacher.id }, 'brief not delivered');
      }
    }
    // Retried as a whole, until every teacher has it: those who got it already are protected by
    // their own idempotency key (`brief:<capsule>:<member>`), so only the missing ones get it.
    if (failed > 0)
      throw new Error(`the brief could not be delivered to ${failed} of ${teachers.length} teachers`);
    if (delivered === 0) return { status: 'skipped', reason: 'no teacher accepts direct messages' };
    return { status: 'done' };
  }
}

export function briefJobHandler(brief: BriefService): JobHandler {
  return {
    kind: BRIEF_JOB,
    run: (job) => {
      if (!job.capsuleId) throw new Error('brief job without a capsule');
      return brief.sendScheduled(job.capsuleId);
    },
  };
}
