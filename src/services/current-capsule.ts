// The class's current capsule: the last one published whose session has not started yet. A
// question asked without naming a capsule is about it (or is a general question when there is none).
import type { Db } from '../db/client.ts';

/** The id of the class's current capsule at `now`, or null between capsules. */
export async function currentCapsuleId(db: Db, classId: string, now: Date): Promise<string | null> {
  const capsule = await db.capsule.findFirst({
    where: { classId, status: 'published', publishAt: { lte: now }, sessionAt: { gt: now } },
    orderBy: [{ publishAt: 'desc' }, { number: 'desc' }],
    select: { id: true },
  });
  return capsule?.id ?? null;
}
