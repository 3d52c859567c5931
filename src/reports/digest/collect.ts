// What one parent's digest says, read from the database: for each of their children, by class,
// the capsules of the week with what the child did, what comes next week, and the teacher's note.
// Only the parent's own children are ever read: every per-student query is filtered by their ids.
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../db/client.ts';
import type { Guardian } from '../../db/models.ts';
import { lockedFor } from '../../services/path-access.ts';
import { loadQuestions } from '../capsule-report.ts';
import { type AnswerFacts, type QuestionFacts, scoreOf } from '../scores.ts';
import { GuardianRows } from './guardian-rows.ts';
import { digestWeek } from './week.ts';

/** A capsule as a parent sees it. `url` only once it is out. */
export interface DigestCapsule {
  id: string;
  number: number;
  title: string;
  url: string | null;
  sessionAt: Date;
  questions: number;
  graded: number;
}

/** What one child did on one capsule of the week. */
export interface ChildResult {
  capsuleId: string;
  /** Not open yet on the child's self-paced path: neither watched nor missed (docs/decisions/0025). */
  locked?: boolean;
  watched: boolean;
  answered: number;
  right: number;
  score: number | null;
}

/** One class of the digest, with the parent's children in it. */
export interface DigestClass {
  id: string;
  name: string;
  timeZone: string;
  note: string | null;
  week: DigestCapsule[];
  next: DigestCapsule[];
  children: { id: string; name: string; results: ChildResult[] }[];
}

/** The whole of one parent's digest. */
export interface DigestData {
  guardian: Pick<Guardian, 'id' | 'email' | 'language' | 'platform' | 'platformUserId' | 'unsubscribedAt'>;
  /** When the digest is written: each class's week is the calendar week holding it (week.ts). */
  until: Date;
  classes: DigestClass[];
  /** Classes left out because the reader may not see them (a teacher's preview). */
  hidden: number;
}

interface ClassPart {
  klass: { id: string; name: string; timeZone: string; digestNote: string | null };
  week: DigestCapsule[];
  next: DigestCapsule[];
  questions: (QuestionFacts & { capsuleId: string })[];
  /** Capsules of the week in a self-paced sequence: locked or not, child by child. */
  paced: { id: string; sequenceId: string | null }[];
}

const CACHE_MS = 10 * 60_000;

