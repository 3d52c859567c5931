// Runs due jobs. The Job table is the truth: node-cron only wakes this up, a claim is a conditional
// update only one worker can win (claim.ts), and jobs that fell due while the bot was down run at
// start. See docs/decisions/0003-durable-jobs.md. This file is the loop: wake-ups, ticks, claims and
// running each job; lock.ts keeps a slow batch's rows locked, outcomes.ts writes down how each ended.
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Metrics } from '../core/metrics.ts';
import { logUnexpected } from '../core/unexpected.ts';
import type { Db } from '../db/client.ts';
import {
  addInto,
  coalescing,
  emptySummary,
  forEachBounded,
  groupBySubject,
  type TickSummary,
} from './batch.ts';
import { claimDue } from './claim.ts';
import { type JobRow, parsePayload, toJobRecord } from './job-record.ts';
import { holdLock, type LockDeps, startHeartbeat } from './lock.ts';
import { defaultJitter, type JobResult, OutcomeRecorder } from './outcomes.ts';
import { releaseRunning, releaseUnstarted } from './release.ts';
import { abandonedBefore, nextTakeoverIn, type TakeoverWindow } from './takeover.ts';
import type { FailureReporter, JobHandler, JobRecord } from './types.ts';

// Callers (wiring, tests, bench) import these from here, the scheduler's front door.
export type { TickSummary } from './batch.ts';
export { defaultJitter, noJitter } from './outcomes.ts';

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
  /**
   * The lease: how long a claim holds without renewal before another worker may take the job over
   * (default 20 s). It is renewed every `heartbeatMs` while the batch runs.
   */
  lockMs?: number;
  /** How often running jobs renew their lease (default a quarter of it; Infinity: never). */
  heartbeatMs?: number;
  /** First retry delay, doubled per attempt (default 30 s). */
  baseBackoffMs?: number;
  /** Longest retry delay (default 1 h). */
  maxBackoffMs?: number;
  /** Jobs of a batch run at the same time (default 8). */
  concurrency?: number;
  /** Spreads retries of jobs that failed together; pass noJitter for exact delays. */
  jitter?: (delayMs: number) => number;
  /** Told how each job run ended and how long it took. */
  metrics?: Metrics;
}

/** Consecutive ticks that saw due jobs but won none before runDue lets the other workers be. */
const maxLostClaims = 20;

