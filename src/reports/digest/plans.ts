// The weekly rhythm of the digest, as durable jobs: one `digest.plan` per class per week at the
// class's day and time in its zone; when it runs it enqueues one `digest.send` per parent (key
// `digest.send:<guardianId>:<week>`, so a parent with children in two classes gets one e-mail) and
// the next week's plan. A teacher's /digest send uses `…:<week>:manual:<day>`, leaving the week's
// slot to the weekly run. An hourly `digest.sweep` makes sure every class has its plan (new classes,
// a plan lost to a bug) and forgets guardians no longer linked to any child.
import type { Class } from '../../db/models.ts';
import { JobState } from '../../scheduler/job-record.ts';
import type { JobOutcome, JobRecord, JobSpec } from '../../scheduler/types.ts';
import type { Services } from '../../services/index.ts';
import { DIGEST_SEND, SEND_ATTEMPTS, type SendPayload, sendKey } from './delivery.ts';
import { isoWeek, nextDigestAt } from './week.ts';

export const DIGEST_PLAN = 'digest.plan';
export const DIGEST_SWEEP = 'digest.sweep';
/** A plan that fell due this long ago (the bot was down) is skipped: next week's digest will do. */
export const PLAN_STALE_MS = 3 * 24 * 3600_000;
const HOUR = 3600_000;

type DigestClass = Pick<Class, 'id' | 'digestDay' | 'digestTime' | 'timeZone'>;

export function planKey(classId: string, week: string): string {
  return `${DIGEST_PLAN}:${classId}:${week}`;
}

export class DigestPlans {
  readonly #services: Services;

  constructor(services: Services) {
    this.#services = services;
  }

  /** The plan a class should have pending now: its next digest time whose week has not run yet. */
  async expected(klass: DigestClass): Promise<JobSpec> {
    const { db, clock } = this.#services.deps;
    let at = nextDigestAt(klass, clock.now());
    for (let i = 0; i < 3; i++) {
      const key = planKey(klass.id, isoWeek(at, klass.timeZone));
      const row = await db.job.findUnique({ where: { idempotencyKey: key }, select: { state: true } });
      // That week's digest already ran (perhaps on another day, before the settings changed).
      if (!row || row.state === JobState.pending || row.state === JobState.cancelled) break;
      at = nextDigestAt(klass, new Date(at.getTime() + 60_000));
    }
    const week = isoWeek(at, klass.timeZone);
    return {
      kind: DIGEST_PLAN,
      dueAt: at,
      key: planKey(klass.id, week),
      classId: klass.id,
      payload: { week },
    };
  }

  /** Makes the class's plan match its settings. Plans already due are left to run (catch-up). */
  async ensure(klass: DigestClass): Promise<void> {
    const { queue, deps } = this.#services;
    const spec = await this.expected(klass);
    const pending = await queue.pending({ classId: klass.id, kinds: [DIGEST_PLAN] });
    const stale = pending.filter((j) => j.idempotencyKey !== spec.key && j.dueAt > deps.clock.now());
    if (stale.length > 0) {
      await queue.cancel(
        { classId: klass.id, keys: stale.map((j) => j.idempotencyKey) },
        'digest schedule changed',
      );
    }
    await queue.enqueue(spec);
  }