/** Reads digests; what is the same for a whole class is read once per class and week. */
export class DigestCollector {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #cache = new Map<string, { at: number; part: Promise<ClassPart> }>();
  readonly #rows: GuardianRows;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.#rows = new GuardianRows(db, clock);
  }

  /**
   * The digest of a guardian written at `until` (the calendar week holding it, in each class's zone). `onlyClassId` keeps one class (a
   * teacher's preview); `cached` shares class data between the many sends of one weekly run, and
   * with `classHint` (the class whose run this is) reads its parents in one batch.
   */
  async collect(
    guardianId: string,
    until: Date,
    options: { onlyClassId?: string; cached?: boolean; classHint?: string } = {},
  ): Promise<DigestData | null> {
    const { onlyClassId, cached = false, classHint } = options;
    const guardian =
      cached && classHint
        ? await this.#rows.fromBatch(guardianId, until, classHint)
        : await this.#rows.one(guardianId, until);
    if (!guardian) return null;
    const children = guardian.links.map((l) => l.member).filter((m) => m.role === 'student');
    const classIds = [...new Set(children.map((c) => c.classId))].sort();
    const shown = onlyClassId ? classIds.filter((id) => id === onlyClassId) : classIds;
    const parts = await Promise.all(
      shown.map((id) => (cached ? this.#classPart(id, until) : this.#loadClassPart(id, until))),
    );
    const views = children.flatMap((c) => c.views.map((v) => ({ memberId: c.id, capsuleId: v.capsuleId })));
    const answers: AnswerFacts[] = children.flatMap((c) => c.answers.map((a) => ({ ...a, memberId: c.id })));
    const seen = new Set(views.map((v) => `${v.memberId}|${v.capsuleId}`));
    const locked = new Set<string>();
    for (const part of parts) {
      if (part.paced.length === 0) continue;
      for (const child of children.filter((c) => c.classId === part.klass.id))
        for (const id of await lockedFor(this.#db, part.paced, child.id)) locked.add(`${child.id}|${id}`);
    }
    const classes = parts.map(
      (part): DigestClass => ({
        id: part.klass.id,
        name: part.klass.name,
        timeZone: part.klass.timeZone,
        note: part.klass.digestNote,
        week: part.week,
        next: part.next,
        children: children
          .filter((c) => c.classId === part.klass.id)
          .sort((a, b) => a.displayName.localeCompare(b.displayName))
          .map((child) => ({
            id: child.id,
            name: child.displayName,
            results: part.week.map((capsule): ChildResult => {
              const qs = part.questions.filter((q) => q.capsuleId === capsule.id);
              const ids = new Set(qs.map((q) => q.id));
              const mine = answers.filter((a) => a.memberId === child.id && ids.has(a.questionId));
              const score = scoreOf(child.id, qs, mine);
              return {
                capsuleId: capsule.id,
                ...(locked.has(`${child.id}|${capsule.id}`) ? { locked: true } : {}),
                watched: seen.has(`${child.id}|${capsule.id}`),
                answered: mine.length,
                right: score.right,
                score: score.score,
              };
            }),
          })),
      }),
    );
    return {
      guardian: {
        id: guardian.id,
        email: guardian.email,
        language: guardian.language,
        platform: guardian.platform,
        platformUserId: guardian.platformUserId,
        unsubscribedAt: guardian.unsubscribedAt,
      },
      until,
      classes,
      hidden: classIds.length - shown.length,
    };
  }

  #classPart(classId: string, until: Date): Promise<ClassPart> {
    const key = `${classId}|${until.getTime()}`;
    const now = this.#clock.now().getTime();
    const hit = this.#cache.get(key);
    if (hit && now - hit.at < CACHE_MS && now >= hit.at) return hit.part;
    if (this.#cache.size > 2000) this.#cache.clear();
    const part = this.#loadClassPart(classId, until);
    this.#cache.set(key, { at: now, part });
    part.catch(() => this.#cache.delete(key));
    return part;
  }

  async #loadClassPart(classId: string, until: Date): Promise<ClassPart> {
    const klass = await this.#db.class.findUniqueOrThrow({
      where: { id: classId },
      select: { id: true, name: true, timeZone: true, digestNote: true },
    });
    const week = digestWeek(until, klass.timeZone);
    const capsules = await this.#db.capsule.findMany({
      where: { classId, status: { not: 'cancelled' }, sessionAt: { gte: week.from, lt: week.nextUntil } },
      orderBy: [{ sessionAt: 'asc' }, { number: 'asc' }],
      include: { sequence: { select: { pace: true } } },
    });
    const questions = await loadQuestions(
      this.#db,
      capsules.map((c) => c.id),
    );
    const view = (c: (typeof capsules)[number]): DigestCapsule => {
      const own = questions.filter((q) => q.capsuleId === c.id);
      return {
        id: c.id,
        number: c.number,
        title: c.title,
        url: c.status === 'published' ? c.videoUrl : null,
        sessionAt: c.sessionAt,
        questions: own.length,
        graded: own.filter((q) => q.correct.length > 0).length,
      };
    };
    return {
      klass,
      week: capsules.filter((c) => c.sessionAt < week.until).map(view),
      next: capsules.filter((c) => c.sessionAt >= week.until).map(view),
      questions,
      paced: capsules.filter((c) => c.sequence?.pace === 'self'),
    };
  }
}

/** Whether a digest has anything to tell. */
export function hasContent(data: DigestData): boolean {
  return data.classes.some((c) => c.week.length > 0 || c.next.length > 0 || (c.note ?? '').trim() !== '');
}