/** Claims and runs due jobs, records their outcome, retries with back-off, reports failures. */
export class Scheduler {
  readonly #deps: SchedulerDeps;
  readonly #log: Logger;
  readonly #handlers: Map<string, JobHandler>;
  readonly #batchSize: number;
  readonly #concurrency: number;
  readonly #lock: LockDeps;
  readonly #heartbeatMs: number;
  readonly #outcomes: OutcomeRecorder;
  #task: ScheduledTask | undefined;
  /** Bumped by stop(): a runDue loop in flight ends after its current tick. */
  #stops = 0;
  /** Ticks of this instance run one after another: a job is never run twice in one process. */
  #queue: Promise<unknown> = Promise.resolve();
  /** Set by stop(): no new claim, and claimed jobs not started yet are given back. */
  #stopping = false;
  /** Claim tokens of the ticks in flight, to release their rows when a stop runs out of time. */
  readonly #claims = new Set<string>();
  /** Set by start(): for one lease, leases whose heartbeat stopped are taken over early. */
  #window: TakeoverWindow | undefined;
  #takeoverTimer: NodeJS.Timeout | undefined;

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
    this.#log = deps.logger.child({ component: 'scheduler', instanceId: deps.instanceId });
    this.#handlers = new Map();
    for (const handler of deps.handlers) {
      if (this.#handlers.has(handler.kind)) throw new Error(`two handlers for job kind "${handler.kind}"`);
      this.#handlers.set(handler.kind, handler);
    }
    this.#batchSize = deps.batchSize ?? 200;
    this.#concurrency = Math.max(1, deps.concurrency ?? 8);
    const { db, clock } = deps;
    this.#lock = { db, clock, log: this.#log, lockMs: deps.lockMs ?? 20_000 };
    this.#heartbeatMs = deps.heartbeatMs ?? this.#lock.lockMs / 4;
    this.#outcomes = new OutcomeRecorder({
      db,
      clock,
      log: this.#log,
      onFailed: deps.onFailed,
      baseBackoffMs: deps.baseBackoffMs ?? 30_000,
      maxBackoffMs: deps.maxBackoffMs ?? 60 * 60_000,
      jitter: deps.jitter ?? defaultJitter,
    });
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
    this.#stopping = false;
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
    const { lockMs } = this.#lock;
    this.#window = { startedAt: this.#deps.clock.now().getTime(), lockMs, heartbeatMs: this.#heartbeatMs };
    return this.#wake('start');
  }

  /**
   * Stops claiming jobs and waits for the ones running to finish and be recorded; claimed jobs not
   * started yet go back to pending. After `graceMs` (default: no limit) the jobs still running are
   * given back too, so no row stays locked by a process that is about to exit.
   */
  async stop(graceMs = Number.POSITIVE_INFINITY): Promise<void> {
    this.#stops += 1;
    this.#stopping = true;
    const task = this.#task;
    this.#task = undefined;
    clearTimeout(this.#takeoverTimer);
    await task?.destroy();
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = Number.isFinite(graceMs)
      ? new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), graceMs);
        })
      : new Promise<never>(() => {});
    const ended = await Promise.race([this.#queue.then(() => 'finished' as const), outOfTime]);
    clearTimeout(timer);
    if (ended === 'late') {
      const released = await releaseRunning(this.#deps.db, [...this.#claims]).catch((error: unknown) => {
        logUnexpected(this.#log, error, 'could not release running jobs');
        return 0;
      });
      this.#log.warn({ released, graceMs }, 'jobs still running at shutdown were given back');
    }
  }

  /** A wake-up never throws: a database outage is logged and the next wake-up tries again. */
  async #wake(reason: 'start' | 'cron' | 'takeover'): Promise<TickSummary> {
    try {
      const summary = await this.runDue();
      if (summary.claimed > 0) this.#log.info({ reason, ...summary }, 'scheduler ran due jobs');
      await this.#planTakeover();
      return summary;
    } catch (error) {
      logUnexpected(this.#log, error, 'scheduler wake-up failed', { reason });
      return emptySummary();
    }
  }

  /** In the start window, wakes up when the next lease of a stopped heartbeat may be taken over. */
  async #planTakeover(): Promise<void> {
    const window = this.#window;
    const now = this.#deps.clock.now();
    if (!window || !this.#task || this.#takeoverTimer || now.getTime() - window.startedAt >= window.lockMs)
      return;
    const inMs = await nextTakeoverIn(this.#deps.db, window, now);
    if (inMs === null || !this.#task) return;
    this.#takeoverTimer = setTimeout(() => {
      this.#takeoverTimer = undefined;
      void this.#wake('takeover');
    }, inMs);
    this.#takeoverTimer.unref();
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #tick(): Promise<{ summary: TickSummary; seen: number }> {
    const { db, instanceId } = this.#deps;
    if (this.#stopping) return { summary: emptySummary(), seen: 0 };
    const now = this.#deps.clock.now();
    const claim = await claimDue(db, {
      instanceId,
      now,
      abandonedBefore: abandonedBefore(this.#window, now),
      batchSize: this.#batchSize,
      lockMs: this.#lock.lockMs,
    });
    const summary = emptySummary();
    summary.claimed = claim.rows.length;
    if (claim.rows.length === 0) return { summary, seen: claim.seen };
    this.#claims.add(claim.token);
    const stopBeating = startHeartbeat(this.#lock, claim.token, this.#heartbeatMs);
    const unstarted: string[] = [];
    const markDone = coalescing((ids: string[]) => this.#outcomes.markDone(ids, claim.token));
    // Jobs of one capsule run in due order (publish before its reminders after a downtime);
    // different capsules run side by side.
    await forEachBounded(groupBySubject(claim.rows), this.#concurrency, async (rows) => {
      for (const row of rows) {
        if (this.#stopping) {
          unstarted.push(row.id);
          continue;
        }
        try {
          const started = performance.now();
          const result = (await holdLock(this.#lock, row, claim.token))
            ? await this.#runOne(row, claim.token)
            : 'lost';
          if (result === 'lost') continue;
          this.#deps.metrics?.jobRun(row.kind, result, (performance.now() - started) / 1000);
          // "Done" is written as soon as the job finishes, never at the end of the batch: a worker
          // taking the rest of a slow or crashed batch over must not run it again.
          if (result === 'done') await markDone(row.id);
          summary[result] += 1;
        } catch (error) {
          // Not expected (#runOne catches); the lock expires and the job runs again later.
          logUnexpected(this.#log, error, 'job run crashed', { jobId: row.id });
        }
      }
    });
    stopBeating();
    await this.#giveBack(claim.token, unstarted);
    this.#claims.delete(claim.token);
    return { summary, seen: claim.seen };
  }

  /** Claimed rows a stop kept from starting: pending again, for whoever runs next. */
  async #giveBack(token: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      const released = await releaseUnstarted(this.#deps.db, token, ids);
      this.#log.info({ released }, 'claimed jobs given back at shutdown');
    } catch (error) {
      // Their lock expires and a worker runs them then.
      logUnexpected(this.#log, error, 'could not give claimed jobs back');
    }
  }

  /** Runs one job and records its outcome at once; "done" is left to the caller. Never throws. */
  async #runOne(row: JobRow, token: string): Promise<JobResult> {
    const outcomes = this.#outcomes;
    if (row.attempts > row.maxAttempts) {
      // Only a worker that died while running it gets here; running it again may kill the next one.
      return outcomes.failed(row, token, 'gave up: the worker running this job stopped before it finished');
    }
    const handler = this.#handlers.get(row.kind);
    if (!handler) return outcomes.failed(row, token, `no handler for job kind "${row.kind}"`);
    let job: JobRecord;
    try {
      job = toJobRecord(row, parsePayload(row.payload));
    } catch {
      return outcomes.failed(row, token, 'the job payload is not a valid JSON object');
    }
    try {
      const outcome = await handler.run(job);
      if (outcome.status === 'done') return 'done';
      if (outcome.status === 'deferred') return outcomes.deferred(row, token, outcome.until, outcome.reason);
      // Awaited so the catch below also covers recording the skip.
      return await outcomes.skipped(row, token, outcome.reason);
    } catch (error) {
      return outcomes.retryOrFail(row, token, error);
    }
  }
}
