// Finds a class member from what a teacher typed for a `user` option: a platform id (Discord and
// Slack send ids, possibly as <@U123> mentions) or a display name, as the sandbox and CSV rosters do.
import { UserError } from '../core/errors.ts';
import type { Db } from '../db/client.ts';
import type { Member } from '../db/models.ts';

/** The bare id or name inside a mention such as `<@123>`, `<@!123>` or `@Léa`. */
export function cleanUserRef(ref: string): string {
  const text = ref.trim();
  const mention = /^<@[!&]?([^>|]+)(?:\|[^>]*)?>$/.exec(text);
  if (mention?.[1]) return mention[1];
  return text.replace(/^@/, '').trim();
}

/** Matches a reference against a list of members: id first, then the name without case or accents. */
export function matchMember<M extends Pick<Member, 'platformUserId' | 'displayName'>>(
  members: M[],
  ref: string,
): M[] {
  const wanted = cleanUserRef(ref);
  const byId = members.filter((m) => m.platformUserId === wanted);
  if (byId.length > 0) return byId;
  const key = fold(wanted);
  return members.filter((m) => fold(m.displayName) === key);
}

export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
}

/** One student of the class; a clear error when none or several match. */
export async function findStudent(db: Db, classId: string, ref: string): Promise<Member> {
  const students = await db.member.findMany({ where: { classId, role: 'student' } });
  const found = matchMember(students, ref);
  if (found.length === 1) return found[0] as Member;
  if (found.length === 0) throw new UserError('reports:errors.studentNotFound', { ref: ref.slice(0, 60) });
  throw new UserError('reports:errors.studentAmbiguous', { ref: ref.slice(0, 60), count: found.length });
}
