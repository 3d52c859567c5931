// Runs due jobs. The Job table is the truth: node-cron only wakes this up, a claim is a conditional
// update only one worker can win (claim.ts), and jobs that fell due while the bot was down run at
// start. See docs/decisions/0003-durable-jobs.md.
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../db/client.ts';
import {
  addInto,
  coalescing,
  emptySummary,
  errorMessage,
  forEachBounded,
  newErrorId,
  type TickSummary,
} from './batch.ts';
import { claimDue } from './claim.ts';
import { type JobRow, JobState, parsePayload, toJobRecord } from './job-record.ts';

export type { TickSummary } from './batch.ts';

import type { FailureReporter, JobHandler, JobRecord } from './types.ts';

/** What the Scheduler needs; the numbers have production defaults. */
export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Written into lockedBy (with a per-claim suffix) so a row shows who holds it. */
  instanceId: string;
  handlers: JobHandler[];
  onFailed?: FailureReporter;
  /** Jobs claimed per tick (default 200). */
  batchSize?: number;
  /** How long a claim holds before another worker may take the job over (default 5 min). */
  lockMs?: number;
  /** First retry delay, doubled per attempt (default 30 s). */
  baseBackoffMs?: number;
  /** Longest retry delay (default 1 h). */
  maxBackoffMs?: number;
  /** Jobs of a batch run at the same time (default 8). */
  concurrency?: number;
  /** Spreads retries of jobs that failed together; pass noJitter for exact delays. */
  jitter?: (delayMs: number) => number;
}

/** Up to +10% so workers retrying the same outage do not come back in lockstep. */
export const defaultJitter = (delayMs: number): number => delayMs + Math.floor(Math.random() * delayMs * 0.1);
export const noJitter = (delayMs: number): number => delayMs;

/** A job's outcome in this tick; 'lost': another worker took it over before it ran here. */
type Result = 'done' | 'skipped' | 'retried' | 'failed' | 'deferred' | 'lost';

/** A deferral comes back no sooner than this, so runDue cannot loop on a job deferred to "now". */
const minDeferMs = 1000;

/** Consecutive ticks that saw due jobs but won none before runDue lets the other workers be. */
const maxLostClaims = 20;

/** Claims and runs due jobs, records their outcome, retries with back-off, reports failures. */
export class Scheduler {
  readonly #deps: SchedulerDeps;
  readonly #log: Logger;
  readonly #handlers: Map<string, JobHandler>;
  readonly #batchSize: number;
  readonly #lockMs: number;
  readonly #baseBackoffMs: number;
  readonly #maxBackoffMs: number;
  readonly #concurrency: number;
  readonly #jitter: (delayMs: number) => number;
  #task: ScheduledTask | undefined;
  /** Bumped by stop(): a runDue loop in flight ends after its current tick. */
  #stops = 0;
  /** Ticks of this instance run one after another: a job is never run twice in one process. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
    this.#log = deps.logger.child({ component: 'scheduler', instanceId: deps.instanceId });
    this.#handlers = new Map();
    for (const handler of deps.handlers) {
      if (this.#handlers.has(handler.kind)) throw new Error(`two handlers for job kind "${handler.kind}"`);
      this.#handlers.set(handler.kind, handler);
    }
    this.#batchSize = deps.batchSize ?? 200;
    this.#lockMs = deps.lockMs ?? 5 * 60_000;
    this.#baseBackoffMs = deps.baseBackoffMs ?? 30_000;
    this.#maxBackoffMs = deps.maxBackoffMs ?? 60 * 60_000;
    this.#concurrency = Math.max(1, deps.concurrency ?? 8);
    this.#jitter = deps.jitter ?? defaultJitter;
  }

  /** Claims one batch of due jobs and runs it. */
  tick(): Promise<TickSummary> {
    return this.#exclusive(async () => (await this.#tick()).summary);
  }

