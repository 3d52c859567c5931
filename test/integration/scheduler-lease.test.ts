// Leases on real databases (each provider), issue 12: a job whose process died is taken over once
// its short lease runs out, not before and not minutes later; a job that runs longer than the
// lease keeps it by its heartbeat, so nobody else runs it meanwhile.
import { describe, expect, it } from 'vitest';
import { claimDue } from '../../src/scheduler/claim.ts';
import { postgresAvailable, providers } from '../support/db.ts';
import { handler, minute, useSchedulerFixture } from '../support/scheduler-fixture.ts';

const pgOk = await postgresAvailable();
const lease = 20_000;

/** Real time, for the heartbeat's timer (the lease itself is measured on the manual clock). */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`job leases on ${provider.name}`, () => {
    const f = useSchedulerFixture(provider);

    it('takes a dead worker’s job over when its lease runs out, not before', async () => {
      const { db, clock, queue, scheduler, row } = f;
      await queue.enqueue({ kind: 'post', dueAt: clock.now(), key: 'p1' });
      // The dead process: it claimed the job, then stopped beating (kill -9).
      const dead = await claimDue(db, { instanceId: 'dead', now: clock.now(), batchSize: 10, lockMs: lease });
      expect(dead.rows).toHaveLength(1);
      const ok = handler('post');
      const survivor = scheduler([ok.handler], { instanceId: 'survivor', lockMs: lease });

      clock.advance(lease - 1000);
      expect((await survivor.runDue()).claimed).toBe(0);
      expect(await row('p1')).toMatchObject({ state: 'running' });

      clock.advance(1001);
      expect(await survivor.runDue()).toMatchObject({ claimed: 1, done: 1 });
      expect(await row('p1')).toMatchObject({ state: 'done', attempts: 2, lockedBy: null });
      expect(ok.runs).toHaveLength(1);
    });

    it('renews the lease of a job that runs longer than it, so no one else runs it', async () => {
      const { clock, queue, scheduler, row } = f;
      await queue.enqueue({ kind: 'long', dueAt: clock.now(), key: 'long' });
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started!: () => void;
      const running = new Promise<void>((resolve) => {
        started = resolve;
      });
      const long = handler('long', async () => {
        started();
        await held;
        return { status: 'done' };
      });
      const a = scheduler([long.handler], { instanceId: 'a', lockMs: lease, heartbeatMs: 20 });
      const other = handler('long');
      const b = scheduler([other.handler], { instanceId: 'b', lockMs: lease });
      const first = a.runDue();
      await running;
      // Three leases go by on the clock while the job runs; the heartbeat keeps it.
      for (let i = 0; i < 6; i++) {
        clock.advance(lease / 2);
        // Waits (real time) for a beat after the move: the lease then ends a whole lease from now.
        const wanted = clock.now().getTime() + lease;
        for (let waited = 0; ((await row('long')).lockedUntil?.getTime() ?? 0) < wanted; waited += 20) {
          if (waited > 5000) throw new Error('no heartbeat renewed the lease');
          await pause(20);
        }
        expect((await b.runDue()).claimed).toBe(0);
      }
      const locked = await row('long');
      expect(locked.lockedUntil?.getTime()).toBeGreaterThan(clock.now().getTime());
      release();
      expect(await first).toMatchObject({ claimed: 1, done: 1 });
      expect(await row('long')).toMatchObject({ state: 'done', attempts: 1 });
      expect(other.runs).toHaveLength(0);
      clock.advance(minute);
      expect((await b.runDue()).claimed).toBe(0);
    });

    it('a process just started takes over a lease whose heartbeat stopped two beats ago', async () => {
      const { db, clock, queue, scheduler, row } = f;
      await queue.enqueue({ kind: 'post', dueAt: clock.now(), key: 'dead' });
      await queue.enqueue({ kind: 'post', dueAt: clock.now(), key: 'live' });
      // Both rows claimed; one holder died at once, the other beat one beat (5 s) ago.
      const dead = await claimDue(db, { instanceId: 'dead', now: clock.now(), batchSize: 1, lockMs: lease });
      expect(dead.rows).toHaveLength(1);
      clock.advance(2 * (lease / 4) + 1000);
      const live = await claimDue(db, {
        instanceId: 'live',
        now: new Date(clock.now().getTime() - lease / 4),
        batchSize: 1,
        lockMs: lease,
      });
      expect(live.rows).toHaveLength(1);
      const ok = handler('post');
      const restarted = scheduler([ok.handler], { instanceId: 'restarted', lockMs: lease });
      // A yearly expression: only the start-up run (and the takeover wake-ups) fire.
      expect(await restarted.start('0 0 1 1 *')).toMatchObject({ claimed: 1, done: 1 });
      await restarted.stop();
      expect(await row('dead')).toMatchObject({ state: 'done', attempts: 2 });
      expect(await row('live')).toMatchObject({ state: 'running', lockedBy: live.token });
      expect(ok.runs).toHaveLength(1);
      // Without a start, the same stale lease is not taken before its end.
      await queue.enqueue({ kind: 'post', dueAt: clock.now(), key: 'later' });
      await claimDue(db, { instanceId: 'dead2', now: clock.now(), batchSize: 5, lockMs: lease });
      clock.advance(2 * (lease / 4) + 1000);
      expect((await scheduler([ok.handler], { instanceId: 'other', lockMs: lease }).runDue()).claimed).toBe(
        0,
      );
    });
  });
}
