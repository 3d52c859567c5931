// Writing down how a job ended: done, skipped, deferred, retried with back-off, or failed for good.
// Every write is conditioned on the claim token, so a worker whose lock expired cannot overwrite
// the outcome of the worker that took the job over (see claim.ts, lock.ts).
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { logUnexpected } from '../core/unexpected.ts';
import type { Db } from '../db/client.ts';
import { errorMessage } from './batch.ts';
import { type JobRow, JobState, toJobRecord } from './job-record.ts';
import type { FailureReporter } from './types.ts';

/** Up to +10% so workers retrying the same outage do not come back in lockstep. */
export const defaultJitter = (delayMs: number): number => delayMs + Math.floor(Math.random() * delayMs * 0.1);
export const noJitter = (delayMs: number): number => delayMs;

/** A job's outcome in this tick; 'lost': another worker took it over before it ran here. */
export type JobResult = 'done' | 'skipped' | 'retried' | 'failed' | 'deferred' | 'lost';

/** A deferral comes back no sooner than this, so runDue cannot loop on a job deferred to "now". */
const minDeferMs = 1000;

/** What the OutcomeRecorder writes with; the numbers are already resolved (see SchedulerDeps). */
export interface OutcomeDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  onFailed?: FailureReporter;
  baseBackoffMs: number;
  maxBackoffMs: number;
  jitter: (delayMs: number) => number;
}

/** The fields an outcome write sets besides releasing the lock. */
interface OutcomeData {
  state: string;
  lastError: string;
  finishedAt?: Date;
  dueAt?: Date;
  attempts?: { decrement: number };
}

/**
 * Records job outcomes on the Job row and in the log, and tells the failure reporter about jobs
 * that failed for good. Never throws: a write that fails is logged, the lock then expires and the
 * job runs again, which handlers allow.
 */
export class OutcomeRecorder {
  readonly #deps: OutcomeDeps;

  constructor(deps: OutcomeDeps) {
    this.#deps = deps;
  }

  /** The handler said the job is obsolete: finished, with its reason kept as lastError. */
  async skipped(row: JobRow, token: string, reason: string): Promise<JobResult> {
    await this.#record(row, token, {
      state: JobState.skipped,
      lastError: reason,
      finishedAt: this.#deps.clock.now(),
    });
    this.#deps.log.info({ jobId: row.id, kind: row.kind, reason }, 'job skipped');
    return 'skipped';
  }

  /** The handler threw: back to pending after a back-off, or failed once attempts are used up. */
  async retryOrFail(row: JobRow, token: string, error: unknown): Promise<JobResult> {
    const message = errorMessage(error);
    if (row.attempts >= row.maxAttempts) return this.failed(row, token, message, error);
    const delayMs = this.backoff(row.attempts);
    const dueAt = new Date(this.#deps.clock.now().getTime() + delayMs);
    await this.#record(row, token, { state: JobState.pending, dueAt, lastError: message });
    this.#deps.log.warn(
      { jobId: row.id, kind: row.kind, attempts: row.attempts, delayMs, err: error },
      'job failed, will retry',
    );
    return 'retried';
  }

  /**
   * Back to pending until `until`, the attempt uncounted: the job could not run (its platform is
   * not running), it did not fail. Logged at info the first time, at debug while it keeps waiting.
   */
  async deferred(row: JobRow, token: string, until: Date, reason: string): Promise<JobResult> {
    const earliest = this.#deps.clock.now().getTime() + minDeferMs;
    const wanted = until.getTime();
    const dueAt = new Date(Number.isFinite(wanted) ? Math.max(wanted, earliest) : earliest);
    await this.#record(row, token, {
      state: JobState.pending,
      dueAt,
      lastError: reason,
      attempts: { decrement: 1 },
    });
    const level = row.lastError === reason ? 'debug' : 'info';
    this.#deps.log[level]({ jobId: row.id, kind: row.kind, reason, dueAt }, 'job deferred');
    return 'deferred';
  }

  /** Failed for good: recorded, logged with an error id, and reported (a reporter error is logged). */
  async failed(row: JobRow, token: string, message: string, error?: unknown): Promise<JobResult> {
    const { log, onFailed } = this.#deps;
    await this.#record(row, token, {
      state: JobState.failed,
      lastError: message,
      finishedAt: this.#deps.clock.now(),
    });
    logUnexpected(log, error ?? message, 'job failed for good', {
      jobId: row.id,
      kind: row.kind,
      attempts: row.attempts,
    });
    if (onFailed) {
      try {
        await onFailed(toJobRecord(row), message);
      } catch (reportError) {
        logUnexpected(log, reportError, 'failure report failed', { jobId: row.id });
      }
    }
    return 'failed';
  }

  /**
   * "Done" for jobs that just finished, in one write: the caller coalesces jobs finishing side by
   * side (batch.ts coalescing) so a large batch does not cost one UPDATE per job.
   */
  async markDone(ids: string[], token: string): Promise<void> {
    const { db, log } = this.#deps;
    try {
      const { count } = await db.job.updateMany({
        where: { id: { in: ids }, lockedBy: token },
        data: {
          state: JobState.done,
          finishedAt: this.#deps.clock.now(),
          lastError: null,
          lockedBy: null,
          lockedUntil: null,
        },
      });
      if (count < ids.length) {
        log.warn({ jobIds: ids, recorded: count }, 'job done not recorded: another worker took the job over');
      }
    } catch (error) {
      logUnexpected(log, error, 'could not mark jobs done', { jobIds: ids });
    }
  }

  /** Exponential: base, 2×base, 4×base... capped. attempts counts the run that just failed. */
  backoff(attempts: number): number {
    const { baseBackoffMs, maxBackoffMs, jitter } = this.#deps;
    const exact = Math.min(maxBackoffMs, baseBackoffMs * 2 ** Math.max(0, attempts - 1));
    return Math.max(0, Math.round(jitter(exact)));
  }

  /**
   * Conditioned on our token: if our lock expired and another worker took the job over, its
   * outcome is the one that counts. Releases the lock in the same write.
   */
  async #record(row: JobRow, token: string, data: OutcomeData): Promise<void> {
    const { db, log } = this.#deps;
    try {
      const { count } = await db.job.updateMany({
        where: { id: row.id, lockedBy: token },
        data: { ...data, lastError: data.lastError.slice(0, 1000), lockedBy: null, lockedUntil: null },
      });
      if (count === 0) {
        // The run outlived its lock and another worker took the job over: its outcome counts.
        log.warn(
          { jobId: row.id, kind: row.kind, state: data.state },
          'job outcome not recorded: another worker took the job over',
        );
      }
    } catch (error) {
      logUnexpected(log, error, 'could not record a job outcome', { jobId: row.id });
    }
  }
}
