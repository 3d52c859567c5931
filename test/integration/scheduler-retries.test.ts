// Jobs that do not simply succeed, on real databases (each provider): retries with exponential
// back-off, failing for good and reporting it, and deferral while a class's platform is not running.
import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/scheduler/types.ts';
import { JOB } from '../../src/services/capsule-jobs.ts';
import type { Services } from '../../src/services/index.ts';
import { capsuleJobHandlers, platformDownDeferMs } from '../../src/services/jobs/capsule-handlers.ts';
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
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`scheduler retries on ${provider.name}`, () => {
    const f = useSchedulerFixture(provider);

    it('retries with exponential back-off, then fails for good and reports once', async () => {
      const { clock, queue, classId, scheduler, row } = f;
      const reported: [JobRecord, string][] = [];
      const boom = handler('digest', async () => {
        throw new Error('platform down');
      });
      await queue.enqueue({ kind: 'digest', key: 'd', dueAt: t0, classId, maxAttempts: 4 });
      const s = scheduler([boom.handler], {
        baseBackoffMs: 1000,
        maxBackoffMs: 3000,
        onFailed: async (job, error) => {
          reported.push([job, error]);
        },
      });

      // Delays: 1 s, 2 s, then 4 s capped to 3 s.
      for (const [attempt, delay] of [
        [1, 1000],
        [2, 2000],
        [3, 3000],
      ] as const) {
        expect((await s.tick()).retried).toBe(1);
        const r = await row('d');
        expect(r).toMatchObject({
          state: 'pending',
          attempts: attempt,
          lastError: 'platform down',
          lockedBy: null,
        });
        expect(r.dueAt.getTime() - clock.now().getTime()).toBe(delay);
        clock.advance(delay - 1);
        expect((await s.tick()).claimed).toBe(0);
        clock.advance(1);
      }
      expect((await s.tick()).failed).toBe(1);
      expect(await row('d')).toMatchObject({ state: 'failed', attempts: 4, lastError: 'platform down' });
      expect(reported).toHaveLength(1);
      expect(reported[0]?.[1]).toBe('platform down');
      expect(reported[0]?.[0]).toMatchObject({ idempotencyKey: 'd', classId });

      clock.advance(24 * hour);
      expect((await s.runDue()).claimed).toBe(0);
      expect(reported).toHaveLength(1);
      expect(boom.runs).toHaveLength(4);
      expect((await queue.recentFailures(classId)).map((f) => f.lastError)).toEqual(['platform down']);
    });

    it('survives a failure reporter that throws', async () => {
      const { queue, scheduler } = f;
      const logs: { level: string; obj: object; msg?: string }[] = [];
      await queue.enqueue({ kind: 'nope', key: 'n', dueAt: t0, maxAttempts: 1 });
      const s = scheduler([], {
        logger: recordingLogger(logs),
        onFailed: async () => {
          throw new Error('mailer down');
        },
      });
      expect((await s.tick()).failed).toBe(1);
      expect(logs.filter((l) => l.level === 'error').map((l) => l.msg)).toContain('failure report failed');
    });

    it('fails a job of an unknown kind at once with a clear reason', async () => {
      const { queue, scheduler, row } = f;
      const reported: string[] = [];
      await queue.enqueue({ kind: 'mystery', key: 'm', dueAt: t0 });
      const s = scheduler([handler('reminder').handler], {
        onFailed: async (_job, error) => {
          reported.push(error);
        },
      });
      expect(await s.runDue()).toMatchObject({ claimed: 1, failed: 1, retried: 0 });
      const r = await row('m');
      expect(r).toMatchObject({ state: 'failed', attempts: 1 });
      expect(r.lastError).toContain('no handler for job kind "mystery"');
      expect(reported).toHaveLength(1);
    });

    it('keeps running the other jobs when one handler throws', async () => {
      const { db, queue, scheduler, row } = f;
      const ok = handler('reminder');
      const boom = handler('brief', async () => {
        throw new Error('nope');
      });
      await queue.enqueueMany([
        { kind: 'reminder', key: 'a', dueAt: t0 },
        { kind: 'brief', key: 'b', dueAt: t0 },
        { kind: 'reminder', key: 'c', dueAt: t0 },
        { kind: 'reminder', key: 'd', dueAt: t0 },
      ]);
      const summary = await scheduler([ok.handler, boom.handler], { concurrency: 2 }).tick();
      expect(summary).toEqual({ claimed: 4, done: 3, skipped: 0, retried: 1, failed: 0, deferred: 0 });
      expect(await db.job.count({ where: { state: 'done' } })).toBe(3);
      expect((await row('b')).state).toBe('pending');
    });

    it('defers a job without using up an attempt, and runs it once it can', async () => {
      const { clock, queue, classId, scheduler, row } = f;
      const logs: { level: string; obj: object; msg?: string }[] = [];
      let platformUp = false;
      const publish = handler('capsule.publish', async () =>
        platformUp
          ? { status: 'done' }
          : {
              status: 'deferred',
              until: new Date(clock.now().getTime() + 10 * minute),
              reason: 'platform not running',
            },
      );
      await queue.enqueue({ kind: 'capsule.publish', key: 'p', dueAt: t0, classId, maxAttempts: 2 });
      const s = scheduler([publish.handler], { logger: recordingLogger(logs) });

      for (let i = 0; i < 3; i++) {
        expect(await s.runDue()).toMatchObject({ claimed: 1, deferred: 1, done: 0, retried: 0, failed: 0 });
        const r = await row('p');
        expect(r).toMatchObject({
          state: 'pending',
          attempts: 0,
          lockedBy: null,
          lockedUntil: null,
          lastError: 'platform not running',
        });
        expect(r.dueAt).toEqual(new Date(clock.now().getTime() + 10 * minute));
        clock.advance(10 * minute - 1);
        expect((await s.runDue()).claimed).toBe(0);
        clock.advance(1);
      }
      // Said once at info, not at every look.
      const deferLogs = logs.filter((l) => l.msg === 'job deferred');
      expect(deferLogs.map((l) => l.level)).toEqual(['info', 'debug', 'debug']);
      expect(deferLogs[0]?.obj).toMatchObject({ kind: 'capsule.publish', reason: 'platform not running' });

      platformUp = true;
      expect(await s.runDue()).toMatchObject({ claimed: 1, done: 1, deferred: 0 });
      expect(await row('p')).toMatchObject({ state: 'done', attempts: 1, lastError: null });
      expect(publish.runs.map((j) => j.attempts)).toEqual([1, 1, 1, 1]);
    });

    it('never defers a job to the past (runDue would never end)', async () => {
      const { clock, queue, scheduler, row } = f;
      const stuck = handler('reminder', async () => ({
        status: 'deferred',
        until: new Date(clock.now().getTime() - hour),
        reason: 'not yet',
      }));
      await queue.enqueue({ kind: 'reminder', key: 'r', dueAt: t0 });
      expect(await scheduler([stuck.handler]).runDue()).toMatchObject({ claimed: 1, deferred: 1 });
      expect((await row('r')).dueAt.getTime()).toBeGreaterThan(clock.now().getTime());
    });

    it('capsule jobs of a class whose platform is not running wait for it', async () => {
      const { db, clock, classId } = f;
      let up = false;
      const services = {
        deps: { db, clock },
        outbox: { available: (klass: { platform: string }) => up && klass.platform === 'sandbox' },
      } as unknown as Services;
      const handlers = new Map(capsuleJobHandlers(services).map((h) => [h.kind, h]));
      const job = (kind: string, extra: Partial<JobRecord> = {}): JobRecord => ({
        id: 'j',
        kind,
        classId,
        capsuleId: 'gone',
        payload: { offsetMinutes: 60, quizId: 'q' },
        dueAt: t0,
        attempts: 1,
        maxAttempts: 5,
        idempotencyKey: kind,
        ...extra,
      });
      const deferred = {
        status: 'deferred',
        until: new Date(t0.getTime() + platformDownDeferMs),
        reason: 'platform not running',
      };
      for (const kind of [JOB.publish, JOB.reminder, JOB.nudge, JOB.quizClose]) {
        expect(await handlers.get(kind)?.run(job(kind))).toEqual(deferred);
      }
      // The class found through the capsule when the job names none.
      const capsule = await db.capsule.create({
        data: {
          classId,
          number: 1,
          title: 'Vecteurs',
          videoUrl: 'https://example.org/v',
          publishAt: t0,
          sessionAt: new Date(t0.getTime() + hour),
        },
      });
      expect(
        await handlers.get(JOB.publish)?.run(job(JOB.publish, { classId: null, capsuleId: capsule.id })),
      ).toEqual(deferred);

      up = true;
      // Platform up: the handler proceeds (here to its own checks: the capsule is gone).
      expect(await handlers.get(JOB.publish)?.run(job(JOB.publish))).toEqual({
        status: 'skipped',
        reason: 'capsule deleted',
      });
    });
  });
}
