// The job gauges' source: three counts on the Job table, read when Prometheus scrapes.
import type { Db } from '../db/client.ts';
import type { JobCounts } from './prometheus.ts';

/** A pending job due for longer than this counts as late (the scheduler wakes every few seconds). */
export const lateAfterMs = 2 * 60_000;

export async function countJobs(db: Db, now: Date): Promise<JobCounts> {
  const late = new Date(now.getTime() - lateAfterMs);
  const [due, lateCount, running] = await Promise.all([
    db.job.count({ where: { state: 'pending', dueAt: { lte: now } } }),
    db.job.count({ where: { state: 'pending', dueAt: { lte: late } } }),
    db.job.count({ where: { state: 'running' } }),
  ]);
  return { due, late: lateCount, running };
}
