// Erasing one member from the database, in one transaction: every row that names them or points
// at them goes, and the keyed hashes derived from them (anonymous questions, votes) are replaced
// by random values. Those rows stay, so nothing visible changes that would tell the teacher which
// anonymous questions or votes were theirs, yet nothing left can be tied back to them.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { Member } from '../db/models.ts';

/** A transaction's client, as Prisma's interactive transactions hand it. */
type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** What the erasure removed, for the teacher's confirmation and the audit (counts only, no names). */
export interface Erasure {
  answers: number;
  views: number;
  questions: number;
  guardians: number;
  /** Posted messages of the member's named questions, to edit so their name disappears there too. */
  postedRefs: string[];
}

const unlinked = (): string => randomBytes(24).toString('base64url').slice(0, 32);

/**
 * Removes `target` and all that is theirs. `hashes` are every scoped key derived from the member
 * (see PrivacyService): rows carrying one are unlinked, not deleted.
 */
export async function eraseMember(tx: Tx, target: Member, hashes: string[]): Promise<Erasure> {
  const named = await tx.studentQuestion.findMany({
    where: { authorId: target.id },
    select: { id: true, messageRef: true },
  });
  // Votes and review ballots are stored under keys made per question from the member: they keep
  // counting, under a random key nobody can tie back to the student.
  for (const vote of await tx.questionVote.findMany({ where: { voterHash: { in: hashes } } })) {
    await tx.questionVote.update({ where: { id: vote.id }, data: { voterHash: unlinked() } });
  }
  for (const ballot of await tx.pollAnswer.findMany({ where: { ballotKey: { in: hashes } } })) {
    await tx.pollAnswer.update({ where: { id: ballot.id }, data: { ballotKey: unlinked() } });
  }
  await tx.studentQuestion.deleteMany({ where: { authorId: target.id } });
  const answers = await tx.answer.deleteMany({ where: { memberId: target.id } });
  const views = await tx.capsuleView.deleteMany({ where: { memberId: target.id } });
  await tx.pathUnlock.deleteMany({ where: { memberId: target.id } });

  // A parent with no other child here is only data about this child: they go too.
  const links = await tx.guardianLink.findMany({ where: { memberId: target.id } });
  await tx.guardianLink.deleteMany({ where: { memberId: target.id } });
  const orphans = await tx.guardian.findMany({
    where: { id: { in: links.map((l) => l.guardianId) }, links: { none: {} } },
    select: { id: true },
  });
  const guardianIds = orphans.map((g) => g.id);
  await tx.guardian.deleteMany({ where: { id: { in: guardianIds } } });

  // Ids may sit in free text: codes issued for them, audit details, job payloads and keys.
  const ids = [target.id, ...guardianIds];
  await tx.oneTimeToken.deleteMany({ where: { subjectId: { in: ids } } });
  await tx.auditLog.deleteMany({
    where: { OR: [{ actorId: target.id }, ...ids.map((id) => ({ details: { contains: id } }))] },
  });
  await tx.job.deleteMany({
    where: {
      state: { not: 'running' },
      OR: ids.flatMap((id) => [{ payload: { contains: id } }, { idempotencyKey: { contains: id } }]),
    },
  });
  await tx.postIntent.deleteMany({ where: { OR: ids.map((id) => ({ key: { contains: id } })) } });
  await tx.capsule.updateMany({ where: { createdById: target.id }, data: { createdById: null } });
  await tx.member.delete({ where: { id: target.id } });
  return {
    answers: answers.count,
    views: views.count,
    questions: named.length,
    guardians: guardianIds.length,
    postedRefs: named.flatMap((q) => (q.messageRef ? [q.messageRef] : [])),
  };
}
