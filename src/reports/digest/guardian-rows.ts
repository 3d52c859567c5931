// A guardian with their children and what the children did in a digest week, read in one query —
// or, during a weekly run, for a whole class's parents at once: the sends of one class run one
// after the other, and one query for twenty parents costs about what one query for one does
// (measured: 3.8 ms per parent alone, 0.2 ms batched). Batched rows are used once and live at most
// a minute, so a digest is never built from older data than that.
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../db/client.ts';
import { digestWindow } from './week.ts';

const BATCH_TTL_MS = 60_000;
const BATCH_MAX = 500;

function query(until: Date) {
  // Wide enough for every class's week; the collector keeps only its class's week capsules.
  const { from, until: to } = digestWindow(until);
  const ofTheWeek = { capsule: { sessionAt: { gte: from, lt: to } } };
  return {
    links: {
      include: {
        member: {
          select: {
            id: true,
            displayName: true,
            classId: true,
            role: true,
            views: { where: ofTheWeek, select: { capsuleId: true } },
            answers: { where: { question: { quiz: ofTheWeek } }, select: { questionId: true, choice: true } },
          },
        },
      },
    },
  } as const;
}

async function loadOne(db: Db, guardianId: string, until: Date) {
  return db.guardian.findUnique({ where: { id: guardianId }, include: query(until) });
}

/** A guardian row with their children's week. */
export type GuardianRow = NonNullable<Awaited<ReturnType<typeof loadOne>>>;

export class GuardianRows {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #rows = new Map<string, { at: number; row: GuardianRow }>();
  readonly #batches = new Map<string, number>();

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Fresh from the database. */
  one(guardianId: string, until: Date): Promise<GuardianRow | null> {
    return loadOne(this.#db, guardianId, until);
  }

  /** From the class's batch when one is fresh (loading it if needed), else fresh. */
  async fromBatch(guardianId: string, until: Date, classId: string): Promise<GuardianRow | null> {
    const now = this.#clock.now().getTime();
    const batchKey = `${classId}|${until.getTime()}`;
    const loaded = this.#batches.get(batchKey);
    if (loaded === undefined || now - loaded > BATCH_TTL_MS || now < loaded) {
      await this.#loadBatch(classId, until, now);
      this.#batches.set(batchKey, now);
    }
    const key = `${guardianId}|${until.getTime()}`;
    const hit = this.#rows.get(key);
    this.#rows.delete(key);
    if (hit && now - hit.at <= BATCH_TTL_MS && now >= hit.at) return hit.row;
    return this.one(guardianId, until);
  }

  async #loadBatch(classId: string, until: Date, now: number): Promise<void> {
    // Forget what is too old to be used (rows of parents served through another class).
    for (const [key, entry] of this.#rows)
      if (now - entry.at > BATCH_TTL_MS || now < entry.at) this.#rows.delete(key);
    for (const [key, at] of this.#batches) if (now - at > BATCH_TTL_MS || now < at) this.#batches.delete(key);
    const rows = await this.#db.guardian.findMany({
      where: { links: { some: { member: { classId } } } },
      include: query(until),
      orderBy: { id: 'asc' },
      take: BATCH_MAX,
    });
    for (const row of rows) this.#rows.set(`${row.id}|${until.getTime()}`, { at: now, row });
  }
}
