// Stopping the scheduler as SIGTERM does, on each real database: no new claim, the job running
// finishes (within a bounded wait), claimed jobs not started go back to pending, and no row is left
// locked by the process that is leaving, so another bot (or the restarted one) runs them at once.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { postgresAvailable, providers } from '../support/db.ts';
import { handler, minute, t0, useSchedulerFixture } from '../support/scheduler-fixture.ts';

/** A promise and its resolver, to hold a handler until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Rows some worker still holds: what a shutdown must never leave behind. */
const locked = (db: Db) =>
  db.job.count({ where: { OR: [{ lockedBy: { not: null } }, { state: 'running' }] } });

const pgOk = await postgresAvailable();

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`scheduler shutdown on ${provider.name}`, () => {
    const f = useSchedulerFixture(provider);

    /** A slow job first in line, then two quick ones, all due; one job runs at a time. */
    async function slowThenQuick() {
      const { queue } = f;
      const started = gate();
      const release = gate();
      const slow = handler('slow', async () => {
        started.open();
        await release.promise;
        return { status: 'done' };
      });
      const quick = handler('quick');
      await queue.enqueue({ kind: 'slow', key: 'slow', dueAt: new Date(t0.getTime() - 3 * minute) });
      await queue.enqueue({ kind: 'quick', key: 'q1', dueAt: new Date(t0.getTime() - 2 * minute) });
      await queue.enqueue({ kind: 'quick', key: 'q2', dueAt: new Date(t0.getTime() - minute) });
      const scheduler = f.scheduler([slow.handler, quick.handler], { concurrency: 1 });
      // A yearly expression: only the start-up run happens during the test.
      const run = scheduler.start('0 0 1 1 *');
      await started.promise;
      return { scheduler, run, release, slow, quick };
    }

    it('lets the running job finish, gives back the claimed ones, and leaves no row locked', async () => {
      const { db, row } = f;
      const { scheduler, run, release, quick } = await slowThenQuick();
      expect((await row('q1')).state).toBe('running'); // claimed in the same batch as the slow one
      const stopped = scheduler.stop(10_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      release.open();
      await stopped;
      expect(await run).toMatchObject({ claimed: 3, done: 1 });
      expect(quick.runs).toEqual([]);
      expect(await row('slow')).toMatchObject({ state: 'done', lockedBy: null, lockedUntil: null });
      for (const key of ['q1', 'q2']) {
        // Back as they were before the claim: pending, unlocked, the attempt not counted.
        expect(await row(key)).toMatchObject({ state: 'pending', lockedBy: null, attempts: 0 });
      }
      expect(await locked(db)).toBe(0);

      // The next bot runs them at once, without waiting for any lock to expire.
      const next = f.scheduler([handler('slow').handler, quick.handler]);
      expect(await next.runDue()).toMatchObject({ claimed: 2, done: 2 });
      expect(quick.runs.map((j) => j.idempotencyKey)).toEqual(['q1', 'q2']);
    });

    it('gives back a job still running when the wait runs out, its attempt counted', async () => {
      const { db, row } = f;
      const { scheduler, run, release } = await slowThenQuick();
      await scheduler.stop(100);
      expect(await row('slow')).toMatchObject({ state: 'pending', lockedBy: null, attempts: 1 });
      expect(await locked(db)).toBe(0);
      // The late job ends after all: its outcome is not written over the released row.
      release.open();
      await run;
      expect(await row('slow')).toMatchObject({ state: 'pending', lockedBy: null });
      expect(await locked(db)).toBe(0);
    });

    it('claims nothing once stopped', async () => {
      const { queue, row } = f;
      const quick = handler('quick');
      const scheduler = f.scheduler([quick.handler]);
      await scheduler.stop();
      await queue.enqueue({ kind: 'quick', key: 'late', dueAt: new Date(t0.getTime() - minute) });
      expect(await scheduler.runDue()).toMatchObject({ claimed: 0 });
      expect((await row('late')).state).toBe('pending');
    });
  });
}
