// One-time codes that let a parent who is on the chat platform link their account, so the digest
// comes to them privately there instead of by e-mail. Only a keyed hash of the code is stored; a
// code works once, for a few days, and is redeemed from anywhere (a DM with the bot is best).
import { randomInt } from 'node:crypto';
import type { MemberInfo } from '../core/commands.ts';
import { UserError } from '../core/errors.ts';
import type { Actor, Place } from '../core/events.ts';
import type { Guardian } from '../db/models.ts';
import { requireTeacher } from '../services/access.ts';
import { tokenHash } from '../services/hashing.ts';
import type { Services } from '../services/index.ts';
import { findStudent } from '../services/members.ts';
import { normaliseEmail } from './guardian-import.ts';

export const LINK_PURPOSE = 'guardian_link';
export const LINK_TTL_MS = 72 * 3600_000;
/** No 0/O, 1/I/L: codes are read aloud and typed by hand. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A new code such as `K7MPQ-2XWRT` (five and five characters, about 49 bits). */
export function newCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** What a person typed, as the code was made: upper case, letters and digits only. */
export function normaliseCode(text: string): string {
  const bare = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return bare.length === 10 ? `${bare.slice(0, 5)}-${bare.slice(5)}` : bare;
}

export class GuardianCodes {
  readonly #services: Services;

  constructor(services: Services) {
    this.#services = services;
  }

  /**
   * A code for one parent: for a guardian already known by e-mail (their digest moves to DM), or
   * for a student (whoever redeems it becomes that student's guardian on the platform).
   */
  async create(
    classId: string,
    member: MemberInfo | null,
    target: { student?: string; email?: string },
  ): Promise<{ code: string; expiresAt: Date; student: string }> {
    requireTeacher(member);
    const { db, clock, secret } = this.#services.deps;
    let subjectId: string;
    let studentName: string;
    if (target.email) {
      const email = normaliseEmail(target.email);
      const link = email
        ? await db.guardianLink.findFirst({
            where: { guardian: { email }, member: { classId } },
            include: { member: true },
          })
        : null;
      if (!link) throw new UserError('reports:errors.guardianNotFound', { email: target.email.slice(0, 60) });
      subjectId = link.guardianId;
      studentName = link.member.displayName;
    } else if (target.student) {
      const student = await findStudent(db, classId, target.student);
      subjectId = student.id;
      studentName = student.displayName;
    } else {
      throw new UserError('reports:errors.linkTarget');
    }
    const code = newCode();
    const expiresAt = new Date(clock.now().getTime() + LINK_TTL_MS);
    await db.oneTimeToken.create({
      data: { classId, purpose: LINK_PURPOSE, tokenHash: tokenHash(secret, code), subjectId, expiresAt },
    });
    return { code, expiresAt, student: studentName };
  }

  /** Redeems a code for the person who typed it; returns the guardian and their linked children. */
  async redeem(
    text: string,
    actor: Actor,
    place: Place,
  ): Promise<{ guardian: Guardian; students: string[] }> {
    const { db, clock, secret, i18n } = this.#services.deps;
    const now = clock.now();
    const hash = tokenHash(secret, normaliseCode(text));
    const token = await db.oneTimeToken.findUnique({ where: { tokenHash: hash } });
    if (
      !token ||
      token.purpose !== LINK_PURPOSE ||
      token.usedAt ||
      token.expiresAt <= now ||
      !token.classId
    ) {
      throw new UserError('reports:errors.badCode');
    }
    const klass = await db.class.findUniqueOrThrow({ where: { id: token.classId } });
    // A pupil is never a guardian: a student who got hold of a classmate's code (or their own)
    // must not receive a family's digest. Refused before the code is spent, so the parent can still use it.
    const pupil = await db.member.findFirst({
      where: {
        platformUserId: actor.platformUserId,
        role: 'student',
        class: { platform: place.platform, workspaceId: klass.workspaceId },
      },
      select: { id: true },
    });
    if (pupil) throw new UserError('reports:errors.codeForParents');
    const identity = { platform: place.platform, platformUserId: actor.platformUserId };
    const guardian = await db.$transaction(async (tx) => {
      // The conditional update is the claim: of two people typing the same code, one wins. It is
      // part of the link: a link that fails leaves the code unused, to be typed again.
      const claimed = await tx.oneTimeToken.updateMany({
        where: { id: token.id, usedAt: null },
        data: { usedAt: now },
      });
      if (claimed.count !== 1) throw new UserError('reports:errors.badCode');
      const known = await tx.guardian.findFirst({ where: identity });
      const subject = await tx.guardian.findUnique({ where: { id: token.subjectId } });
      if (subject) {
        if (known && known.id !== subject.id) {
          // The same person was already linked on the platform for another child: one guardian.
          // Their children move to it (a child kept by the old one too would be reported twice a
          // week: by DM, and by e-mail to the old address), and the old guardian, with no child
          // left, goes.
          const links = await tx.guardianLink.findMany({ where: { guardianId: known.id } });
          for (const link of links) {
            await tx.guardianLink.upsert({
              where: { guardianId_memberId: { guardianId: subject.id, memberId: link.memberId } },
              create: { guardianId: subject.id, memberId: link.memberId },
              update: {},
            });
          }
          await tx.guardianLink.deleteMany({ where: { guardianId: known.id } });
          await tx.guardian.delete({ where: { id: known.id } });
        }
        return tx.guardian.update({ where: { id: subject.id }, data: identity });
      }
      const student = await tx.member.findUnique({ where: { id: token.subjectId } });
      if (!student) throw new UserError('reports:errors.badCode');
      const guardian =
        known ??
        (await tx.guardian.create({
          data: { ...identity, language: i18n.match(actor.locale) ?? klass.language },
        }));
      await tx.guardianLink.upsert({
        where: { guardianId_memberId: { guardianId: guardian.id, memberId: student.id } },
        create: { guardianId: guardian.id, memberId: student.id },
        update: {},
      });
      return guardian;
    });
    const links = await db.guardianLink.findMany({
      where: { guardianId: guardian.id },
      include: { member: { select: { displayName: true } } },
    });
    return { guardian, students: links.map((l) => l.member.displayName).sort() };
  }
}
