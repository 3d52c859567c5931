// The sandbox survives a restart: its log is kept in the database, so a new process on the same
// SQLite file shows the class's messages again, and their buttons (the quiz) still work.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { Db } from '../../src/db/client.ts';
import { databaseHistory } from '../../src/platforms/sandbox/history.ts';
import { runAction, runCommand, submitForm } from '../../src/platforms/sandbox/inbound.ts';
import type { SandboxMessage } from '../../src/platforms/sandbox/message-log.ts';
import { SandboxPlatform } from '../../src/platforms/sandbox/platform.ts';
import type { Core } from '../../src/wiring.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb } from '../support/db.ts';

const members = [
  { id: 'u-teacher', name: 'Mme Martin', role: 'teacher' as const, locale: 'fr' },
  { id: 'u-lea', name: 'Léa', role: 'student' as const, locale: 'fr' },
];
const quiz = '? 1/2 + 1/4 = ?\n- 2/6\n* 3/4\n\n? 2/4 = 1/2 ?\n* Oui\n- Non';

/** One run of the bot: the core and the sandbox over `db`, as `npm start` builds them. */
async function boot(db: Db, clock: ManualClock): Promise<{ sandbox: SandboxPlatform; core: Core }> {
  const sandbox = new SandboxPlatform({
    workspaceId: 'demo',
    channelId: 'classe',
    members,
    clock,
    history: databaseHistory(db, 'demo', silentLogger),
  });
  const core = testCore({ db, clock, platforms: [sandbox] });
  await sandbox.start(core.dispatcher);
  return { sandbox, core };
}

const titles = (messages: SandboxMessage[]) => messages.map((m) => m.card?.title ?? m.card?.text ?? '');

describe('the sandbox after a restart', () => {
  it("shows the class's messages again, and the quiz can still be answered", async () => {
    const testDb = await sqliteTestDb();
    const clock = new ManualClock(new Date('2026-11-23T07:00:00Z'));
    try {
      const first = await boot(testDb.db, clock);
      const teacher = { member: members[0] as (typeof members)[number], locale: 'fr' };
      const lea = { member: members[1] as (typeof members)[number], locale: 'fr' };
      await runCommand(first.sandbox, first.core.dispatcher, teacher, '/setup name:"4e B"');
      await runCommand(
        first.sandbox,
        first.core.dispatcher,
        teacher,
        '/capsule schedule title:"Fractions" url:https://video.example/f publish:"2026-11-24 08:00" session:"2026-11-26 10:00"',
      );
      await runCommand(first.sandbox, first.core.dispatcher, teacher, '/quiz create capsule:1');
      await submitForm(first.sandbox, first.core.dispatcher, teacher, {
        form: 'quiz.create',
        state: ['1', 'live'],
        values: { text: quiz },
      });
      await runCommand(first.sandbox, first.core.dispatcher, teacher, '/capsule post capsule:1');
      await first.core.services.quizzes.tallies.flush();
      const before = first.sandbox.log.channel(() => true);
      expect(before.length).toBeGreaterThanOrEqual(3); // set-up card, capsule card, the quiz
      const privateBefore = first.sandbox.log.privateOf(teacher.member.id).length;
      await first.sandbox.stop();

      // npm start again: a new process on the same database file.
      const second = await boot(testDb.db, clock);
      const after = second.sandbox.log.channel(() => true);
      expect(titles(after)).toEqual(titles(before));
      expect(after.map((m) => m.id)).toEqual(before.map((m) => m.id));
      expect(second.sandbox.log.privateOf(teacher.member.id)).toHaveLength(privateBefore);

      // Léa answers the first question on the card rebuilt from the database.
      const question = after.find((m) =>
        (m.card?.controls ?? []).flat().some((c) => 'action' in c && c.action === 'quiz.answer'),
      );
      const button = (question?.card?.controls ?? [])
        .flat()
        .find((c) => c.kind === 'button' && c.action === 'quiz.answer' && c.label.includes('3/4'));
      if (!question || !button || button.kind !== 'button')
        throw new Error('no quiz button after the restart');
      await runAction(second.sandbox, second.core.dispatcher, lea, {
        messageId: question.id,
        action: button.action,
        args: button.args,
      });
      expect(await testDb.db.answer.count()).toBe(1);
      expect(second.sandbox.log.privateOf(lea.member.id).at(-1)?.card?.text).toContain('✅');
      // The channel's tally on that same card follows, and new messages continue its numbering.
      await second.core.services.quizzes.tallies.flush();
      expect(second.sandbox.log.get(question.id)?.updatedAt).toBeDefined();
      await runCommand(second.sandbox, second.core.dispatcher, teacher, '/capsule list');
      const latest = second.sandbox.log.privateOf(teacher.member.id).at(-1);
      expect(Number(latest?.id.slice(1))).toBeGreaterThan(
        Math.max(...after.map((m) => Number(m.id.slice(1)))),
      );
      await second.sandbox.stop();
    } finally {
      await testDb.close();
    }
  });
});
