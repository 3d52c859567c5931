// Role checks live in the services too, not only in the dispatcher: a platform bug or a new entry
// point must never let a student act as a teacher.
import type { MemberInfo } from '../core/commands.ts';
import { UserError } from '../core/errors.ts';

export function requireTeacher(member: MemberInfo | null): MemberInfo {
  if (!member) throw new UserError('errors:noClass');
  if (member.role !== 'teacher') throw new UserError('errors:teachersOnly');
  return member;
}

export function requireMember(member: MemberInfo | null): MemberInfo {
  if (!member) throw new UserError('errors:noClass');
  return member;
}

export function requireStudent(member: MemberInfo | null): MemberInfo {
  const m = requireMember(member);
  if (m.role !== 'student') throw new UserError('errors:studentsOnly');
  return m;
}
