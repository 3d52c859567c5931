// Durable jobs: a row per scheduled thing (see docs/decisions). node-cron only wakes the scheduler.

/** A job as handlers see it (payload already parsed). */
export interface JobRecord {
  id: string;
  kind: string;
  classId: string | null;
  capsuleId: string | null;
  payload: Record<string, unknown>;
  dueAt: Date;
  attempts: number;
  maxAttempts: number;
  idempotencyKey: string;
}

/**
 * How a run ended: done; skipped with a reason (obsolete: the session already started...); or
 * deferred: the job cannot run yet (its platform is not running) and goes back to pending until
 * `until` without using up an attempt.
 */
export type JobOutcome =
  | { status: 'done' }
  | { status: 'skipped'; reason: string }
  | { status: 'deferred'; until: Date; reason: string };

/** Runs one kind of job. Must be safe to run twice (a crash between run and "done" repeats it). */
export interface JobHandler {
  kind: string;
  run(job: JobRecord): Promise<JobOutcome>;
}

/** What to enqueue. The idempotency key makes enqueueing the same thing twice a no-op/update. */
export interface JobSpec {
  kind: string;
  dueAt: Date;
  key: string;
  classId?: string | null;
  capsuleId?: string | null;
  payload?: Record<string, unknown>;
  maxAttempts?: number;
}

/** Told when a job failed for good, to let the teacher know. */
export type FailureReporter = (job: JobRecord, error: string) => Promise<void>;
