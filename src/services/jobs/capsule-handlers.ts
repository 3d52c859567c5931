// Job handlers of a capsule's life: publish, remind, nudge, close the quiz. They live with the services
// they call so the scheduler stays a plain engine; thin: the rules are in the services, these only
// decide whether the job still makes sense, and wait while the class's platform is not running.

import type { JobHandler, JobOutcome, JobRecord } from '../../scheduler/types.ts';
import { JOB } from '../capsule-jobs.ts';
import type { Services } from '../index.ts';
import { tellPublishDelay } from './delay-notice.ts';

/** How long a job of a class whose platform is not running waits before it looks again. */
export const platformDownDeferMs = 10 * 60_000;

function capsuleIdOf(job: JobRecord): string {
  if (!job.capsuleId) throw new Error(`job ${job.kind} has no capsule`);
  return job.capsuleId;
}

function offsetOf(job: JobRecord): number {
  const offset = Number(job.payload.offsetMinutes);
  if (!Number.isFinite(offset)) throw new Error(`job ${job.kind} has no offset`);
  return offset;
}

export function capsuleJobHandlers(services: Services): JobHandler[] {
  const { db, clock } = services.deps;

  /**
   * A job of a class whose platform did not start (bad token, outage at start-up) waits for it
   * instead of burning its retries and failing for good. No class found: the handler decides.
   */
  async function waitForPlatform(job: JobRecord): Promise<JobOutcome | null> {
    let classId = job.classId;
    if (!classId && job.capsuleId) {
      const capsule = await db.capsule.findUnique({
        where: { id: job.capsuleId },
        select: { classId: true },
      });
      classId = capsule?.classId ?? null;
    }
    const klass = classId
      ? await db.class.findUnique({ where: { id: classId }, select: { platform: true } })
      : null;
    if (!klass || services.outbox.available(klass)) return null;
    return {
      status: 'deferred',
      until: new Date(clock.now().getTime() + platformDownDeferMs),
      reason: 'platform not running',
    };
  }

  /** Checks the platform before anything else. */
  const handler = (kind: string, run: (job: JobRecord) => Promise<JobOutcome>): JobHandler => ({
    kind,
    run: async (job) => (await waitForPlatform(job)) ?? run(job),
  });

  return [
    handler(JOB.publish, async (job) => {
      const capsule = await db.capsule.findUnique({ where: { id: capsuleIdOf(job) } });
      if (!capsule) return { status: 'skipped', reason: 'capsule deleted' };
      if (capsule.status === 'cancelled') return { status: 'skipped', reason: 'capsule cancelled' };
      const late = capsule.sessionAt <= clock.now();
      // A self-paced sequence posts its first capsule and releases the others student by student;
      // a late release still happens (without a post): students reach it at their own pace.
      const paced = await services.paths.publish(capsule, { late });
      if (paced) return paced;
      // Fell due while the bot was down and the session is over: posting now would only confuse.
      if (late) return { status: 'skipped', reason: 'session already started' };
      const published = await services.publisher.publishCapsule(capsule.id);
      // Only the run that posted the card explains a delay: a repeated job stays quiet.
      if (!capsule.messageRef) {
        const klass = await db.class.findUniqueOrThrow({ where: { id: published.classId } });
        await tellPublishDelay(services, published, klass);
      }
      return { status: 'done' };
    }),
    handler(JOB.reminder, (job) => services.reminders.remind(capsuleIdOf(job), offsetOf(job))),
    handler(JOB.nudge, (job) => services.reminders.nudge(capsuleIdOf(job), offsetOf(job))),
    // Closing is a database change plus message edits; it waits for the platform like the rest.
    handler(JOB.quizClose, async (job) => {
      // Self-paced: a student behind still answers after the session (issue 14 §1).
      if (job.capsuleId && (await services.paths.keepsQuizOpen(job.capsuleId)))
        return { status: 'skipped', reason: 'self-paced sequence: the quiz stays open' };
      const quizId = typeof job.payload.quizId === 'string' ? job.payload.quizId : null;
      const closed = quizId
        ? Number(await services.quizzes.closeById(quizId))
        : await services.quizzes.closeForCapsule(capsuleIdOf(job));
      return closed > 0 ? { status: 'done' } : { status: 'skipped', reason: 'no open quiz' };
    }),
  ];
}
