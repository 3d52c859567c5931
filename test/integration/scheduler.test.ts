// The durable job queue and scheduler on real databases (each provider), with a manual clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { type Logger, silentLogger } from '../../src/core/logger.ts';
import type { Db } from '../../src/db/client.ts';
import { capsuleJobHandlers, platformDownDeferMs } from '../../src/scheduler/jobs/capsule-jobs.ts';
import { JobQueue } from '../../src/scheduler/queue.ts';
import { noJitter, Scheduler, type SchedulerDeps } from '../../src/scheduler/scheduler.ts';
import type { JobHandler, JobOutcome, JobRecord } from '../../src/scheduler/types.ts';
import { JOB } from '../../src/services/capsule-jobs.ts';
import type { Services } from '../../src/services/index.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';

const pgOk = await postgresAvailable();
const t0 = new Date('2030-03-04T08:00:00Z');
const minute = 60_000;
const hour = 60 * minute;

/** Logs kept in memory so tests can look at what was logged. */
function recordingLogger(entries: { level: string; obj: object; msg?: string }[]): Logger {
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
function handler(
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

/** A promise and its resolver, to hold a handler until the test lets it go. */
function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`scheduler on ${provider.name}`, () => {
    let tdb: TestDb;
    let db: Db;
    let clock: ManualClock;
    let queue: JobQueue;
    let classId: string;

    beforeEach(async () => {
      tdb = await provider.open();
      db = tdb.db;
      clock = new ManualClock(t0);
      queue = new JobQueue(db, clock);
      const created = await db.class.create({
        data: { platform: 'sandbox', workspaceId: 'w', channelId: 'c', name: '2nde B' },
      });
      classId = created.id;
    });

    afterEach(async () => {
      await tdb.close();
    });

    function scheduler(handlers: JobHandler[], extra: Partial<SchedulerDeps> = {}): Scheduler {
      return new Scheduler({
        db,
        clock,
        logger: silentLogger,
        instanceId: 'test',
        handlers,
        jitter: noJitter,
        ...extra,
      });
    }

    const row = (key: string) => db.job.findUniqueOrThrow({ where: { idempotencyKey: key } });

    it('runs due jobs and leaves the others for later', async () => {
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

    it('retries with exponential back-off, then fails for good and reports once', async () => {
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

    it('takes over a job whose worker died (expired lock), not one still locked', async () => {
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

    it('enqueues idempotently by key', async () => {
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

    it('keeps running the other jobs when one handler throws', async () => {
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

    it('runs each job of a batch slower than its lock exactly once across two workers', async () => {
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

    it('defers a job without using up an attempt, and runs it once it can', async () => {
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

    it('purges finished jobs older than the retention limit', async () => {
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
