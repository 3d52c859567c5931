// Shared set-up of the scheduler suites (scheduler*.test.ts): a fresh database per test with one
// class in it, a manual clock, the job queue, and small helpers to build schedulers and handlers.
import { afterEach, beforeEach } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { type Logger, silentLogger } from '../../src/core/logger.ts';
import type { Db } from '../../src/db/client.ts';
import type { Job } from '../../src/db/models.ts';
import { JobQueue } from '../../src/scheduler/queue.ts';
import { noJitter, Scheduler, type SchedulerDeps } from '../../src/scheduler/scheduler.ts';
import type { JobHandler, JobOutcome, JobRecord } from '../../src/scheduler/types.ts';
import type { providers, TestDb } from './db.ts';

export const t0 = new Date('2030-03-04T08:00:00Z');
export const minute = 60_000;
export const hour = 60 * minute;

/** One call of a recordingLogger. */
export interface LogEntry {
  level: string;
  obj: object;
  msg?: string;
}

/** Logs kept in memory so tests can look at what was logged. */
export function recordingLogger(entries: LogEntry[]): Logger {
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      entries.push({ level, obj, msg });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

/** A handler whose behaviour each test sets, recording what it ran. */
export function handler(
  kind: string,
  run: (job: JobRecord) => Promise<JobOutcome> = async () => ({ status: 'done' }),
) {
  const runs: JobRecord[] = [];
  const h: JobHandler = {
    kind,
    async run(job) {
      runs.push(job);
      return run(job);
    },
  };
  return { handler: h, runs };
}

/**
 * What each test of a scheduler suite gets, fresh per test. Read it inside the test (destructure
 * at its top), not when the suite is declared: between tests there is nothing to read.
 */
export interface SchedulerFixture {
  db: Db;
  clock: ManualClock;
  queue: JobQueue;
  /** A sandbox class created for the test, for jobs that name one. */
  classId: string;
  /** A scheduler on this database with silent logs and exact back-off (noJitter). */
  scheduler(handlers: JobHandler[], extra?: Partial<SchedulerDeps>): Scheduler;
  /** The job row with this idempotency key (throws when there is none). */
  row(key: string): Promise<Job>;
}

/** Registers the per-test set-up and tear-down on the current describe and returns its fixture. */
export function useSchedulerFixture(provider: (typeof providers)[number]): SchedulerFixture {
  let tdb: TestDb | undefined;
  let current: { db: Db; clock: ManualClock; queue: JobQueue; classId: string } | undefined;
  // Getters rather than plain fields: the suite holds one fixture object, each test gets its own set.
  const now = () => {
    if (!current) throw new Error('the scheduler fixture is only available inside a test');
    return current;
  };

  beforeEach(async () => {
    tdb = await provider.open();
    const db = tdb.db;
    const clock = new ManualClock(t0);
    const queue = new JobQueue(db, clock);
    const created = await db.class.create({
      data: { platform: 'sandbox', workspaceId: 'w', channelId: 'c', name: '2nde B' },
    });
    current = { db, clock, queue, classId: created.id };
  });

  afterEach(async () => {
    current = undefined;
    await tdb?.close();
    tdb = undefined;
  });

  return {
    get db() {
      return now().db;
    },
    get clock() {
      return now().clock;
    },
    get queue() {
      return now().queue;
    },
    get classId() {
      return now().classId;
    },
    scheduler(handlers, extra = {}) {
      const { db, clock } = now();
      return new Scheduler({
        db,
        clock,
        logger: silentLogger,
        instanceId: 'test',
        handlers,
        jitter: noJitter,
        ...extra,
      });
    },
    row: (key) => now().db.job.findUniqueOrThrow({ where: { idempotencyKey: key } }),
  };
}
