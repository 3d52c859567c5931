// Self-paced sequences (issue 14 §1, docs/decisions/0025): the quizzes of a sequence when its pace
// changes. Self-paced, a student behind answers long after the session, so no quiz of the sequence
// has a close time; back to the class's pace, each closes at its session again.
import type { Db } from '../db/client.ts';
import type { JobQueue } from '../scheduler/queue.ts';
import { JOB } from './capsule-jobs.ts';
import type { ServiceDeps } from './deps.ts';

/** Reopens every quiz of the sequence, those closed at their session too (first answers stay). */
export async function reopenQuizzes(db: Db, sequenceId: string): Promise<void> {
  await db.quiz.updateMany({
    where: { kind: { not: 'review' }, capsule: { sequenceId, status: { not: 'cancelled' } } },
    data: { closedAt: null, closeAt: null },
  });
}

/** Takes the close time off the open quizzes of these capsules (a private release). */
export async function keepQuizzesOpen(db: Db, capsuleIds: string[]): Promise<void> {
  await db.quiz.updateMany({
    where: { capsuleId: { in: capsuleIds }, closedAt: null },
    data: { closeAt: null },
  });
}

/**
 * Gives the open quizzes of the sequence their session as close time again and queues their
 * closing jobs (due at once when the session is past). The jobs skipped while self-paced are done
 * and never run again, so each switch gets its own key; a job finding nothing open is skipped.
 */
export async function closeQuizzesAtSessions(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  queue: JobQueue,
  sequenceId: string,
  classId: string,
): Promise<void> {
  const { db } = deps;
  const now = deps.clock.now();
  const capsules = await db.capsule.findMany({
    where: {
      sequenceId,
      status: { not: 'cancelled' },
      quizzes: { some: { closedAt: null, kind: { not: 'review' } } },
    },
    select: { id: true, sessionAt: true },
  });
  for (const capsule of capsules)
    await db.quiz.updateMany({
      where: { capsuleId: capsule.id, closedAt: null, kind: { not: 'review' } },
      data: { closeAt: capsule.sessionAt },
    });
  await queue.enqueueMany(
    capsules.map((c) => ({
      kind: JOB.quizClose,
      dueAt: c.sessionAt > now ? c.sessionAt : now,
      key: `${JOB.quizClose}:${c.id}:class-pace:${now.getTime()}`,
      classId,
      capsuleId: c.id,
    })),
  );
}
