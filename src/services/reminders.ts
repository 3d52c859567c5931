// Reminders before the class session: one channel message with counts, then private nudges only
// to students who have not watched or answered yet — held until quiet hours (nights, weekends)
// end, never sent once the session has started or the quiz has closed.
import type { Card } from '../core/card.ts';
import type { Capsule, Class, Member } from '../db/models.ts';
import type { JobQueue } from '../scheduler/queue.ts';
import type { JobOutcome } from '../scheduler/types.ts';
import { JOB, reminderOffsets } from './capsule-jobs.ts';
import { capsuleWatched } from './cards/actions.ts';
import type { ServiceDeps } from './deps.ts';
import type { Outbox } from './outbox.ts';
import type { PacedReminders } from './path-reminders.ts';
import { isQuiet, nextAllowed, quietHoursOf } from './quiet-hours.ts';

/** Who is behind on a capsule. */
export interface Progress {
  students: Member[];
  watched: Set<string>;
  answered: Set<string>;
  hasQuiz: boolean;
}

export class ReminderService {
  readonly #deps: ServiceDeps;
  readonly #outbox: Outbox;
  readonly #queue: JobQueue;
  /** Self-paced sequences: each student hears about their own current capsule (issue 14 §1). */
  readonly #paced: PacedReminders | null;

  constructor(deps: ServiceDeps, outbox: Outbox, queue: JobQueue, paced: PacedReminders | null = null) {
    this.#deps = deps;
    this.#outbox = outbox;
    this.#queue = queue;
    this.#paced = paced;
  }

  /** Students, and who watched and answered (all questions of the open quizzes count as answered). */
  async progress(capsuleId: string): Promise<Progress> {
    const db = this.#deps.db;
    const capsule = await db.capsule.findUniqueOrThrow({ where: { id: capsuleId } });
    const students = await db.member.findMany({ where: { classId: capsule.classId, role: 'student' } });
    const views = await db.capsuleView.findMany({ where: { capsuleId }, select: { memberId: true } });
    const questions = await db.quizQuestion.findMany({
      where: { quiz: { capsuleId } },
      select: { id: true },
    });
    const answers = await db.answer.groupBy({
      by: ['memberId'],
      where: { questionId: { in: questions.map((q) => q.id) } },
      _count: { _all: true },
    });
    return {
      students,
      watched: new Set(views.map((v) => v.memberId)),
      answered: new Set(answers.filter((a) => a._count._all >= questions.length).map((a) => a.memberId)),
      hasQuiz: questions.length > 0,
    };
  }