  /** Ticks until nothing is due (start-up catch-up, the sandbox after moving its clock). */
  runDue(): Promise<TickSummary> {
    return this.#exclusive(async () => {
      const total = emptySummary();
      let lost = 0;
      const stops = this.#stops;
      while (this.#stops === stops) {
        const { summary, seen } = await this.#tick();
        addInto(total, summary);
        if (seen === 0) break;
        // Seen but not won: another worker took them; look again, it has moved on to others.
        lost = summary.claimed === 0 ? lost + 1 : 0;
        if (lost >= maxLostClaims) break;
      }
      return total;
    });
  }

  /** Wakes up on the cron expression and runs what fell due while down; resolves after that run. */
  start(cronExpression = '* * * * *'): Promise<TickSummary> {
    if (this.#task) throw new Error('the scheduler is already started');
    this.#task = cron.schedule(cronExpression, () => this.#wake('cron'), {
      noOverlap: true,
      name: `scheduler:${this.#deps.instanceId}`,
      // node-cron logs to the console by default; keep everything in the structured log.
      logger: {
        info: (message) => this.#log.debug({ source: 'node-cron' }, message),
        warn: (message) => this.#log.warn({ source: 'node-cron' }, message),
        error: (message) => this.#log.error({ source: 'node-cron', err: message }, 'node-cron error'),
        debug: (message) => this.#log.debug({ source: 'node-cron', err: message }, 'node-cron'),
      },
    });
    return this.#wake('start');
  }

  /** Stops waking up and waits for the tick in flight (its claimed jobs finish and are recorded). */
  async stop(): Promise<void> {
    this.#stops += 1;
    const task = this.#task;
    this.#task = undefined;
    await task?.destroy();
    await this.#queue;
  }

  /** A wake-up never throws: a database outage is logged and the next wake-up tries again. */
  async #wake(reason: 'start' | 'cron'): Promise<TickSummary> {
    try {
      const summary = await this.runDue();
      if (summary.claimed > 0) this.#log.info({ reason, ...summary }, 'scheduler ran due jobs');
      return summary;
    } catch (error) {
      this.#log.error({ err: error, errorId: newErrorId(), reason }, 'scheduler wake-up failed');
      return emptySummary();
    }
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #tick(): Promise<{ summary: TickSummary; seen: number }> {
    const { db, instanceId } = this.#deps;
    const claim = await claimDue(db, {
      instanceId,
      now: this.#deps.clock.now(),
      batchSize: this.#batchSize,
      lockMs: this.#lockMs,
    });
    const summary = emptySummary();
    summary.claimed = claim.rows.length;
    const markDone = coalescing((ids: string[]) => this.#markDone(ids, claim.token));
    // Jobs of one capsule run in due order (publish before its reminders after a downtime);
    // different capsules run side by side.
    await forEachBounded(groupBySubject(claim.rows), this.#concurrency, async (rows) => {
      for (const row of rows) {
        try {
          const result = (await this.#holdLock(row, claim.token))
            ? await this.#runOne(row, claim.token)
            : 'lost';
          if (result === 'lost') continue;
          // "Done" is written as soon as the job finishes, never at the end of the batch: a worker
          // taking the rest of a slow or crashed batch over must not run it again.
          if (result === 'done') await markDone(row.id);
          summary[result] += 1;
        } catch (error) {
          // Not expected (#runOne catches); the lock expires and the job runs again later.
          this.#log.error({ errorId: newErrorId(), jobId: row.id, err: error }, 'job run crashed');
        }
      }
    });
    return { summary, seen: claim.seen };
  }

  /**
   * The whole batch was locked once at claim time; a row reached late in a slow batch may be past
   * half its lock, or past all of it (another worker may have taken it over). Such a row gets a
   * fresh lock first, conditioned on our token: no match means it is no longer ours, skip it.
   */
  async #holdLock(row: JobRow, token: string): Promise<boolean> {
    const now = this.#deps.clock.now().getTime();
    const lockedUntil = row.lockedUntil?.getTime() ?? 0;
    if (lockedUntil - now >= this.#lockMs / 2) return true;
    const until = new Date(now + this.#lockMs);
    try {
      const { count } = await this.#deps.db.job.updateMany({
        where: { id: row.id, lockedBy: token },
        data: { lockedUntil: until },
      });
      if (count === 0) {
        this.#log.info({ jobId: row.id, kind: row.kind }, 'job taken over by another worker; not run here');
        return false;
      }
      row.lockedUntil = until;
      return true;
    } catch (error) {
      // Not sure it is still ours: leave it; the lock expires and a worker runs it then.
      this.#log.error({ errorId: newErrorId(), jobId: row.id, err: error }, 'could not extend a job lock');
      return false;
    }
  }

  /** Runs one job and records its outcome at once; "done" is left to the caller. Never throws. */
  async #runOne(row: JobRow, token: string): Promise<Result> {
    if (row.attempts > row.maxAttempts) {
      // Only a worker that died while running it gets here; running it again may kill the next one.
      return this.#fail(row, token, 'gave up: the worker running this job stopped before it finished');
    }
    const handler = this.#handlers.get(row.kind);
    if (!handler) return this.#fail(row, token, `no handler for job kind "${row.kind}"`);
    let job: JobRecord;
    try {
      job = toJobRecord(row, parsePayload(row.payload));
    } catch {
      return this.#fail(row, token, 'the job payload is not a valid JSON object');
    }
    try {
      const outcome = await handler.run(job);
      if (outcome.status === 'done') return 'done';
      if (outcome.status === 'deferred') return this.#defer(row, token, outcome.until, outcome.reason);
      await this.#record(row, token, {
        state: JobState.skipped,
        lastError: outcome.reason,
        finishedAt: this.#deps.clock.now(),
      });
      this.#log.info({ jobId: row.id, kind: row.kind, reason: outcome.reason }, 'job skipped');
      return 'skipped';
    } catch (error) {
      const message = errorMessage(error);
      if (row.attempts >= row.maxAttempts) return this.#fail(row, token, message, error);
      const delayMs = this.#backoff(row.attempts);
      const dueAt = new Date(this.#deps.clock.now().getTime() + delayMs);
      await this.#record(row, token, { state: JobState.pending, dueAt, lastError: message });
      this.#log.warn(
        { jobId: row.id, kind: row.kind, attempts: row.attempts, delayMs, err: error },
        'job failed, will retry',
      );
      return 'retried';
    }
  }

  /**
   * Back to pending until `until`, the attempt uncounted: the job could not run (its platform is
   * not running), it did not fail. Logged at info the first time, at debug while it keeps waiting.
   */
  async #defer(row: JobRow, token: string, until: Date, reason: string): Promise<Result> {
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
    this.#log[level]({ jobId: row.id, kind: row.kind, reason, dueAt }, 'job deferred');
    return 'deferred';
  }

  async #fail(row: JobRow, token: string, message: string, error?: unknown): Promise<Result> {
    const errorId = newErrorId();
    await this.#record(row, token, {
      state: JobState.failed,
      lastError: message,
      finishedAt: this.#deps.clock.now(),
    });
    this.#log.error(
      { errorId, jobId: row.id, kind: row.kind, attempts: row.attempts, err: error ?? message },
      'job failed for good',
    );
    if (this.#deps.onFailed) {
      try {
        await this.#deps.onFailed(toJobRecord(row), message);
      } catch (reportError) {
        this.#log.error({ errorId: newErrorId(), jobId: row.id, err: reportError }, 'failure report failed');
      }
    }
    return 'failed';
  }

  /** Exponential: base, 2×base, 4×base... capped. attempts counts the run that just failed. */
  #backoff(attempts: number): number {
    const exact = Math.min(this.#maxBackoffMs, this.#baseBackoffMs * 2 ** Math.max(0, attempts - 1));
    return Math.max(0, Math.round(this.#jitter(exact)));
  }

  /**
   * Conditioned on our token: if our lock expired and another worker took the job over, its
   * outcome is the one that counts. A failed write is logged; the lock then expires and the job
   * runs again, which handlers allow.
   */
  async #record(
    row: JobRow,
    token: string,
    data: {
      state: string;
      lastError: string;
      finishedAt?: Date;
      dueAt?: Date;
      attempts?: { decrement: number };
    },
  ): Promise<void> {
    try {
      const { count } = await this.#deps.db.job.updateMany({
        where: { id: row.id, lockedBy: token },
        data: { ...data, lastError: data.lastError.slice(0, 1000), lockedBy: null, lockedUntil: null },
      });
      if (count === 0) {
        // The run outlived its lock and another worker took the job over: its outcome counts.
        this.#log.warn(
          { jobId: row.id, kind: row.kind, state: data.state },
          'job outcome not recorded: another worker took the job over',
        );
      }
    } catch (error) {
      this.#log.error({ errorId: newErrorId(), jobId: row.id, err: error }, 'could not record a job outcome');
    }
  }

  /** "Done" for jobs that just finished (coalesced by the caller), conditioned on our token. */
  async #markDone(ids: string[], token: string): Promise<void> {
    try {
      const { count } = await this.#deps.db.job.updateMany({
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
        this.#log.warn(
          { jobIds: ids, recorded: count },
          'job done not recorded: another worker took the job over',
        );
      }
    } catch (error) {
      this.#log.error({ errorId: newErrorId(), jobIds: ids, err: error }, 'could not mark jobs done');
    }
  }
}

/** Rows grouped by the capsule (or class) they concern, each group in due order. */
function groupBySubject(rows: JobRow[]): JobRow[][] {
  const groups = new Map<string, JobRow[]>();
  for (const row of rows) {
    const key = row.capsuleId ?? row.classId ?? row.id;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}
