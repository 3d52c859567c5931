// Finding capsules from what a person types: a number or the start of a title, the suggestions
// shown while typing, and the sequence a capsule is scheduled into.
import { UserError } from '../core/errors.ts';
import type { Capsule } from '../db/models.ts';
import type { ServiceDeps } from './deps.ts';

type Db = ServiceDeps['db'];

/** Finds a capsule by number (`3`, `#3`) or by the start of its title. */
export async function findCapsule(db: Db, classId: string, ref: string): Promise<Capsule> {
  const text = ref.trim();
  const digits = /^#?(\d+)$/.exec(text)?.[1];
  const notFound = new UserError('errors:capsule.notFound', { ref: text.slice(0, 60) });
  // Capsule numbers live in a 32-bit column: a longer one names no capsule (PostgreSQL would refuse it).
  if (digits !== undefined && Number(digits) > 2_147_483_647) throw notFound;
  const capsule = digits
    ? await db.capsule.findUnique({ where: { classId_number: { classId, number: Number(digits) } } })
    : (await db.capsule.findMany({ where: { classId }, orderBy: { number: 'desc' } })).find((c) =>
        c.title.toLowerCase().startsWith(text.toLowerCase()),
      );
  if (!capsule || !text) throw notFound;
  return capsule;
}

/** Capsules matching what is typed, for autocomplete. */
export async function suggestCapsules(
  db: Db,
  classId: string,
  partial: string,
  teacher: boolean,
): Promise<{ value: string; label: string }[]> {
  const text = partial.trim().toLowerCase().replace(/^#/, '');
  const capsules = await db.capsule.findMany({
    // Students never learn the titles of capsules that are not out yet.
    where: { classId, status: teacher ? { not: 'cancelled' } : 'published' },
    orderBy: { number: 'desc' },
    take: 50,
  });
  return capsules
    .filter((c) => !text || String(c.number).startsWith(text) || c.title.toLowerCase().includes(text))
    .slice(0, 25)
    .map((c) => ({ value: String(c.number), label: `#${c.number} ${c.title}`.slice(0, 100) }));
}

/** The id of the class's sequence of that name, made on first use; null for a blank name. */
export async function sequenceIdFor(
  tx: Pick<Db, 'sequence'>,
  classId: string,
  name: string,
): Promise<string | null> {
  const trimmed = name.trim().slice(0, 80);
  if (!trimmed) return null;
  const sequence = await tx.sequence.upsert({
    where: { classId_name: { classId, name: trimmed } },
    create: { classId, name: trimmed },
    update: {},
  });
  return sequence.id;
}
