// Which classes a dashboard session may see: those where the same person (same platform, same
// platform user id) is a teacher, plus the class the sign-in link was made in (platform admins
// count as teachers there without being stored as such). Checked on every request.
import type { Db } from '../../db/client.ts';
import type { Member } from '../../db/models.ts';

/** The signed-in teacher and the classes they may open. */
export interface Viewer {
  member: Member;
  classIds: Set<string>;
}

export async function viewerOf(db: Db, memberId: string): Promise<Viewer | null> {
  const member = await db.member.findUnique({
    where: { id: memberId },
    include: { class: { select: { platform: true } } },
  });
  if (!member) return null;
  const teaching = await db.member.findMany({
    where: {
      platformUserId: member.platformUserId,
      role: 'teacher',
      class: { platform: member.class.platform },
    },
    select: { classId: true },
  });
  const { class: _class, ...bare } = member;
  return { member: bare, classIds: new Set([member.classId, ...teaching.map((t) => t.classId)]) };
}
