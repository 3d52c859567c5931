// Two bot processes sharing one PostgreSQL database must never run a job twice: two schedulers,
// each with its own client (its own connection pool), race over the same due jobs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createDb, type Db } from '../../src/db/client.ts';
import { noJitter, Scheduler } from '../../src/scheduler/scheduler.ts';
import type { JobHandler } from '../../src/scheduler/types.ts';
import { pgUrl, postgresAvailable, postgresTestDb, type TestDb } from '../support/db.ts';

const count = 1000;
const t0 = new Date('2030-03-04T08:00:00Z');

describe.skipIf(!(await postgresAvailable()))('two schedulers on one PostgreSQL schema', () => {
  let tdb: TestDb;
  let second: Db;

  beforeAll(async () => {
    tdb = await postgresTestDb();
    second = createDb(pgUrl, { pgSchema: tdb.pgSchema });
  });

  afterAll(async () => {
    await second?.$disconnect();
    await tdb?.close();
  });

  it('runs every job exactly once', async () => {
    await tdb.db.job.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        kind: 'noop',
        idempotencyKey: `job-${i}`,
        dueAt: new Date(t0.getTime() - 1000 * (i % 50)),
      })),
    });
    const runs: { instance: string; key: string }[] = [];
    const started = { a: false, b: false };
    const wake: Record<'a' | 'b', () => void> = { a: () => {}, b: () => {} };
    const otherStarted = {
      a: new Promise<void>((r) => (wake.b = r)),
      b: new Promise<void>((r) => (wake.a = r)),
    };

    const instance = (name: 'a' | 'b', db: Db): Scheduler => {
      const handler: JobHandler = {
        kind: 'noop',
        async run(job) {
          runs.push({ instance: name, key: job.idempotencyKey });
          if (!started[name]) {
            started[name] = true;
            wake[name]();
            // Hold this instance's first batch until the other one has claimed jobs too, so both
            // claim while the other holds locks, whatever the start-up timing.
            await otherStarted[name];
          }
          return { status: 'done' };
        },
      };
      return new Scheduler({
        db,
        clock: new ManualClock(t0),
        logger: silentLogger,
        instanceId: name,
        handlers: [handler],
        batchSize: 50,
        jitter: noJitter,
      });
    };

    const [a, b] = await Promise.all([instance('a', tdb.db).runDue(), instance('b', second).runDue()]);

    const keys = runs.map((r) => r.key);
    expect(keys).toHaveLength(count);
    expect(new Set(keys).size).toBe(count);
    expect(a.done + b.done).toBe(count);
    expect(a.claimed).toBeGreaterThan(0);
    expect(b.claimed).toBeGreaterThan(0);
    const states = await tdb.db.job.groupBy({ by: ['state', 'attempts'], _count: { _all: true } });
    expect(states.map((s) => ({ state: s.state, attempts: s.attempts, n: s._count._all }))).toEqual([
      { state: 'done', attempts: 1, n: count },
    ]);
  });
});
