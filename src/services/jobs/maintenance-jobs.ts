// Daily retention purge: one job per day, each enqueueing the next, so it survives restarts.

import type { JobHandler, JobSpec } from '../../scheduler/types.ts';
import type { Services } from '../index.ts';
import { SCRUB_JOB } from '../privacy.ts';
import { QUESTION_POST_JOB } from '../question-post.ts';

export const RETENTION_JOB = 'privacy.retention';

export function nextRetentionJob(now: Date): JobSpec {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 3, 0));
  return { kind: RETENTION_JOB, dueAt: next, key: `${RETENTION_JOB}:${next.toISOString().slice(0, 10)}` };
}

export function maintenanceJobHandlers(services: Services): JobHandler[] {
  return [
    // A student's question whose post may have been cut short (crash, lost answer): posted or found.
    { kind: QUESTION_POST_JOB, run: (job) => services.questions.poster.runNet(job) },
    {
      kind: RETENTION_JOB,
      async run() {
        const purged = await services.privacy.purgeExpired();
        services.deps.logger.info({ ...purged }, 'retention purge');
        await services.queue.enqueue(nextRetentionJob(services.deps.clock.now()));
        return { status: 'done' };
      },
    },
    {
      // Messages that still showed a deleted member's name: edited again until it works.
      kind: SCRUB_JOB,
      async run(job) {
        const refs = Array.isArray(job.payload.refs) ? job.payload.refs.map(String) : [];
        if (!job.classId || refs.length === 0) return { status: 'skipped', reason: 'nothing to edit' };
        const klass = await services.deps.db.class.findUnique({ where: { id: job.classId } });
        if (!klass) return { status: 'skipped', reason: 'class deleted' };
        if (!services.outbox.available(klass)) {
          // Waits for the platform without using up its tries: the name must go, however long.
          const until = new Date(services.deps.clock.now().getTime() + 10 * 60_000);
          return { status: 'deferred', until, reason: 'platform not running' };
        }
        const failed = await services.privacy.scrubNow(job.classId, refs);
        if (failed.length > 0) throw new Error(`${failed.length} message(s) could not be edited yet`);
        return { status: 'done' };
      },
    },
  ];
}
