// Scheduler throughput: `count` due jobs dispatched to a no-op handler by one Scheduler, on a fresh
// database. Target: 10,000 jobs in under 20 s on SQLite. Run: npx tsx bench/jobs-bench.ts
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { ManualClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { createDb, type Db } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { noJitter, Scheduler } from '../src/scheduler/scheduler.ts';

const pgUrl = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** A throughput figure. */
export interface JobsBenchResult {
  seconds: number;
  perSecond: number;
}

export async function benchJobs(provider: 'sqlite' | 'postgres', count = 10_000): Promise<JobsBenchResult> {
  const target = await freshDatabase(provider);
  try {
    const dueAt = new Date('2030-01-01T00:00:00Z');
    for (let i = 0; i < count; i += 1000) {
      await target.db.job.createMany({
        data: Array.from({ length: Math.min(1000, count - i) }, (_, j) => ({
          kind: 'bench.noop',
          idempotencyKey: `bench-${i + j}`,
          dueAt,
          payload: '{"n":1}',
        })),
      });
    }
    const scheduler = new Scheduler({
      db: target.db,
      clock: new ManualClock(new Date(dueAt.getTime() + 60_000)),
      logger: silentLogger,
      instanceId: 'bench',
      handlers: [{ kind: 'bench.noop', run: async () => ({ status: 'done' }) }],
      jitter: noJitter,
    });
    const started = performance.now();
    const summary = await scheduler.runDue();
    const seconds = (performance.now() - started) / 1000;
    const done = await target.db.job.count({ where: { state: 'done' } });
    if (summary.done !== count || done !== count) {
      throw new Error(`expected ${count} jobs done, the run reported ${summary.done} and the table ${done}`);
    }
    return { seconds, perSecond: count / seconds };
  } finally {
    await target.dispose();
  }
}

/** A fresh, migrated database for a benchmark, and how to dispose of it. */
export async function freshDatabase(
  provider: 'sqlite' | 'postgres',
): Promise<{ db: Db; dispose(): Promise<void> }> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'inverso-bench-'));
    const url = `file:${path.join(dir, 'bench.db')}`;
    await migrate(url);
    const db = createDb(url);
    return {
      db,
      async dispose() {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const pgSchema = `bench_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await migrate(pgUrl, { pgSchema });
  const db = createDb(pgUrl, { pgSchema });
  return {
    db,
    async dispose() {
      await db.$disconnect();
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const count = Number(process.env.BENCH_JOBS ?? 10_000);
  for (const provider of ['sqlite', 'postgres'] as const) {
    try {
      const { seconds, perSecond } = await benchJobs(provider, count);
      console.log(
        `jobs ${provider}: ${count} due jobs dispatched in ${seconds.toFixed(2)} s (${Math.round(perSecond)}/s)`,
      );
    } catch (error) {
      console.log(
        `jobs ${provider}: not measured (${error instanceof Error ? error.message : String(error)})`,
      );
      if (provider === 'sqlite') process.exitCode = 1;
    }
  }
}
