// Classes and their members: set-up in a channel, settings, teachers, and the Directory the
// dispatcher uses to know who acts where.

import { isTimeZone } from '../config.ts';
import type { MemberInfo } from '../core/commands.ts';
import type { Directory } from '../core/dispatcher.ts';
import { UserError } from '../core/errors.ts';
import type { Actor, Place } from '../core/events.ts';
import { TtlCache } from '../core/ttl-cache.ts';
import type { Class, Member } from '../db/models.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { parseLevel } from '../domain/capsule-length.ts';
import { parseClockRange, parseOffsets } from '../domain/dates.ts';
import { requireTeacher } from './access.ts';
import type { ServiceDeps } from './deps.ts';
import { isGuardianOfClass } from './newcomers.ts';
import { parseWeekends } from './quiet-hours.ts';

export type { Class, Member };

const MEMBER_CACHE_MS = 30_000;
const WARM_EVERY_MS = 2_000;
const CLASS_CACHE_MS = 60_000;

/** What a teacher may change with /settings (raw text, validated here). */
export interface SettingsInput {
  name?: string;
  language?: string;
  timezone?: string;
  level?: string;
  reminders?: string;
  quiet?: string;
  weekends?: string;
  brief?: string;
  briefBefore?: string;
  /** Hold every question for the teacher's approval before the class sees it. */
  holdQuestions?: boolean;
}

export function toMemberInfo(member: Member, isAdmin = false): MemberInfo {
  return {
    id: member.id,
    classId: member.classId,
    // Platform admins (Discord's Manage Server) count as teachers without being stored as such.
    role: member.role === 'teacher' || isAdmin ? 'teacher' : 'student',
    displayName: member.displayName,
    locale: member.locale,
  };
}

export class ClassService implements Directory {
  readonly #deps: ServiceDeps;
  // Class lookups happen on every click; classes change rarely, so they are cached by place.
  readonly #byPlace: TtlCache<string, Class>;
  // Members are read on every click too; a short-lived cache keeps bursts (a whole class answering
  // a quiz) off the database. Role changes and deletions in this process drop the entry at once.
  readonly #members: TtlCache<string, Member>;
  readonly #warmed: TtlCache<string, true>;

  constructor(deps: ServiceDeps) {
    this.#deps = deps;
    this.#byPlace = new TtlCache(deps.clock, { ttlMs: CLASS_CACHE_MS });
    this.#members = new TtlCache(deps.clock, { ttlMs: MEMBER_CACHE_MS });
    this.#warmed = new TtlCache(deps.clock, { ttlMs: WARM_EVERY_MS });
  }

