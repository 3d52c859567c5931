// After a class changes language, the cards still in use (capsules whose session is ahead, their
// session events, and the questions of their open quizzes) are written again in the new language,
// so the channel never reads half French, half English. Older cards stay as they were posted.
import type { Class } from '../db/models.ts';
import type { ServiceDeps } from './deps.ts';
import type { Outbox } from './outbox.ts';
import type { CapsulePublisher } from './publisher.ts';
import { TallyBoard } from './quiz-tally.ts';

/** Re-renders a class's live cards; returns how many messages were rewritten. */
export async function relabelClass(
  deps: ServiceDeps,
  outbox: Outbox,
  publisher: CapsulePublisher,
  klass: Class,
): Promise<number> {
  if (!outbox.available(klass)) return 0;
  const capsules = await deps.db.capsule.findMany({
    where: {
      classId: klass.id,
      status: 'published',
      messageRef: { not: null },
      sessionAt: { gt: deps.clock.now() },
    },
    include: { quizzes: { where: { closedAt: null }, include: { questions: true } } },
  });
  // Edits go out at once, one after the other: no coalescing window to wait for.
  const board = new TallyBoard(deps, outbox, 0);
  let count = 0;
  for (const capsule of capsules) {
    await publisher.refreshCapsule(capsule, klass);
    // The session's calendar event (Discord) carries words too.
    await publisher.syncEvent(capsule, klass);
    count += 1;
    for (const quiz of capsule.quizzes) {
      for (const question of quiz.questions) {
        if (!question.messageRef) continue;
        board.schedule(quiz.id, question.id, quiz.kind);
        count += 1;
      }
    }
  }
  await board.edits.flush();
  return count;
}
