// A job that failed for good is reported privately to the class's teachers, in their language.
import type { TKey } from '../../core/i18n-types.ts';
import type { FailureReporter } from '../../scheduler/types.ts';
import type { Services } from '../index.ts';

const KINDS = {
  'capsule.publish': 'cards:failure.kinds.publish',
  'capsule.reminder': 'cards:failure.kinds.reminder',
  'capsule.nudge': 'cards:failure.kinds.nudge',
  'quiz.close': 'cards:failure.kinds.quizClose',
  'brief.send': 'cards:failure.kinds.brief',
  'digest.send': 'cards:failure.kinds.digest',
} as const;

/** One report per class and kind of task per hour: an SMTP outage must not mean one DM per parent. */
const REPORT_EVERY_MS = 60 * 60_000;

function taskKey(kind: string): TKey {
  return KINDS[kind as keyof typeof KINDS] ?? 'cards:failure.kinds.other';
}

export function teacherFailureReporter(services: Services): FailureReporter {
  const lastReport = new Map<string, number>();
  return async (job) => {
    // The raw error is for the log (English, technical), where the scheduler wrote it once with
    // the job's id; the teacher gets the end of that id as a reference.
    const reference = job.id.slice(-8);
    if (!job.classId) return;
    const key = `${job.classId}|${job.kind}`;
    const now = services.deps.clock.now().getTime();
    if (now - (lastReport.get(key) ?? Number.NEGATIVE_INFINITY) < REPORT_EVERY_MS) return;
    lastReport.set(key, now);
    const { db } = services.deps;
    const klass = await db.class.findUnique({ where: { id: job.classId } });
    if (!klass || !services.outbox.available(klass)) return;
    const capsule = job.capsuleId ? await db.capsule.findUnique({ where: { id: job.capsuleId } }) : null;
    const teachers = await db.member.findMany({ where: { classId: klass.id, role: 'teacher' } });
    for (const teacher of teachers) {
      const t = services.deps.i18n.t(teacher.locale ?? klass.language);
      await services.outbox.direct(klass, teacher, {
        title: t('cards:failure.title'),
        text: t('cards:failure.text', {
          task: t(taskKey(job.kind)),
          capsule: capsule ? `#${capsule.number} ${capsule.title}` : klass.name,
          attempts: job.attempts,
          reference,
        }),
        tone: 'error',
      });
    }
  };
}
