// The durable job queue and scheduler on real databases (each provider), with a manual clock:
// due jobs, claims and catch-up at start, skips, and the queue's idempotent enqueue, cancel,
// reschedule and purge. Retries and deferrals: scheduler-retries.test.ts; locks: scheduler-locks.test.ts.
import { describe, expect, it } from 'vitest';
import { postgresAvailable, providers } from '../support/db.ts';
import {
  handler,
  hour,
  minute,
  recordingLogger,
  t0,
  useSchedulerFixture,
} from '../support/scheduler-fixture.ts';

const pgOk = await postgresAvailable();

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`scheduler on ${provider.name}`, () => {
    const f = useSchedulerFixture(provider);

    it('runs due jobs and leaves the others for later', async () => {
      const { clock, queue, classId, scheduler, row } = f;
      const ok = handler('reminder');
      await queue.enqueue({ kind: 'reminder', key: 'now', dueAt: new Date(t0.getTime() - minute), classId });
      await queue.enqueue({ kind: 'reminder', key: 'later', dueAt: new Date(t0.getTime() + hour) });
      const s = scheduler([ok.handler]);

      expect(await s.tick()).toEqual({ claimed: 1, done: 1, skipped: 0, retried: 0, failed: 0, deferred: 0 });
      expect(await row('now')).toMatchObject({ state: 'done', attempts: 1, lockedBy: null, finishedAt: t0 });
      expect(await row('later')).toMatchObject({ state: 'pending', attempts: 0 });

      clock.advance(hour);
      expect((await s.tick()).done).toBe(1);
      expect((await row('later')).state).toBe('done');
      expect(ok.runs.map((j) => j.idempotencyKey)).toEqual(['now', 'later']);
    });

    it('passes the parsed payload and targets to the handler', async () => {
      const { queue, classId, scheduler } = f;
      const ok = handler('brief');
      await queue.enqueue({
        kind: 'brief',
        key: 'b',
        dueAt: t0,
        classId,
        capsuleId: 'cap1',
        payload: { n: 2 },
      });
      await scheduler([ok.handler]).tick();
      expect(ok.runs[0]).toMatchObject({
        kind: 'brief',
        classId,
        capsuleId: 'cap1',
        payload: { n: 2 },
        attempts: 1,
      });
    });

    it('runs at start what fell due while the bot was down, in several batches', async () => {
      const { db, queue, scheduler } = f;
      const ok = handler('reminder');
      for (let i = 0; i < 5; i++) {
        await queue.enqueue({
          kind: 'reminder',
          key: `k${i}`,
          dueAt: new Date(t0.getTime() - (i + 1) * hour),
        });
      }
      const s = scheduler([ok.handler], { batchSize: 2 });
      // A yearly expression: only the start-up run fires during the test.
      const summary = await s.start('0 0 1 1 *');
      await s.stop();
      expect(summary).toMatchObject({ claimed: 5, done: 5 });
      expect(await db.job.count({ where: { state: 'done' } })).toBe(5);
      // Oldest first.
      expect(ok.runs.map((j) => j.idempotencyKey)).toEqual(['k4', 'k3', 'k2', 'k1', 'k0']);
    });

    it('records a skip with its reason and logs it without personal data', async () => {
      const { queue, scheduler, row } = f;
      const logs: { level: string; obj: object; msg?: string }[] = [];
      const skip = handler('reminder', async () => ({
        status: 'skipped',
        reason: 'session already started',
      }));
      await queue.enqueue({ kind: 'reminder', key: 's', dueAt: t0, payload: { studentName: 'Alice' } });
      const summary = await scheduler([skip.handler], { logger: recordingLogger(logs) }).tick();
      expect(summary.skipped).toBe(1);
      expect(await row('s')).toMatchObject({ state: 'skipped', lastError: 'session already started' });
      const info = logs.find((l) => l.level === 'info');
      expect(info?.obj).toMatchObject({ kind: 'reminder', reason: 'session already started' });
      expect(JSON.stringify(logs)).not.toContain('Alice');
    });

    it('enqueues idempotently by key', async () => {
      const { db, clock, queue, scheduler, row } = f;
      await queue.enqueue({ kind: 'reminder', key: 'r', dueAt: t0, payload: { v: 1 } });
      await queue.enqueue({
        kind: 'reminder',
        key: 'r',
        dueAt: new Date(t0.getTime() + hour),
        payload: { v: 2 },
      });
      expect(await db.job.count()).toBe(1);
      expect(await row('r')).toMatchObject({ state: 'pending', payload: '{"v":2}' });
      expect((await row('r')).dueAt).toEqual(new Date(t0.getTime() + hour));

      clock.advance(hour);
      await scheduler([handler('reminder').handler]).tick();
      await queue.enqueue({ kind: 'reminder', key: 'r', dueAt: new Date(t0.getTime() + 2 * hour) });
      expect(await row('r')).toMatchObject({ state: 'done', payload: '{"v":2}' });

      await queue.enqueueMany([
        { kind: 'reminder', key: 'a', dueAt: t0, payload: { v: 1 } },
        { kind: 'reminder', key: 'a', dueAt: t0, payload: { v: 3 } },
        { kind: 'reminder', key: 'b', dueAt: t0 },
        { kind: 'reminder', key: 'r', dueAt: t0 },
      ]);
      expect(await db.job.count()).toBe(3);
      expect((await row('a')).payload).toBe('{"v":3}');
      expect((await row('r')).state).toBe('done');
    });

    it('cancels pending jobs by capsule, class or kind, and revives one re-enqueued', async () => {
      const { clock, queue, classId, scheduler, row } = f;
      const at = new Date(t0.getTime() + hour);
      await queue.enqueueMany([
        { kind: 'reminder', key: 'c1-rem', dueAt: at, capsuleId: 'c1', classId },
        { kind: 'brief', key: 'c1-brief', dueAt: at, capsuleId: 'c1', classId },
        { kind: 'reminder', key: 'c2-rem', dueAt: at, capsuleId: 'c2', classId },
        { kind: 'digest', key: 'other', dueAt: at },
      ]);
      expect(await queue.cancel({ capsuleId: 'c1', kinds: ['reminder'] }, 'capsule deleted')).toBe(1);
      expect(await row('c1-rem')).toMatchObject({ state: 'cancelled', lastError: 'capsule deleted' });
      expect(await queue.cancel({ classId }, 'class archived')).toBe(2);
      expect((await queue.pending()).map((j) => j.idempotencyKey)).toEqual(['other']);
      await expect(queue.cancel({}, 'everything')).rejects.toThrow();

      clock.advance(hour);
      expect((await scheduler([handler('digest').handler]).runDue()).claimed).toBe(1);

      await queue.enqueue({ kind: 'reminder', key: 'c2-rem', dueAt: clock.now(), capsuleId: 'c2', classId });
      expect(await row('c2-rem')).toMatchObject({ state: 'pending', attempts: 0, lastError: null });
    });

    it('reschedules a pending job, not one that already ran', async () => {
      const { queue, scheduler, row } = f;
      const ok = handler('reminder');
      await queue.enqueue({ kind: 'reminder', key: 'r', dueAt: new Date(t0.getTime() + hour) });
      expect(await queue.reschedule('r', new Date(t0.getTime() - minute))).toBe(true);
      expect((await queue.pending()).map((j) => j.dueAt)).toEqual([new Date(t0.getTime() - minute)]);
      await scheduler([ok.handler]).tick();
      expect(ok.runs).toHaveLength(1);
      expect(await queue.reschedule('r', new Date(t0.getTime() + hour))).toBe(false);
      expect(await queue.reschedule('missing', t0)).toBe(false);
      expect((await row('r')).state).toBe('done');
    });

    it('purges finished jobs older than the retention limit', async () => {
      const { db, clock, queue, scheduler } = f;
      await queue.enqueueMany([
        { kind: 'reminder', key: 'old', dueAt: t0 },
        { kind: 'reminder', key: 'future', dueAt: new Date(t0.getTime() + hour) },
      ]);
      await scheduler([handler('reminder').handler]).tick();
      clock.advance(2 * hour);
      expect(await queue.purge(new Date(clock.now().getTime() - hour))).toBe(1);
      expect((await db.job.findMany()).map((j) => j.idempotencyKey)).toEqual(['future']);
    });
  });
}
