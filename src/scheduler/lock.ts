// Lock renewal inside a batch. claim.ts locks a whole batch once, for lockMs; jobs of a slow batch
// run one after another, so a row reached late may have little of its lock left, or none (and
// another worker may have taken it over). Renewing just before the run keeps that row ours.
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { logUnexpected } from '../core/unexpected.ts';
import type { Db } from '../db/client.ts';
import type { JobRow } from './job-record.ts';

/** What holdLock reads and writes with; lockMs is the claim's lock length. */
export interface LockDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  lockMs: number;
}

/**
 * Makes sure a claimed row is still ours before it runs. A row with at least half its lock left is
 * used as is (no write); otherwise it gets a fresh lock, conditioned on our token: no match means
 * it is no longer ours and the caller skips it. Never throws: when unsure, answers false and lets
 * the lock expire so a worker runs the job then.
 */
export async function holdLock(deps: LockDeps, row: JobRow, token: string): Promise<boolean> {
  const { db, clock, log, lockMs } = deps;
  const now = clock.now().getTime();
  const lockedUntil = row.lockedUntil?.getTime() ?? 0;
  if (lockedUntil - now >= lockMs / 2) return true;
  const until = new Date(now + lockMs);
  try {
    const { count } = await db.job.updateMany({
      where: { id: row.id, lockedBy: token },
      data: { lockedUntil: until },
    });
    if (count === 0) {
      log.info({ jobId: row.id, kind: row.kind }, 'job taken over by another worker; not run here');
      return false;
    }
    row.lockedUntil = until;
    return true;
  } catch (error) {
    // Not sure it is still ours: leave it; the lock expires and a worker runs it then.
    logUnexpected(log, error, 'could not extend a job lock', { jobId: row.id });
    return false;
  }
}

/**
 * Keeps every row of a claim locked while its batch runs: each beat pushes lockedUntil of the
 * claim's running rows one lease ahead. A process that dies stops beating, and its rows are free
 * one lease later (issue 12: taken over in seconds, not minutes). Returns the stop function.
 */
export function startHeartbeat(deps: LockDeps, token: string, everyMs: number): () => void {
  if (!Number.isFinite(everyMs) || everyMs <= 0) return () => {};
  const { db, clock, log, lockMs } = deps;
  let beating = false;
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    db.job
      .updateMany({
        where: { lockedBy: token, state: 'running' },
        data: { lockedUntil: new Date(clock.now().getTime() + lockMs) },
      })
      .catch((error: unknown) => logUnexpected(log, error, 'could not renew job leases', { token }))
      .finally(() => {
        beating = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
