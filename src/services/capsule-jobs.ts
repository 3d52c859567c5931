// The jobs a capsule needs, derived from the capsule and its class. Scheduling, editing and
// cancelling all go through this one plan, so pending jobs always match the capsule.
import type { Capsule, Class } from '../db/models.ts';
import type { JobSpec } from '../scheduler/types.ts';

export const JOB = {
  publish: 'capsule.publish',
  reminder: 'capsule.reminder',
  nudge: 'capsule.nudge',
  quizClose: 'quiz.close',
  brief: 'brief.send',
} as const;

export function reminderOffsets(klass: Pick<Class, 'reminderOffsets'>): number[] {
  return klass.reminderOffsets
    .split(',')
    .map((v) => Number(v))
    .filter((v) => Number.isInteger(v) && v > 0);
}

/** Kinds that other parts (reports) add to a capsule's plan. */
export type PlanExtension = (capsule: Capsule, klass: Class) => JobSpec[];

export function planCapsuleJobs(capsule: Capsule, klass: Class, extensions: PlanExtension[] = []): JobSpec[] {
  const base = { classId: klass.id, capsuleId: capsule.id };
  const jobs: JobSpec[] = [
    { ...base, kind: JOB.publish, dueAt: capsule.publishAt, key: `${JOB.publish}:${capsule.id}` },
    { ...base, kind: JOB.quizClose, dueAt: capsule.sessionAt, key: `${JOB.quizClose}:${capsule.id}` },
  ];
  for (const minutes of reminderOffsets(klass)) {
    const dueAt = new Date(capsule.sessionAt.getTime() - minutes * 60_000);
    // A reminder that would come before the capsule is even out makes no sense.
    if (dueAt <= capsule.publishAt) continue;
    jobs.push({
      ...base,
      kind: JOB.reminder,
      dueAt,
      key: `${JOB.reminder}:${capsule.id}:${minutes}:${capsule.sessionAt.getTime()}`,
      payload: { offsetMinutes: minutes },
    });
  }
  for (const extend of extensions) jobs.push(...extend(capsule, klass));
  return jobs;
}
