// Prompt takeover after a restart (issue 12). A process that just started has a good reason to
// think another one died (most often its own previous run, killed): for one lease after its start
// it treats a running row whose heartbeat is older than two beats as abandoned, instead of waiting
// for the whole lease to run out, and it wakes up at the moment the next such row crosses that
// line instead of at the next cron wake-up. A live holder renews every beat, so its rows always
// have more than lease − one beat left; only a holder stalled for two beats loses them (its posts
// are still guarded by their intent rows).
import type { Db } from '../db/client.ts';
import { JobState } from './job-record.ts';

/** The numbers of the start window; times in ms since the epoch. */
export interface TakeoverWindow {
  startedAt: number;
  lockMs: number;
  heartbeatMs: number;
}

/** How much earlier than its lease's end a row counts as abandoned (0 outside the window). */
function slack(w: TakeoverWindow | undefined, now: number): number {
  if (!w || !Number.isFinite(w.heartbeatMs) || now - w.startedAt >= w.lockMs) return 0;
  return Math.max(0, w.lockMs - 2 * w.heartbeatMs);
}

/** The line for claimDue's `abandonedBefore`: a running row whose lease ends before it is free. */
export function abandonedBefore(w: TakeoverWindow | undefined, now: Date): Date {
  return new Date(now.getTime() + slack(w, now.getTime()));
}

/**
 * When the next due row held by someone else becomes free to take over, in ms from now, or null
 * when there is none (or it is further than a lease away: the cron wake-ups are then soon enough).
 */
export async function nextTakeoverIn(db: Db, w: TakeoverWindow, now: Date): Promise<number | null> {
  const line = abandonedBefore(w, now);
  const next = await db.job.findFirst({
    where: { state: JobState.running, dueAt: { lte: now }, lockedUntil: { gte: line } },
    orderBy: { lockedUntil: 'asc' },
    select: { lockedUntil: true },
  });
  const until = next?.lockedUntil?.getTime();
  if (until === undefined) return null;
  const early = until - slack(w, now.getTime());
  // Still inside the window at that moment: the early line applies; otherwise the lease's end.
  const at = early - w.startedAt < w.lockMs ? early : until;
  const inMs = Math.max(0, at - now.getTime()) + 50;
  return inMs > w.lockMs ? null : inMs;
}