  async resolve(place: Place, actor: Actor, register = true) {
    const klass = await this.findByPlace(place);
    if (!klass) return null;
    const member = register
      ? await this.#memberOrNewcomer(klass.id, place, actor)
      : await this.#deps.db.member.findFirst({
          where: { classId: klass.id, platformUserId: actor.platformUserId },
        });
    return {
      classId: klass.id,
      language: klass.language,
      member: member ? toMemberInfo(member, actor.isAdmin) : null,
    };
  }

  async findByPlace(place: Place): Promise<Class | null> {
    const key = `${place.platform}|${place.workspaceId}|${place.channelId}`;
    const cached = this.#byPlace.get(key);
    if (cached) return cached;
    const klass = await this.#deps.db.class.findFirst({
      where: { platform: place.platform, workspaceId: place.workspaceId, channelId: place.channelId },
    });
    // Short-lived: another process sharing the database may change the settings.
    if (klass) this.#byPlace.set(key, klass);
    return klass;
  }

  async get(classId: string): Promise<Class> {
    const klass = await this.#deps.db.class.findUnique({ where: { id: classId } });
    if (!klass) throw new UserError('errors:noClass');
    return klass;
  }

  /** Finds the member, registering a newcomer as a student; keeps name and locale current. */
  async ensureMember(classId: string, actor: Actor): Promise<Member> {
    const key = `${classId}|${actor.platformUserId}`;
    let cached = this.#members.get(key);
    if (!cached) {
      // A miss usually means a burst is starting (the whole class opening a quiz): one read of
      // the class's members serves everyone who follows.
      await this.#warm(classId);
      cached = this.#members.get(key);
    }
    const locale = actor.locale ?? cached?.locale ?? null;
    if (
      cached &&
      cached.displayName === actor.displayName &&
      cached.locale === locale &&
      (!actor.isAdmin || cached.role === 'teacher')
    )
      return cached;
    const member = await this.#loadMember(classId, actor);
    this.#members.set(key, member);
    return member;
  }

  /** The member, or a newcomer made a student, unless they are a parent of the class (newcomers.ts). */
  async #memberOrNewcomer(classId: string, place: Place, actor: Actor): Promise<Member | null> {
    await this.#warm(classId);
    const known = this.#members.get(`${classId}|${actor.platformUserId}`);
    if (known || !(await isGuardianOfClass(this.#deps.db, classId, place, actor)))
      return this.ensureMember(classId, actor);
    return this.#deps.db.member.findFirst({ where: { classId, platformUserId: actor.platformUserId } });
  }

  async #warm(classId: string): Promise<void> {
    // At most one class read every few seconds, however many strangers arrive at once.
    if (this.#warmed.get(classId)) return;
    this.#warmed.set(classId, true);
    for (const member of await this.#deps.db.member.findMany({ where: { classId } })) {
      this.#members.set(`${classId}|${member.platformUserId}`, member);
    }
  }

  /** Drops a cached member after a change made elsewhere (role, deletion). */
  forgetMember(classId: string, platformUserId: string): void {
    this.#members.delete(`${classId}|${platformUserId}`);
  }

  async #loadMember(classId: string, actor: Actor): Promise<Member> {
    const db = this.#deps.db;
    const where = { classId_platformUserId: { classId, platformUserId: actor.platformUserId } };
    // findFirst, not findUnique: Prisma merges concurrent findUnique calls into one query, and a
    // whole class clicking at once then exceeds SQLite's parameter limit.
    const existing = await db.member.findFirst({ where: { classId, platformUserId: actor.platformUserId } });
    if (existing) {
      const locale = actor.locale ?? existing.locale;
      const role = actor.isAdmin ? 'teacher' : existing.role;
      if (
        existing.displayName === actor.displayName &&
        existing.locale === locale &&
        existing.role === role
      ) {
        return existing;
      }
      return db.member.update({ where, data: { displayName: actor.displayName, locale, role } });
    }
    return db.member.upsert({
      where,
      create: {
        classId,
        platformUserId: actor.platformUserId,
        displayName: actor.displayName.slice(0, 80),
        locale: actor.locale ?? null,
        // The day only: a member first seen while asking anonymously must not date that question.
        createdAt: startOfDayUtc(this.#deps.clock.now()),
        // A server admin (Discord's Manage Server) is a teacher, never counted among the students.
        role: actor.isAdmin ? 'teacher' : 'student',
      },
      update: {},
    });
  }

  /** Creates the class of a channel; the one who runs it becomes its teacher. */
  async setup(
    place: Place,
    actor: Actor,
    input: { name?: string; level?: string; language?: string; timezone?: string },
  ): Promise<Class> {
    const existing = await this.findByPlace(place);
    if (existing) throw new UserError('errors:classExists', { name: existing.name });
    const data = this.#validate({ ...input });
    const db = this.#deps.db;
    const klass = await db
      .$transaction(async (tx) => {
        const created = await tx.class.create({
          data: {
            platform: place.platform,
            workspaceId: place.workspaceId,
            channelId: place.channelId,
            name: data.name ?? place.channelId,
            level: data.level ?? 'lycee',
            language: data.language ?? this.#deps.i18n.match(actor.locale) ?? this.#deps.defaults.language,
            timeZone: data.timeZone ?? this.#deps.defaults.timeZone,
          },
        });
        const teacher = await tx.member.create({
          data: {
            classId: created.id,
            platformUserId: actor.platformUserId,
            displayName: actor.displayName.slice(0, 80),
            role: 'teacher',
            locale: actor.locale ?? null,
          },
        });
        await tx.auditLog.create({
          data: { classId: created.id, actorId: teacher.id, action: 'class.setup' },
        });
        return created;
      })
      .catch(async (error: unknown) => {
        // Two set-ups of one channel at the same moment: the second is told the class exists.
        if (!isUniqueViolation(error)) throw error;
        const winner = await this.findByPlace(place);
        throw new UserError('errors:classExists', { name: winner?.name ?? '' });
      });
    return klass;
  }

  async updateSettings(classId: string, member: MemberInfo | null, input: SettingsInput): Promise<Class> {
    const teacher = requireTeacher(member);
    const data = this.#validate(input);
    if (Object.keys(data).length === 0) return this.get(classId);
    // The brief names the students who are behind: never in front of the whole class.
    if (data.briefTarget && data.briefTarget === (await this.get(classId)).channelId) {
      throw new UserError('errors:briefInClassChannel');
    }
    const db = this.#deps.db;
    const klass = await db.$transaction(async (tx) => {
      const updated = await tx.class.update({ where: { id: classId }, data });
      await tx.auditLog.create({
        data: { classId, actorId: teacher.id, action: 'class.settings', details: JSON.stringify(data) },
      });
      return updated;
    });
    this.#forget(classId);
    return klass;
  }

  /** Gives the teacher role to a member (registering them if they never acted yet). */
  async addTeacher(classId: string, member: MemberInfo | null, target: Actor): Promise<Member> {
    const teacher = requireTeacher(member);
    const db = this.#deps.db;
    const where = { classId_platformUserId: { classId, platformUserId: target.platformUserId } };
    this.forgetMember(classId, target.platformUserId);
    return db.$transaction(async (tx) => {
      const promoted = await tx.member.upsert({
        where,
        create: {
          classId,
          platformUserId: target.platformUserId,
          displayName: target.displayName,
          role: 'teacher',
        },
        update: { role: 'teacher' },
      });
      await tx.auditLog.create({
        data: {
          classId,
          actorId: teacher.id,
          action: 'class.addTeacher',
          details: JSON.stringify({ memberId: promoted.id }),
        },
      });
      return promoted;
    });
  }

  #forget(classId: string): void {
    this.#byPlace.deleteWhere((klass) => klass.id === classId);
  }

  #validate(input: SettingsInput) {
    const data: Partial<Class> = {};
    if (input.name !== undefined) {
      const name = input.name.trim();
      if (name.length < 1 || name.length > 80) throw new UserError('errors:className');
      data.name = name;
    }
    if (input.language !== undefined) {
      const language = this.#deps.i18n.match(input.language.trim());
      if (!language)
        throw new UserError('errors:language', { choices: this.#deps.i18n.languages.join(', ') });
      data.language = language;
    }
    if (input.timezone !== undefined) {
      if (!isTimeZone(input.timezone.trim()))
        throw new UserError('errors:timeZone', { value: input.timezone });
      data.timeZone = input.timezone.trim();
    }
    if (input.level !== undefined) data.level = parseLevel(input.level);
    if (input.reminders !== undefined) data.reminderOffsets = parseOffsets(input.reminders).join(',');
    if (input.quiet !== undefined) {
      const range = parseClockRange(input.quiet);
      data.quietStart = range.start;
      data.quietEnd = range.end;
    }
    if (input.weekends !== undefined) data.quietWeekends = parseWeekends(input.weekends);
    if (input.brief !== undefined) data.briefTarget = briefTarget(input.brief);
    if (input.holdQuestions !== undefined) data.holdQuestions = input.holdQuestions;
    if (input.briefBefore !== undefined) {
      const [minutes] = parseOffsets(input.briefBefore);
      if (minutes !== undefined) data.briefOffsetMinutes = minutes;
    }
    return data;
  }
}

/** `dm`, or a channel given by id or mention (`<#123>`, `<#C123|name>`); names are ambiguous. */
function briefTarget(raw: string): string {
  const text = raw.trim();
  if (text === '' || text.toLowerCase() === 'dm' || text.toLowerCase() === 'mp') return 'dm';
  const id =
    /^<#([A-Za-z0-9_-]+)(?:\|[^>]*)?>$/.exec(text)?.[1] ?? (/^[A-Za-z0-9_-]+$/.test(text) ? text : null);
  if (!id) throw new UserError('errors:briefTarget', { value: text.slice(0, 40) });
  return id;
}

function startOfDayUtc(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 86_400_000) * 86_400_000);
}
