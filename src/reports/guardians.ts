// Guardians (parents) of a class's students: added one by one or from a roster, listed, removed.
// A roster import is all or nothing: any bad line and nothing of it is written. A guardian is one
// person across classes (one e-mail address), linked to each of their children.
import type { MemberInfo } from '../core/commands.ts';
import { UserError } from '../core/errors.ts';
import type { Guardian, Member } from '../db/models.ts';
import { requireTeacher } from '../services/access.ts';
import type { Services } from '../services/index.ts';
import { findStudent, matchMember } from '../services/members.ts';
import { normaliseEmail, parseRoster, type RosterProblem } from './guardian-import.ts';

/** The outcome of an addition: who, and whether this parent had unsubscribed before. */
export interface Added {
  guardian: Guardian;
  student: Member;
  unsubscribed: boolean;
}

/** A guardian as the teacher's list shows them. */
export interface GuardianEntry {
  email: string | null;
  language: string;
  students: string[];
  onPlatform: boolean;
  unsubscribed: boolean;
}

/** Thrown when a roster has bad lines; nothing was written. */
export class RosterError extends UserError {
  constructor(readonly problems: RosterProblem[]) {
    super('reports:guardian.importFailed', { count: problems.length });
    this.name = 'RosterError';
  }
}

type Tx = Parameters<Parameters<Services['deps']['db']['$transaction']>[0]>[0];

export class GuardianService {
  readonly #services: Services;

  constructor(services: Services) {
    this.#services = services;
  }

  #language(value: string): string {
    const lang = this.#services.deps.i18n.match(value.trim());
    if (!lang) {
      throw new UserError('reports:errors.language', {
        choices: this.#services.deps.i18n.languages.join(', '),
      });
    }
    return lang;
  }

  /**
   * Links a guardian (created if new) to a student. The language given replaces the stored one,
   * unless the guardian also follows a child of another class.
   */
  async add(
    classId: string,
    member: MemberInfo | null,
    input: { student: string; email: string; language: string },
  ): Promise<Added> {
    const teacher = requireTeacher(member);
    const email = normaliseEmail(input.email);
    if (!email) throw new UserError('reports:errors.email', { value: input.email.slice(0, 60) });
    const language = this.#language(input.language);
    const student = await findStudent(this.#services.deps.db, classId, input.student);
    const guardian = await this.#services.deps.db.$transaction(async (tx) => {
      const saved = await this.#link(tx, classId, email, language, student.id);
      await tx.auditLog.create({
        data: {
          classId,
          actorId: teacher.id,
          action: 'guardian.add',
          details: JSON.stringify({ guardianId: saved.id }),
        },
      });
      return saved;
    });
    return { guardian, student, unsubscribed: guardian.unsubscribedAt !== null };
  }

  /** Imports a roster; returns how many links were made. Throws RosterError listing every bad line. */
  async importRoster(
    classId: string,
    member: MemberInfo | null,
    text: string,
  ): Promise<{ linked: number; guardians: number }> {
    const teacher = requireTeacher(member);
    const { db, i18n } = this.#services.deps;
    const { rows, problems } = parseRoster(text, i18n.languages);
    const students = await db.member.findMany({ where: { classId, role: 'student' } });
    const resolved: { email: string; language: string; memberId: string }[] = [];
    for (const row of rows) {
      const found = matchMember(students, row.student);
      if (found.length !== 1) {
        problems.push({
          line: row.line,
          reason: found.length === 0 ? 'student' : 'ambiguous',
          value: row.student.slice(0, 60),
        });
        continue;
      }
      resolved.push({ email: row.email, language: row.language, memberId: (found[0] as Member).id });
    }
    if (problems.length > 0) throw new RosterError(problems.sort((a, b) => a.line - b.line));
    if (resolved.length === 0) throw new UserError('reports:guardian.importEmpty');
    await db.$transaction(async (tx) => {
      for (const row of resolved) await this.#link(tx, classId, row.email, row.language, row.memberId);
      await tx.auditLog.create({
        data: {
          classId,
          actorId: teacher.id,
          action: 'guardian.import',
          details: JSON.stringify({ rows: resolved.length }),
        },
      });
    });
    return { linked: resolved.length, guardians: new Set(resolved.map((r) => r.email)).size };
  }

  async #link(tx: Tx, classId: string, email: string, language: string, memberId: string): Promise<Guardian> {
    // A parent with a child in another class is not one teacher's to change: their language
    // stays as it is (the other class's teacher, or the parent's own choice, set it).
    const elsewhere = await tx.guardianLink.count({
      where: { guardian: { email }, member: { classId: { not: classId } } },
    });
    // An unsubscribed parent stays unsubscribed: re-adding them never signs them up again.
    const guardian = await tx.guardian.upsert({
      where: { email },
      create: { email, language },
      update: elsewhere > 0 ? {} : { language },
    });
    await tx.guardianLink.upsert({
      where: { guardianId_memberId: { guardianId: guardian.id, memberId } },
      create: { guardianId: guardian.id, memberId },
      update: {},
    });
    return guardian;
  }

  /** The class's guardians, by e-mail. */
  async list(classId: string, member: MemberInfo | null): Promise<GuardianEntry[]> {
    requireTeacher(member);
    const links = await this.#services.deps.db.guardianLink.findMany({
      where: { member: { classId } },
      include: { guardian: true, member: { select: { displayName: true } } },
    });
    const byGuardian = new Map<string, GuardianEntry>();
    for (const link of links) {
      const g = link.guardian;
      const entry = byGuardian.get(g.id) ?? {
        email: g.email,
        language: g.language,
        students: [],
        onPlatform: g.platformUserId !== null,
        unsubscribed: g.unsubscribedAt !== null,
      };
      entry.students.push(link.member.displayName);
      byGuardian.set(g.id, entry);
    }
    for (const entry of byGuardian.values()) entry.students.sort((a, b) => a.localeCompare(b));
    return [...byGuardian.values()].sort((a, b) => (a.email ?? '~').localeCompare(b.email ?? '~'));
  }

  /** Unlinks a guardian from one student (or from every student of the class). */
  async remove(
    classId: string,
    member: MemberInfo | null,
    emailText: string,
    studentRef?: string,
  ): Promise<number> {
    const teacher = requireTeacher(member);
    const { db } = this.#services.deps;
    const email = normaliseEmail(emailText);
    const guardian = email ? await db.guardian.findUnique({ where: { email } }) : null;
    if (!guardian) throw new UserError('reports:errors.guardianNotFound', { email: emailText.slice(0, 60) });
    const student = studentRef ? await findStudent(db, classId, studentRef) : null;
    return db.$transaction(async (tx) => {
      const removed = await tx.guardianLink.deleteMany({
        where: { guardianId: guardian.id, ...(student ? { memberId: student.id } : { member: { classId } }) },
      });
      if (removed.count === 0)
        throw new UserError('reports:errors.guardianNotFound', { email: emailText.slice(0, 60) });
      // A guardian linked to no child any more is deleted: nothing is kept about them for nothing.
      if ((await tx.guardianLink.count({ where: { guardianId: guardian.id } })) === 0) {
        await tx.guardian.delete({ where: { id: guardian.id } });
      }
      await tx.auditLog.create({
        data: {
          classId,
          actorId: teacher.id,
          action: 'guardian.remove',
          details: JSON.stringify({ guardianId: guardian.id }),
        },
      });
      return removed.count;
    });
  }
}