  /** Every class's plan, and the next sweep. Cheap when nothing changed: one query per 500 classes. */
  async ensureAll(): Promise<number> {
    const { db, clock } = this.#services.deps;
    let cursor: string | undefined;
    let fixed = 0;
    for (;;) {
      const classes = await db.class.findMany({
        select: { id: true, digestDay: true, digestTime: true, timeZone: true },
        orderBy: { id: 'asc' },
        take: 500,
        ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      });
      if (classes.length === 0) break;
      cursor = classes[classes.length - 1]?.id;
      const now = clock.now();
      const wanted = new Map(
        classes.map((k) => {
          const at = nextDigestAt(k, now);
          return [planKey(k.id, isoWeek(at, k.timeZone)), { klass: k, at }] as const;
        }),
      );
      const rows = await db.job.findMany({
        where: { idempotencyKey: { in: [...wanted.keys()] } },
        select: { idempotencyKey: true, state: true, dueAt: true },
      });
      // In order: pending at the right time; or this week's ran and enqueued next week's itself.
      const fine = new Set(
        rows
          .filter((r) =>
            r.state === JobState.pending
              ? r.dueAt.getTime() === wanted.get(r.idempotencyKey)?.at.getTime()
              : r.state === JobState.done || r.state === JobState.skipped || r.state === JobState.running,
          )
          .map((r) => r.idempotencyKey),
      );
      for (const [key, { klass }] of wanted) {
        if (fine.has(key)) continue;
        await this.ensure(klass);
        fixed++;
      }
      if (classes.length < 500) break;
    }
    const next = new Date(Math.floor(clock.now().getTime() / HOUR) * HOUR + HOUR);
    await this.#services.queue.enqueue({
      kind: DIGEST_SWEEP,
      dueAt: next,
      key: `${DIGEST_SWEEP}:${next.toISOString()}`,
    });
    return fixed;
  }

  /** A class's weekly run: one send job per subscribed parent, then next week's plan. */
  async runPlan(job: JobRecord): Promise<JobOutcome> {
    const { db, clock } = this.#services.deps;
    const klass = job.classId ? await db.class.findUnique({ where: { id: job.classId } }) : null;
    if (!klass) return { status: 'skipped', reason: 'class deleted' };
    const week = typeof job.payload.week === 'string' ? job.payload.week : isoWeek(job.dueAt, klass.timeZone);
    if (clock.now().getTime() - job.dueAt.getTime() > PLAN_STALE_MS) {
      await this.ensure(klass);
      return { status: 'skipped', reason: 'fell due too long ago' };
    }
    await this.enqueueSends(klass.id, week, job.dueAt);
    await this.ensure(klass);
    return { status: 'done' };
  }

  /**
   * Enqueues this week's send of every subscribed parent of the class who has none yet (a parent
   * already served through another class is left alone). Returns how many.
   *
   * With `manual` (the local day of a teacher's /digest send) the jobs get that day's keys, so the
   * weekly send keeps its own and still goes out on its day; a parent who already has this week's
   * weekly send, or today's manual one, gets nothing more.
   */
  async enqueueSends(classId: string, week: string, until: Date, manual?: string): Promise<number> {
    const { db, clock } = this.#services.deps;
    const links = await db.guardianLink.findMany({
      where: { member: { classId, role: 'student' }, guardian: { unsubscribedAt: null } },
      select: { guardianId: true },
      distinct: ['guardianId'],
    });
    const keys = new Map(links.map((l) => [sendKey(l.guardianId, week, manual), l.guardianId]));
    // Keys that, when taken, mean the parent is served: the job's own, and for a manual send the
    // week's weekly one (sent already, or on its way).
    const blocking = new Map<string, string>();
    for (const [key, guardianId] of keys) {
      blocking.set(key, key);
      if (manual) blocking.set(sendKey(guardianId, week), key);
    }
    const existing = await db.job.findMany({
      where: { idempotencyKey: { in: [...blocking.keys()] } },
      select: { idempotencyKey: true },
    });
    for (const row of existing) keys.delete(blocking.get(row.idempotencyKey) ?? row.idempotencyKey);
    const now = clock.now();
    const specs: JobSpec[] = [...keys].map(([key, guardianId]) => ({
      kind: DIGEST_SEND,
      dueAt: now,
      key,
      classId,
      payload: {
        guardianId,
        week,
        until: until.toISOString(),
        ...(manual ? { manual } : {}),
      } satisfies SendPayload,
      maxAttempts: SEND_ATTEMPTS,
    }));
    await this.#services.queue.enqueueMany(specs);
    return specs.length;
  }

  /** The hourly sweep. */
  async runSweep(): Promise<JobOutcome> {
    await this.ensureAll();
    // Guardians of deleted students: nothing is kept about a parent with no child here.
    await this.#services.deps.db.guardian.deleteMany({ where: { links: { none: {} } } });
    return { status: 'done' };
  }
}
