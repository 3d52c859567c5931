// Giving jobs back on shutdown, so another bot (or this one after its restart) runs them at once
// instead of waiting for a lock to expire. Conditioned on our claim tokens: a row another worker
// took over is left alone.
import type { Db } from '../db/client.ts';
import { JobState } from './job-record.ts';

/** Claimed rows this worker never started: back to pending, the attempt uncounted. */
export async function releaseUnstarted(db: Db, token: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await db.job.updateMany({
    where: { id: { in: ids }, lockedBy: token, state: JobState.running },
    data: { state: JobState.pending, lockedBy: null, lockedUntil: null, attempts: { decrement: 1 } },
  });
  return count;
}

/**
 * Rows still running under these claims when the shutdown grace ran out: back to pending so they
 * run again soon (handlers are safe to run twice). The attempt stays counted, so a job that hangs
 * at every try still ends as failed instead of holding up every restart.
 */
export async function releaseRunning(db: Db, tokens: string[]): Promise<number> {
  if (tokens.length === 0) return 0;
  const { count } = await db.job.updateMany({
    where: { lockedBy: { in: tokens }, state: JobState.running },
    data: { state: JobState.pending, lockedBy: null, lockedUntil: null },
  });
  return count;
}
