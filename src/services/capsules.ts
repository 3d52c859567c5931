// Capsules: schedule, list, edit, cancel, post now, and the publication itself (run by the
// scheduler or by "post now"). Pending jobs always follow the capsule (capsule-jobs.ts).

import type { MemberInfo } from '../core/commands.ts';
import { Checks, UserError } from '../core/errors.ts';
import type { Capsule, Class } from '../db/models.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import {
  checkMinutes,
  checkTimes,
  checkTitle,
  checkUrl,
  parseResources,
  type TimeNote,
} from '../domain/capsule-input.ts';
import { capsuleLengthWarning, type Level } from '../domain/capsule-length.ts';
import { videoSourceOf } from '../domain/video-url.ts';
import type { JobQueue } from '../scheduler/queue.ts';
import { requireMember, requireStudent, requireTeacher } from './access.ts';
import { JOB, type PlanExtension, planCapsuleJobs } from './capsule-jobs.ts';
import { findCapsule, sequenceIdFor, suggestCapsules } from './capsule-lookup.ts';
import type { ClassService } from './classes.ts';
import type { ServiceDeps } from './deps.ts';
import type { DomainEventBus } from './domain-events.ts';
import { requireOpenFor } from './path-access.ts';
import type { CapsulePublisher as Publisher } from './publisher.ts';
import { type DescribedVideo, describeVideo, mediaChange } from './video-details.ts';
import type { VideoMetadataFetcher } from './video-metadata.ts';

/** What a teacher gives to schedule a capsule (raw text where a person types it). */
export interface ScheduleInput {
  /** May be left out when the link is a video whose title the bot can read. */
  title?: string;
  url: string;
  publish: string | Date;
  session: string | Date;
  minutes?: number;
  resources?: string;
  sequence?: string;
}

/** Changes to a capsule; absent fields stay as they are. */
export type EditInput = Partial<ScheduleInput>;

/** The result of scheduling: the capsule and a warning when it is long for the class level. */
export interface Scheduled {
  capsule: Capsule;
  lengthWarning: { max: number } | null;
  /** Typed times the clocks skip or repeat that day, and the instant used instead. */
  timeNotes: TimeNote[];
  /** What was read from the video site (title, minutes), or that it could not be; null: not tried. */
  video: DescribedVideo | null;
}

export class CapsuleService {
  readonly #deps: ServiceDeps;
  readonly #classes: ClassService;
  readonly #queue: JobQueue;
  readonly #publisher: Publisher;
  readonly #extensions: PlanExtension[];
  readonly #events: DomainEventBus;
  readonly #video: VideoMetadataFetcher | null;

  constructor(
    deps: ServiceDeps,
    collaborators: {
      classes: ClassService;
      queue: JobQueue;
      publisher: Publisher;
      events: DomainEventBus;
      planExtensions?: PlanExtension[];
      /** Reads title, length and file of video links; null or absent: never looked up. */
      video?: VideoMetadataFetcher | null;
    },
  ) {
    this.#video = collaborators.video ?? null;
    this.#deps = deps;
    this.#classes = collaborators.classes;
    this.#queue = collaborators.queue;
    this.#publisher = collaborators.publisher;
    this.#events = collaborators.events;
    this.#extensions = collaborators.planExtensions ?? [];
  }

