// Job handlers of a capsule's life: publish, remind, nudge, close the quiz. Thin: the rules are in
// the services; these only decide whether the job still makes sense.

import { JOB } from '../../services/capsule-jobs.ts';
import type { Services } from '../../services/index.ts';
import type { JobHandler, JobRecord } from '../types.ts';

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
  return [
    {
      kind: JOB.publish,
      async run(job) {
        const capsule = await db.capsule.findUnique({ where: { id: capsuleIdOf(job) } });
        if (!capsule) return { status: 'skipped', reason: 'capsule deleted' };
        if (capsule.status === 'cancelled') return { status: 'skipped', reason: 'capsule cancelled' };
        // Fell due while the bot was down and the session is over: posting now would only confuse.
        if (capsule.sessionAt <= clock.now()) return { status: 'skipped', reason: 'session already started' };
        await services.publisher.publishCapsule(capsule.id);
        return { status: 'done' };
      },
    },
    { kind: JOB.reminder, run: (job) => services.reminders.remind(capsuleIdOf(job), offsetOf(job)) },
    { kind: JOB.nudge, run: (job) => services.reminders.nudge(capsuleIdOf(job), offsetOf(job)) },
    {
      kind: JOB.quizClose,
      async run(job) {
        const quizId = typeof job.payload.quizId === 'string' ? job.payload.quizId : null;
        const closed = quizId
          ? Number(await services.quizzes.closeById(quizId))
          : await services.quizzes.closeForCapsule(capsuleIdOf(job));
        return closed > 0 ? { status: 'done' } : { status: 'skipped', reason: 'no open quiz' };
      },
    },
  ];
}