  /** The channel reminder; schedules the private nudges (pushed past quiet hours). */
  async remind(capsuleId: string, offsetMinutes: number): Promise<JobOutcome> {
    const { capsule, klass, obsolete } = await this.#load(capsuleId);
    if (obsolete) return obsolete;
    const now = this.#deps.clock.now();
    // After a downtime several reminders may be due at once: only the closest one is sent.
    const closer = reminderOffsets(klass).some(
      (o) => o < offsetMinutes && capsule.sessionAt.getTime() - o * 60_000 <= now.getTime(),
    );
    if (closer) return { status: 'skipped', reason: 'a closer reminder is due' };
    const paced = await this.#paced?.remind(capsule, klass, offsetMinutes);
    if (paced) return paced;
    const progress = await this.progress(capsule.id);
    const t = this.#outbox.t(klass);
    const format = this.#outbox.formatter(klass);
    const left = Math.max(1, Math.round((capsule.sessionAt.getTime() - now.getTime()) / 60_000));
    const card: Card = {
      title: t('cards:reminder.title', { title: capsule.title }),
      text:
        left >= 90
          ? t('cards:reminder.text', { when: format(capsule.sessionAt), count: Math.round(left / 60) })
          : t('cards:reminder.textMinutes', { when: format(capsule.sessionAt), count: left }),
      fields: [
        {
          label: t('cards:reminder.watched'),
          value: `${progress.watched.size}/${progress.students.length}`,
          inline: true,
        },
      ],
      controls: [
        [
          { kind: 'link', url: capsule.videoUrl, label: t('cards:capsule.watch') },
          {
            kind: 'button',
            ...capsuleWatched.with({ capsuleId: capsule.id }),
            label: t('cards:capsule.watched'),
            style: 'success',
          },
        ],
      ],
    };
    if (progress.hasQuiz) {
      card.fields?.push({
        label: t('cards:reminder.answered'),
        value: `${progress.answered.size}/${progress.students.length}`,
        inline: true,
      });
    }
    // Keys carry the session time: a session moved later gets its reminders again.
    const session = capsule.sessionAt.getTime();
    await this.#outbox.post(klass, card, `reminder:${capsule.id}:${offsetMinutes}:${session}`);
    // Held past quiet hours, never dropped: a nudge whose allowed time comes after the session is
    // still a row, skipped then with its reason, so the teacher can see why nobody was nudged.
    await this.#queue.enqueue({
      kind: JOB.nudge,
      dueAt: nextAllowed(now, klass.timeZone, quietHoursOf(klass)),
      key: `${JOB.nudge}:${capsule.id}:${offsetMinutes}:${session}`,
      classId: klass.id,
      capsuleId: capsule.id,
      payload: { offsetMinutes },
    });
    return { status: 'done' };
  }

  /** Private nudges to those behind. A closed DM is remembered and never retried. */
  async nudge(capsuleId: string, offsetMinutes: number): Promise<JobOutcome> {
    const { capsule, klass, obsolete } = await this.#load(capsuleId);
    if (obsolete) return obsolete;
    const now = this.#deps.clock.now();
    const quiet = quietHoursOf(klass);
    if (isQuiet(now, klass.timeZone, quiet)) {
      // Fell due in quiet hours (the bot was down, or the class changed its hours): held, not lost.
      return { status: 'deferred', until: nextAllowed(now, klass.timeZone, quiet), reason: 'quiet hours' };
    }
    const paced = await this.#paced?.nudge(capsule, klass, offsetMinutes);
    if (paced) return paced;
    const quizOpen = await this.#deps.db.quiz.count({ where: { capsuleId, closedAt: null } });
    const progress = await this.progress(capsule.id);
    let failures = 0;
    let attempted = 0;
    for (const student of progress.students) {
      const watched = progress.watched.has(student.id);
      const answered = !progress.hasQuiz || progress.answered.has(student.id) || quizOpen === 0;
      if (watched && answered) continue;
      const t = this.#deps.i18n.t(student.locale ?? klass.language);
      const when = this.#deps.i18n.formatDate(
        capsule.sessionAt,
        student.locale ?? klass.language,
        klass.timeZone,
      );
      const todo = [
        !watched ? t('cards:nudge.watch') : null,
        !answered ? t('cards:nudge.answer') : null,
      ].filter(Boolean);
      const card: Card = {
        title: t('cards:nudge.title', { title: capsule.title }),
        text: t('cards:nudge.text', { when, todo: todo.join(t('cards:nudge.and')), klass: klass.name }),
        controls: [[{ kind: 'link', url: capsule.videoUrl, label: t('cards:capsule.watch') }]],
      };
      attempted++;
      try {
        await this.#outbox.direct(
          klass,
          student,
          card,
          `nudge:${capsule.id}:${offsetMinutes}:${capsule.sessionAt.getTime()}:${student.id}`,
        );
      } catch (error) {
        failures++;
        this.#deps.logger.warn({ err: error, memberId: student.id, capsuleId }, 'nudge not delivered');
      }
    }
    // Retried (with the per-student keys, nobody gets two) only when nothing got through.
    if (attempted > 0 && failures === attempted) throw new Error('no nudge could be delivered');
    return { status: 'done' };
  }

  async #load(capsuleId: string): Promise<{ capsule: Capsule; klass: Class; obsolete: JobOutcome | null }> {
    const db = this.#deps.db;
    const capsule = await db.capsule.findUniqueOrThrow({ where: { id: capsuleId } });
    const klass = await db.class.findUniqueOrThrow({ where: { id: capsule.classId } });
    const now = this.#deps.clock.now();
    let obsolete: JobOutcome | null = null;
    if (capsule.status === 'cancelled') obsolete = { status: 'skipped', reason: 'capsule cancelled' };
    else if (capsule.status !== 'published')
      obsolete = { status: 'skipped', reason: 'capsule not published' };
    else if (capsule.sessionAt <= now) obsolete = { status: 'skipped', reason: 'session already started' };
    return { capsule, klass, obsolete };
  }
}
