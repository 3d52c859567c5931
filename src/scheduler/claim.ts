// The atomic claim: one conditional UPDATE that only one worker can win, in Prisma's portable API
// so SQLite and PostgreSQL share it. SQLite serialises writers. PostgreSQL (READ COMMITTED) makes
// a concurrent UPDATE wait for the other's commit and re-check its WHERE on the new row version,
// which then says "running, locked until later": the loser skips the row. The unique token then
// tells each worker which rows are its own.
import { randomUUID } from 'node:crypto';
import type { Db, Prisma } from '../db/client.ts';
import { type JobRow, JobState } from './job-record.ts';

/** What one claim attempt saw and won. */
export interface Claim {
  /** The token written to lockedBy; outcome writes are conditioned on it. */
  token: string;
  /** How many due candidates the worker saw (0: nothing is due). */
  seen: number;
  /** The rows this worker now owns, their attempts already counted. */
  rows: JobRow[];
}

/**
 * Due jobs: pending ones, and running ones whose worker let the lock expire (it crashed).
 * `abandonedBefore` (default: now) moves that line: a running row whose lease ends before it counts
 * as abandoned (a process just started takes over leases whose heartbeat stopped, see scheduler.ts).
 */
export function dueWhere(now: Date, abandonedBefore: Date = now): Prisma.JobWhereInput {
  return {
    dueAt: { lte: now },
    OR: [{ state: JobState.pending }, { state: JobState.running, lockedUntil: { lt: abandonedBefore } }],
  };
}

export async function claimDue(
  db: Db,
  options: { instanceId: string; now: Date; batchSize: number; lockMs: number; abandonedBefore?: Date },
): Promise<Claim> {
  const { now, abandonedBefore } = options;
  const token = `${options.instanceId}:${randomUUID()}`;
  const candidates = await db.job.findMany({
    where: dueWhere(now, abandonedBefore),
    select: { id: true },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: options.batchSize,
  });
  if (candidates.length === 0) return { token, seen: 0, rows: [] };
  const ids = candidates.map((c) => c.id);
  // The due condition is repeated: the candidates may have been claimed since they were read.
  const claimed = await db.job.updateMany({
    where: { id: { in: ids }, ...dueWhere(now, abandonedBefore) },
    data: {
      state: JobState.running,
      lockedBy: token,
      lockedUntil: new Date(now.getTime() + options.lockMs),
      attempts: { increment: 1 },
    },
  });
  // Reading back by id keeps this on the primary key (lockedBy has no index).
  const rows =
    claimed.count === 0
      ? []
      : await db.job.findMany({
          where: { id: { in: ids }, lockedBy: token },
          orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        });
  return { token, seen: candidates.length, rows };
}
