// Daily retention purge: one job per day, each enqueueing the next, so it survives restarts.

import type { JobHandler, JobSpec } from '../../scheduler/types.ts';
import type { Services } from '../index.ts';

export const RETENTION_JOB = 'privacy.retention';

export function nextRetentionJob(now: Date): JobSpec {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 3, 0));
  return { kind: RETENTION_JOB, dueAt: next, key: `${RETENTION_JOB}:${next.toISOString().slice(0, 10)}` };
}

export function maintenanceJobHandlers(services: Services): JobHandler[] {
  return [
    {
      kind: RETENTION_JOB,
      async run() {
        const purged = await services.privacy.purgeExpired();
        services.deps.logger.info({ ...purged }, 'retention purge');
        await services.queue.enqueue(nextRetentionJob(services.deps.clock.now()));
        return { status: 'done' };
      },
    },
  ];
}
