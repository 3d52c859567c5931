// Self-paced sequences (issue 14 §1, docs/decisions/0025): the server-side gate. A capsule still
// locked on a student's path can be neither marked watched nor answered, whatever button or
// command the student reaches it from (App Home, an old card, a typed number): the path is the
// only authority, so the first answers that count are never given before the capsule opens.
import { UserError } from '../core/errors.ts';
import type { Db } from '../db/client.ts';
import { loadPaths } from './path-rules.ts';

/** Whether a capsule is open for a student: always outside a self-paced sequence. */
export async function isOpenFor(db: Db, capsuleId: string, memberId: string): Promise<boolean> {
  const capsule = await db.capsule.findUnique({
    where: { id: capsuleId },
    select: { sequence: { select: { id: true, pace: true } } },
  });
  const sequence = capsule?.sequence;
  if (sequence?.pace !== 'self') return true;
  const paths = await loadPaths(db, sequence.id, [memberId]);
  const step = paths.paths[0]?.steps.find((s) => s.capsule.id === capsuleId);
  // Not a student of the class, or a cancelled capsule: the callers' own checks answer that.
  return step ? step.open : true;
}

/** Refuses, changing nothing, when the capsule is still locked for this student. */
export async function requireOpenFor(db: Db, capsuleId: string, memberId: string): Promise<void> {
  if (!(await isOpenFor(db, capsuleId, memberId))) throw new UserError('errors:path.locked');
}

/** Of these capsules, those still locked for a student (one load per self-paced sequence). */
export async function lockedFor(
  db: Db,
  capsules: { id: string; sequenceId: string | null }[],
  memberId: string,
): Promise<Set<string>> {
  const sequenceIds = [...new Set(capsules.map((c) => c.sequenceId).filter((id): id is string => !!id))];
  const locked = new Set<string>();
  if (sequenceIds.length === 0) return locked;
  const selfPaced = await db.sequence.findMany({
    where: { id: { in: sequenceIds }, pace: 'self' },
    select: { id: true },
  });
  for (const s of selfPaced) {
    const paths = await loadPaths(db, s.id, [memberId]);
    for (const step of paths.paths[0]?.steps ?? []) if (!step.open) locked.add(step.capsule.id);
  }
  return locked;
}