  async schedule(classId: string, member: MemberInfo | null, input: ScheduleInput): Promise<Scheduled> {
    const teacher = requireTeacher(member);
    const klass = await this.#classes.get(classId);
    // Every field is checked before answering: a teacher fixes all mistakes in one go.
    const checks = new Checks();
    const typedTitle = input.title?.trim() ? checks.run('title', () => checkTitle(input.title ?? '')) : null;
    const videoUrl = checks.run('url', () => checkUrl(input.url)) as string;
    const typedMinutes = checks.run('minutes', () => checkMinutes(input.minutes)) ?? null;
    const resources = checks.run('resources', () => parseResources(input.resources)) ?? [];
    const checked = checks.run(undefined, () => checkTimes(input, this.#timeContext(klass)));
    // No title and a link no site can name: said now, with the other mistakes.
    const source = videoUrl ? videoSourceOf(videoUrl) : null;
    if (typedTitle === null && !(this.#video && source && source.kind !== 'media')) {
      checks.add(new UserError('errors:capsule.titleEmpty', {}, 'title'));
    }
    checks.done(); // throws unless every value above was read
    if (!checked) throw new Error('unreachable: checks passed without times');
    const { notes: timeNotes, ...times } = checked;
    // Only once everything typed is right: a mistake is answered at once, without a network wait.
    const video = await describeVideo(this.#video, videoUrl, {
      title: typedTitle ?? null,
      minutes: typedMinutes,
    });
    // A video site that did not answer does not stop scheduling: the capsule is named by its
    // number until the teacher gives a title (the confirmation says so).
    const fallbackTitle = video.details?.kind === 'failed' && !typedTitle;
    const title = typedTitle ?? video.details?.title;
    if (!title && !fallbackTitle) throw new UserError('errors:capsule.titleEmpty', {}, 'title');
    const expectedMinutes = typedMinutes ?? video.details?.minutes ?? null;
    const db = this.#deps.db;
    // Two teachers (or a double-submitted form) may take the same next number at once: the
    // unique index refuses one, which then tries again with the following number.
    let capsule: Capsule | undefined;
    for (let attempt = 0; !capsule; attempt++) {
      try {
        capsule = await db.$transaction(async (tx) => {
          const sequenceId = input.sequence ? await sequenceIdFor(tx, classId, input.sequence) : null;
          const last = await tx.capsule.findFirst({ where: { classId }, orderBy: { number: 'desc' } });
          const number = (last?.number ?? 0) + 1;
          const created = await tx.capsule.create({
            data: {
              classId,
              sequenceId,
              number,
              title: title || this.#deps.i18n.t(klass.language)('cards:capsule.untitled', { number }),
              videoUrl,
              resources: JSON.stringify(resources),
              expectedMinutes,
              ...times,
              ...video.media,
              createdById: teacher.id,
            },
          });
          await tx.auditLog.create({
            data: {
              classId,
              actorId: teacher.id,
              action: 'capsule.schedule',
              details: JSON.stringify({ id: created.id }),
            },
          });
          return created;
        });
      } catch (error) {
        if (attempt >= 3 || !isUniqueViolation(error)) throw error;
      }
    }
    try {
      await this.#queue.enqueueMany(planCapsuleJobs(capsule, klass, this.#extensions));
    } catch (error) {
      // A capsule without its jobs would never be published: keep neither.
      await this.#deps.db.capsule.delete({ where: { id: capsule.id } }).catch(() => undefined);
      throw error;
    }
    await this.#publisher.syncEvent(capsule, klass);
    return {
      capsule,
      lengthWarning: expectedMinutes ? capsuleLengthWarning(klass.level as Level, expectedMinutes) : null,
      timeNotes,
      video: video.details,
    };
  }

  async list(classId: string, member: MemberInfo | null): Promise<Capsule[]> {
    const who = requireMember(member);
    return this.#deps.db.capsule.findMany({
      where: who.role === 'teacher' ? { classId } : { classId, status: 'published' },
      orderBy: { sessionAt: 'asc' },
    });
  }

