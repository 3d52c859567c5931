// Writing side of the durable jobs: services enqueue, cancel and reschedule rows; the Scheduler
// runs them. Every method is safe to repeat (idempotency keys), so services can re-sync freely.
import type { Clock } from '../core/clock.ts';
import type { Db, Prisma } from '../db/client.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { type JobRow, JobState, toJobRecord } from './job-record.ts';
import type { JobRecord, JobSpec } from './types.ts';

/** Which jobs a cancel or an inspection is about; absent fields do not filter. */
export interface JobFilter {
  capsuleId?: string;
  classId?: string;
  kinds?: string[];
  keys?: string[];
}

/** A job that failed for good, with why and when. */
export interface FailedJob extends JobRecord {
  lastError: string | null;
  finishedAt: Date | null;
}

/**
 * Enqueues, cancels and reschedules durable jobs.
 *
 * Enqueue semantics by the state of the row holding the key:
 * - none: a pending row is created;
 * - pending (also a retry waiting for its back-off): due time, payload and targets are updated;
 * - cancelled: revived as a fresh pending job (cancelling then re-enqueuing means "again after all");
 * - running, done, skipped, failed: left as they are, so a re-sync never repeats work that ran or
 *   gave up (a teacher would be told twice about the same failure).
 */
export class JobQueue {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  async enqueue(spec: JobSpec): Promise<void> {
    check(spec);
    const existing = await this.#db.job.findUnique({
      where: { idempotencyKey: spec.key },
      select: { state: true },
    });
    if (existing) {
      await this.#updateExisting(spec, existing.state);
      return;
    }
    try {
      await this.#db.job.create({ data: createData(spec) });
    } catch (error) {
      // Another process created the same key in between: treat the row as existing.
      if (!isUniqueViolation(error)) throw error;
      await this.#updateExisting(spec, JobState.pending);
    }
  }

  /** Enqueues several jobs; the last spec wins when a key repeats. */
  async enqueueMany(specs: JobSpec[]): Promise<void> {
    const byKey = new Map<string, JobSpec>();
    for (const spec of specs) {
      check(spec);
      byKey.set(spec.key, spec);
    }
    if (byKey.size === 0) return;
    const rows = await this.#db.job.findMany({
      where: { idempotencyKey: { in: [...byKey.keys()] } },
      select: { idempotencyKey: true, state: true },
    });
    const states = new Map(rows.map((r) => [r.idempotencyKey, r.state]));
    const fresh = [...byKey.values()].filter((s) => !states.has(s.key));
    for (const [key, state] of states) await this.#updateExisting(byKey.get(key)!, state);
    if (fresh.length === 0) return;
    try {
      await this.#db.job.createMany({ data: fresh.map(createData) });
    } catch (error) {
      // A concurrent enqueue took some keys: fall back to one at a time, which handles that.
      if (!isUniqueViolation(error)) throw error;
      for (const spec of fresh) await this.enqueue(spec);
    }
  }

  /** Cancels pending jobs (running ones finish). Returns how many were cancelled. */
  async cancel(where: JobFilter, reason: string): Promise<number> {
    if (!where.capsuleId && !where.classId && !where.kinds && !where.keys) {
      throw new Error('cancel needs a capsuleId, a classId or kinds: refusing to cancel every job');
    }
    const result = await this.#db.job.updateMany({
      where: { ...filterWhere(where), state: JobState.pending },
      data: { state: JobState.cancelled, lastError: reason, finishedAt: this.#clock.now() },
    });
    return result.count;
  }

  /** Moves a pending job; returns false when no pending job has that key. */
  async reschedule(key: string, dueAt: Date): Promise<boolean> {
    checkDate(dueAt);
    const result = await this.#db.job.updateMany({
      where: { idempotencyKey: key, state: JobState.pending },
      data: { dueAt },
    });
    return result.count > 0;
  }

  /** Pending jobs, soonest first (inspection, dashboards, tests). */
  async pending(where: JobFilter = {}): Promise<JobRecord[]> {
    const rows = await this.#db.job.findMany({
      where: { ...filterWhere(where), state: JobState.pending },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((row) => toJobRecord(row));
  }

  /** The class's jobs that failed for good, most recent first. */
  async recentFailures(classId: string, limit = 20): Promise<FailedJob[]> {
    const rows: JobRow[] = await this.#db.job.findMany({
      where: { classId, state: JobState.failed },
      orderBy: [{ finishedAt: 'desc' }, { id: 'asc' }],
      take: limit,
    });
    return rows.map((row) => ({ ...toJobRecord(row), lastError: row.lastError, finishedAt: row.finishedAt }));
  }

  /** Deletes finished jobs (done, skipped, cancelled, failed) older than `before` (retention). */
  async purge(before: Date): Promise<number> {
    const result = await this.#db.job.deleteMany({
      where: {
        state: { in: [JobState.done, JobState.skipped, JobState.cancelled, JobState.failed] },
        finishedAt: { lt: before },
      },
    });
    return result.count;
  }

  async #updateExisting(spec: JobSpec, state: string): Promise<void> {
    if (state === JobState.pending) {
      // The state condition makes this a no-op if a worker claimed the row since we looked.
      await this.#db.job.updateMany({
        where: { idempotencyKey: spec.key, state: JobState.pending },
        data: targetData(spec),
      });
    } else if (state === JobState.cancelled) {
      await this.#db.job.updateMany({
        where: { idempotencyKey: spec.key, state: JobState.cancelled },
        data: {
          ...targetData(spec),
          state: JobState.pending,
          attempts: 0,
          lastError: null,
          finishedAt: null,
          lockedBy: null,
          lockedUntil: null,
        },
      });
    }
  }
}

function check(spec: JobSpec): void {
  if (!spec.key) throw new Error('a job needs an idempotency key');
  if (!spec.kind) throw new Error('a job needs a kind');
  checkDate(spec.dueAt);
}

function checkDate(date: Date): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime()))
    throw new Error('a job needs a valid due date');
}

function targetData(spec: JobSpec) {
  return {
    kind: spec.kind,
    dueAt: spec.dueAt,
    payload: JSON.stringify(spec.payload ?? {}),
    classId: spec.classId ?? null,
    capsuleId: spec.capsuleId ?? null,
    ...(spec.maxAttempts === undefined ? {} : { maxAttempts: spec.maxAttempts }),
  };
}

function createData(spec: JobSpec): Prisma.JobCreateManyInput {
  return { ...targetData(spec), idempotencyKey: spec.key, state: JobState.pending };
}

function filterWhere(where: JobFilter): Prisma.JobWhereInput {
  return {
    ...(where.capsuleId === undefined ? {} : { capsuleId: where.capsuleId }),
    ...(where.classId === undefined ? {} : { classId: where.classId }),
    ...(where.kinds === undefined ? {} : { kind: { in: where.kinds } }),
    ...(where.keys === undefined ? {} : { idempotencyKey: { in: where.keys } }),
  };
}
