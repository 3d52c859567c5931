// The job of a self-paced opening (issue 14 §1): the private message telling a student that the
// next capsule is open. Its key (capsule and student) and the message's intent make it once only.
import type { JobHandler } from '../../scheduler/types.ts';
import type { Services } from '../index.ts';
import { PATH_UNLOCK_JOB } from '../paths.ts';
import { platformDownDeferMs } from './capsule-handlers.ts';

export function pathJobHandlers(services: Services): JobHandler[] {
  const { db, clock } = services.deps;
  return [
    {
      kind: PATH_UNLOCK_JOB,
      async run(job) {
        const memberId = typeof job.payload.memberId === 'string' ? job.payload.memberId : null;
        if (!job.capsuleId || !memberId) throw new Error('path.unlock job without capsule or student');
        const klass = job.classId ? await db.class.findUnique({ where: { id: job.classId } }) : null;
        if (!klass) return { status: 'skipped', reason: 'class deleted' };
        if (!services.outbox.available(klass)) {
          const until = new Date(clock.now().getTime() + platformDownDeferMs);
          return { status: 'deferred', until, reason: 'platform not running' };
        }
        return services.paths.runUnlockJob(job.capsuleId, memberId, klass);
      },
    },
  ];
}
