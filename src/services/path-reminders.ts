// Reminders of a self-paced sequence (issue 14 §1): the channel hears about the session without
// a capsule's counts (everyone is somewhere else), and each student behind is nudged about their
// own current capsule, not the one whose session comes. Class-paced capsules never come here.
import type { Card } from '../core/card.ts';
import type { Capsule, Class } from '../db/models.ts';
import type { JobQueue } from '../scheduler/queue.ts';
import type { JobOutcome } from '../scheduler/types.ts';
import { JOB } from './capsule-jobs.ts';
import { pathButton, unlockRule } from './cards/path-card.ts';
import type { ServiceDeps } from './deps.ts';
import type { Outbox } from './outbox.ts';
import type { PathService } from './paths.ts';
import { nextAllowed, quietHoursOf } from './quiet-hours.ts';

/** What ReminderService asks before its own rules: null means "not self-paced, carry on". */
export interface PacedReminders {
  remind(capsule: Capsule, klass: Class, offsetMinutes: number): Promise<JobOutcome | null>;
  nudge(capsule: Capsule, klass: Class, offsetMinutes: number): Promise<JobOutcome | null>;
}

export class PathReminders implements PacedReminders {
  readonly #deps: ServiceDeps;
  readonly #outbox: Outbox;
  readonly #queue: JobQueue;
  readonly #paths: PathService;

  constructor(deps: ServiceDeps, outbox: Outbox, queue: JobQueue, paths: PathService) {
    this.#deps = deps;
    this.#outbox = outbox;
    this.#queue = queue;
    this.#paths = paths;
  }

  async remind(capsule: Capsule, klass: Class, offsetMinutes: number): Promise<JobOutcome | null> {
    const sequence = await this.#paths.selfPacedOf(capsule);
    if (!sequence) return null;
    const t = this.#outbox.t(klass);
    const card: Card = {
      title: t('cards:path.reminderTitle', { name: sequence.name }),
      text: t('cards:path.reminderText', { when: this.#outbox.formatter(klass)(capsule.sessionAt) }),
      controls: [[pathButton(t)]],
      tone: 'info',
    };
    // Keyed by sequence and session: capsules sharing a session remind (and nudge) once.
    const session = capsule.sessionAt.getTime();
    await this.#outbox.post(klass, card, `reminder:path:${sequence.id}:${offsetMinutes}:${session}`);
    const now = this.#deps.clock.now();
    await this.#queue.enqueue({
      kind: JOB.nudge,
      dueAt: nextAllowed(now, klass.timeZone, quietHoursOf(klass)),
      key: `${JOB.nudge}:path:${sequence.id}:${offsetMinutes}:${session}`,
      classId: klass.id,
      capsuleId: capsule.id,
      payload: { offsetMinutes },
    });
    return { status: 'done' };
  }

  async nudge(capsule: Capsule, klass: Class, offsetMinutes: number): Promise<JobOutcome | null> {
    const sequence = await this.#paths.selfPacedOf(capsule);
    if (!sequence) return null;
    const { paths } = await this.#paths.paths(sequence.id);
    const students = await this.#deps.db.member.findMany({
      where: { id: { in: paths.map((p) => p.memberId) } },
    });
    const byId = new Map(students.map((s) => [s.id, s]));
    let attempted = 0;
    let failures = 0;
    for (const path of paths) {
      const current = path.current;
      const student = byId.get(path.memberId);
      // Finished, or waiting for a capsule the teacher has not released: nothing to ask of them.
      if (!current || !student) continue;
      const t = this.#deps.i18n.t(student.locale ?? klass.language);
      const last = path.steps.at(-1) === current;
      const card: Card = {
        title: t('cards:path.nudgeTitle', { number: current.capsule.number, title: current.capsule.title }),
        text: `${unlockRule(current, last, sequence.masteryPercent, t)}\n${t('cards:path.nudgeText', { klass: klass.name })}`,
        controls: [[{ kind: 'link', url: current.capsule.videoUrl, label: t('cards:capsule.watch') }]],
      };
      attempted++;
      try {
        await this.#outbox.direct(
          klass,
          student,
          card,
          `nudge:path:${sequence.id}:${offsetMinutes}:${capsule.sessionAt.getTime()}:${student.id}`,
        );
      } catch (error) {
        failures++;
        this.#deps.logger.warn(
          { err: error, memberId: student.id, capsuleId: capsule.id },
          'nudge not delivered',
        );
      }
    }
    if (attempted > 0 && failures === attempted) throw new Error('no nudge could be delivered');
    return { status: 'done' };
  }
}
