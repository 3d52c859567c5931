// Job locks on real databases (each provider): a worker that died lets its lock expire and another
// takes the job over; a batch slower than its lock renews it so each job still runs exactly once.
import { describe, expect, it } from 'vitest';
import type { JobHandler } from '../../src/scheduler/types.ts';
import { postgresAvailable, providers } from '../support/db.ts';
import { handler, hour, minute, t0, useSchedulerFixture } from '../support/scheduler-fixture.ts';

/** A promise and its resolver, to hold a handler until the test lets it go. */
function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const pgOk = await postgresAvailable();

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`scheduler locks on ${provider.name}`, () => {
    const f = useSchedulerFixture(provider);

    it('takes over a job whose worker died (expired lock), not one still locked', async () => {
      const { db, scheduler, row } = f;
      const ok = handler('reminder');
      const base = { kind: 'reminder', dueAt: new Date(t0.getTime() - hour), state: 'running', attempts: 1 };
      await db.job.createMany({
        data: [
          { ...base, idempotencyKey: 'dead', lockedBy: 'crashed', lockedUntil: new Date(t0.getTime() - 1) },
          {
            ...base,
            idempotencyKey: 'alive',
            lockedBy: 'other',
            lockedUntil: new Date(t0.getTime() + minute),
          },
          {
            ...base,
            idempotencyKey: 'crashloop',
            attempts: 5,
            lockedBy: 'crashed',
            lockedUntil: new Date(t0.getTime() - 1),
          },
        ],
      });
      const summary = await scheduler([ok.handler]).runDue();
      expect(summary).toMatchObject({ claimed: 2, done: 1, failed: 1 });
      expect(await row('dead')).toMatchObject({ state: 'done', attempts: 2, lockedBy: null });
      expect(await row('alive')).toMatchObject({ state: 'running', lockedBy: 'other', attempts: 1 });
      // It had already used all its attempts: running it again could kill the next worker too.
      expect(await row('crashloop')).toMatchObject({ state: 'failed', attempts: 6 });
      expect(ok.runs.map((j) => j.idempotencyKey)).toEqual(['dead']);
    });

    it('runs each job of a batch slower than its lock exactly once across two workers', async () => {
      const { db, clock, queue, classId, scheduler, row } = f;
      const lockMs = 1000;
      const keys = ['j0', 'j1', 'j2', 'j3'];
      await queue.enqueueMany(
        keys.map((key, i) => ({
          kind: 'post',
          key,
          dueAt: new Date(t0.getTime() - (keys.length - i) * minute),
          capsuleId: 'cap',
          classId,
        })),
      );
      const runs: string[] = [];
      // Worker a holds each job until the test lets it go; worker b is quick.
      let started = gate<string>();
      let release = gate();
      const slow: JobHandler = {
        kind: 'post',
        async run(job) {
          runs.push(`a:${job.idempotencyKey}`);
          const held = release.promise;
          started.open(job.idempotencyKey);
          await held;
          return { status: 'done' };
        },
      };
      const quick = handler('post', async () => ({ status: 'done' }));
      const a = scheduler([slow], { instanceId: 'a', lockMs, concurrency: 1 });
      const b = scheduler([quick.handler], { instanceId: 'b', lockMs, concurrency: 1 });
      const next = async (): Promise<string> => {
        const key = await started.promise;
        started = gate<string>();
        return key;
      };
      const letGo = (): void => {
        const held = release;
        release = gate();
        held.open();
      };

      const aTick = a.tick();
      expect(await next()).toBe('j0');
      clock.advance(600); // past half the lock: a renews the lock of j1 before running it
      expect((await b.tick()).claimed).toBe(0);
      letGo();
      expect(await next()).toBe('j1');
      expect((await row('j0')).state).toBe('done'); // recorded at once, not after the batch
      clock.advance(600); // the batch lock (j2, j3) has expired; j1's renewed lock has not
      const bSummary = await b.tick();
      expect(bSummary).toMatchObject({ claimed: 2, done: 2 });
      letGo();
      const aSummary = await aTick;
      expect(aSummary).toMatchObject({ claimed: 4, done: 2 });

      expect(runs.concat(quick.runs.map((j) => `b:${j.idempotencyKey}`))).toEqual([
        'a:j0',
        'a:j1',
        'b:j2',
        'b:j3',
      ]);
      const rows = await db.job.findMany({ orderBy: { idempotencyKey: 'asc' } });
      expect(rows.map((r) => [r.idempotencyKey, r.state, r.lockedBy])).toEqual(
        keys.map((key) => [key, 'done', null]),
      );
      clock.advance(hour);
      expect((await a.runDue()).claimed + (await b.runDue()).claimed).toBe(0);
    });
  });
}