  /** Finds a capsule by number (`3`, `#3`) or by the start of its title. */
  find(classId: string, ref: string): Promise<Capsule> {
    return findCapsule(this.#deps.db, classId, ref);
  }

  async byId(capsuleId: string): Promise<Capsule> {
    const capsule = await this.#deps.db.capsule.findUnique({ where: { id: capsuleId } });
    if (!capsule) throw new UserError('errors:capsule.gone');
    return capsule;
  }

  async edit(classId: string, member: MemberInfo | null, ref: string, input: EditInput): Promise<Scheduled> {
    const teacher = requireTeacher(member);
    const klass = await this.#classes.get(classId);
    const capsule = await this.find(classId, ref);
    if (capsule.status === 'cancelled')
      throw new UserError('errors:capsule.cancelled', { number: capsule.number });
    const data: Partial<Capsule> = {};
    let timeNotes: TimeNote[] = [];
    if (input.title !== undefined) data.title = checkTitle(input.title);
    if (input.url !== undefined) data.videoUrl = checkUrl(input.url);
    if (input.minutes !== undefined) data.expectedMinutes = checkMinutes(input.minutes);
    let video: DescribedVideo | null = null;
    if (input.resources !== undefined) data.resources = JSON.stringify(parseResources(input.resources));
    if (input.publish !== undefined || input.session !== undefined) {
      if (input.publish !== undefined && capsule.status === 'published') {
        throw new UserError('errors:capsule.alreadyPublished', { number: capsule.number });
      }
      const { notes, ...times } = checkTimes(
        { publish: input.publish ?? capsule.publishAt, session: input.session ?? capsule.sessionAt },
        this.#timeContext(klass),
        capsule.status === 'published',
      );
      timeNotes = notes;
      Object.assign(data, times);
      if (times.sessionAt <= this.#deps.clock.now()) throw new UserError('errors:capsule.sessionInPast');
    }
    if (data.videoUrl !== undefined && data.videoUrl !== capsule.videoUrl) {
      // A new video: its file and (unless typed now) its length come from the new link.
      const found = await describeVideo(this.#video, data.videoUrl, {
        title: data.title ?? capsule.title,
        minutes: input.minutes !== undefined ? (data.expectedMinutes ?? null) : null,
      });
      video = found.details;
      Object.assign(data, mediaChange(found.media));
      if (found.details?.minutes) data.expectedMinutes = found.details.minutes;
    }
    // Calendars replace an event only when its SEQUENCE grows.
    data.revision = capsule.revision + 1;
    const db = this.#deps.db;
    const updated = await db.$transaction(async (tx) => {
      if (input.sequence !== undefined) data.sequenceId = await sequenceIdFor(tx, classId, input.sequence);
      const saved = await tx.capsule.update({ where: { id: capsule.id }, data });
      // The quiz closes when the session starts: a moved session moves its close time too. In a
      // self-paced sequence it never closes by itself (ADR 0025).
      const paced = saved.sequenceId
        ? (await tx.sequence.findUnique({ where: { id: saved.sequenceId } }))?.pace === 'self'
        : false;
      await tx.quiz.updateMany({
        where: { capsuleId: capsule.id, closedAt: null },
        data: { openAt: saved.publishAt, closeAt: paced ? null : saved.sessionAt },
      });
      await tx.auditLog.create({
        data: {
          classId,
          actorId: teacher.id,
          action: 'capsule.edit',
          details: JSON.stringify({ id: capsule.id }),
        },
      });
      return saved;
    });
    await this.#replan(updated, klass);
    if (updated.status === 'published') await this.#publisher.refreshCapsule(updated, klass);
    await this.#publisher.syncEvent(updated, klass);
    return {
      capsule: updated,
      lengthWarning: updated.expectedMinutes
        ? capsuleLengthWarning(klass.level as Level, updated.expectedMinutes)
        : null,
      timeNotes,
      video,
    };
  }

  async cancel(classId: string, member: MemberInfo | null, ref: string): Promise<Capsule> {
    const teacher = requireTeacher(member);
    const capsule = await this.find(classId, ref);
    if (capsule.status === 'cancelled') return capsule;
    const klass = await this.#classes.get(classId);
    const db = this.#deps.db;
    const cancelled = await db.$transaction(async (tx) => {
      const saved = await tx.capsule.update({
        where: { id: capsule.id },
        data: { status: 'cancelled', revision: { increment: 1 } },
      });
      await tx.auditLog.create({
        data: {
          classId,
          actorId: teacher.id,
          action: 'capsule.cancel',
          details: JSON.stringify({ id: capsule.id }),
        },
      });
      return saved;
    });
    await this.#queue.cancel({ capsuleId: capsule.id }, 'capsule cancelled');
    await this.#events.emit('capsule.cancelled', { capsule: cancelled });
    if (cancelled.messageRef) await this.#publisher.refreshCapsule(cancelled, klass);
    await this.#publisher.syncEvent(cancelled, klass);
    return cancelled;
  }

  /** Publishes at once instead of waiting for the publish time. */
  async postNow(classId: string, member: MemberInfo | null, ref: string): Promise<Capsule> {
    requireTeacher(member);
    const capsule = await this.find(classId, ref);
    if (capsule.status === 'cancelled')
      throw new UserError('errors:capsule.cancelled', { number: capsule.number });
    if (capsule.status === 'published')
      throw new UserError('errors:capsule.alreadyPublished', { number: capsule.number });
    const now = this.#deps.clock.now();
    if (capsule.sessionAt <= now) throw new UserError('errors:capsule.sessionInPast');
    await this.#queue.cancel({ capsuleId: capsule.id, kinds: [JOB.publish] }, 'posted by hand');
    const moved = await this.#deps.db.capsule.update({ where: { id: capsule.id }, data: { publishAt: now } });
    return this.#publisher.publishCapsule(moved.id);
  }

  /** A student marks a capsule watched (again is fine: nothing changes). */
  async markWatched(
    member: MemberInfo | null,
    capsuleId: string,
  ): Promise<{ first: boolean; capsule: Capsule }> {
    const student = requireStudent(member);
    const capsule = await this.byId(capsuleId);
    if (capsule.classId !== student.classId || capsule.status === 'cancelled')
      throw new UserError('errors:capsule.gone');
    await requireOpenFor(this.#deps.db, capsule.id, student.id);
    const where = { capsuleId_memberId: { capsuleId, memberId: student.id } };
    const existing = await this.#deps.db.capsuleView.findUnique({ where });
    if (existing) return { first: false, capsule };
    await this.#deps.db.capsuleView.upsert({
      where,
      // The injected clock's time, as answers have: "stuck for N days" is measured from it.
      create: { capsuleId, memberId: student.id, createdAt: this.#deps.clock.now() },
      update: {},
    });
    await this.#events.emit('capsule.watched', { capsuleId, memberId: student.id });
    return { first: true, capsule };
  }

  /** Capsules matching what is typed, for autocomplete. */
  suggest(classId: string, partial: string, teacher = false): Promise<{ value: string; label: string }[]> {
    return suggestCapsules(this.#deps.db, classId, partial, teacher);
  }

  /** After a change of reminder or brief offsets: every capsule still ahead gets its jobs again. */
  async replanClass(classId: string): Promise<number> {
    const klass = await this.#classes.get(classId);
    const ahead = await this.#deps.db.capsule.findMany({
      where: { classId, status: { not: 'cancelled' }, sessionAt: { gt: this.#deps.clock.now() } },
    });
    for (const capsule of ahead) await this.#replan(capsule, klass);
    return ahead.length;
  }

  async #replan(capsule: Capsule, klass: Class): Promise<void> {
    const plan = planCapsuleJobs(capsule, klass, this.#extensions);
    await this.#queue.enqueueMany(plan);
    // Reminders whose offset no longer applies (moved session) are cancelled, not left to fire.
    const keep = new Set(plan.map((j) => j.key));
    const pending = await this.#queue.pending({ capsuleId: capsule.id });
    const stale = pending.filter((job) => !keep.has(job.idempotencyKey) && job.kind !== JOB.nudge);
    for (const job of stale)
      await this.#queue.cancel({ capsuleId: capsule.id, keys: [job.idempotencyKey] }, 'capsule edited');
  }

  #timeContext(klass: Class) {
    return {
      zone: klass.timeZone,
      locale: klass.language === 'en' ? ('en' as const) : ('fr' as const),
      now: this.#deps.clock.now(),
    };
  }
}
