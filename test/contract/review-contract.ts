// Targeted review (issue 14 §2) on every platform, through each platform's real wire: a wrong
// answer carrying a review resource gets "watch again from 2:13" privately, with the bot's tracked
// link and a "try again" button; the retry is practice and never moves the stored first answer.
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import type { Core } from '../../src/wiring.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';
import { type ContractDriver, type ContractUser, contractUsers } from './platform-contract.ts';

function parisDate(from: Date, days: number, hour: number): string {
  return DateTime.fromJSDate(from, { zone: 'Europe/Paris' })
    .plus({ days })
    .set({ hour, minute: 0, second: 0, millisecond: 0 })
    .toFormat('yyyy-MM-dd HH:mm');
}

const quizText = `? 1/2 + 1/4 = ?
-> @2:13
- 2/6
* 3/4
- 1/3`;

/** Registers the targeted review suite for one platform. */
export function reviewContract(name: string, makeDriver: () => Promise<ContractDriver>): void {
  describe(`targeted review contract: ${name}`, () => {
    let testDb: TestDb;
    let driver: ContractDriver;
    let core: Core;
    const { teacher, lea } = contractUsers;
    const fr = createI18n('fr').t('fr');

    beforeEach(async () => {
      testDb = await sqliteTestDb();
      driver = await makeDriver();
      const clock = new ManualClock(new Date());
      core = testCore({ db: testDb.db, clock, platforms: [driver.platform], instanceId: 'contract' });
      await driver.start(core.dispatcher);
      await driver.command(teacher, 'setup', { name: '4e B', level: 'college' });
      await driver.command(lea, 'help');
      await driver.command(teacher, 'capsule schedule', {
        title: 'Fractions',
        url: 'https://tube.example/w/kK3W5tPoM1SLMTzWfqrs5A',
        publish: parisDate(clock.now(), 1, 18),
        session: parisDate(clock.now(), 3, 10),
      });
      await driver.command(teacher, 'quiz create', { capsule: '1', text: quizText });
      await driver.command(teacher, 'capsule post', { capsule: '1' });
    });

    afterEach(async () => {
      await core.services.quizzes.tallies.flush();
      await driver.stop();
      await testDb.close();
    });

    /** Answers `choice` as `user` from a message offering the question (buttons or a menu). */
    const answer = async (
      user: ContractUser,
      questionId: string,
      choice: string,
      from: 'channel' | 'private',
    ) => {
      const messages =
        from === 'channel'
          ? await driver.channelMessages()
          : (await driver.privateMessagesTo(user.id)).slice(-1);
      for (const message of messages) {
        const button = message.buttons.find(
          (b) => b.action === 'quiz.answer' && b.args[0] === questionId && b.args[1] === choice,
        );
        if (button)
          return from === 'channel' ? driver.click(user, button, message.ref) : driver.click(user, button);
        const menu = message.selects.find((s) => s.action === 'quiz.answer' && s.args[0] === questionId);
        if (menu)
          return from === 'channel'
            ? driver.select(user, menu, choice, message.ref)
            : driver.select(user, menu, choice);
      }
      throw new Error(`no way to answer ${choice} to ${questionId}`);
    };

    it('sends a wrong answer back to the video at 2:13, with a retry that is only practice', async () => {
      const question = await testDb.db.quizQuestion.findFirstOrThrow();
      await answer(lea, question.id, '2', 'channel');
      const feedback = (await driver.privateMessagesTo(lea.id)).at(-1);
      expect(feedback?.text).toContain(fr('cards:quiz.reviewAt', { moment: '2:13' }));
      expect(feedback?.links).toHaveLength(1);
      expect(feedback?.links[0]?.label).toBe(fr('cards:quiz.reviewButtonAt', { moment: '2:13' }));
      expect(feedback?.links[0]?.url).toMatch(/^http:\/\/localhost:3000\/r\/[0-9a-f-]{36}\.[\w-]{43}$/);
      const retry = feedback?.buttons.find((b) => b.action === 'quiz.retry');
      expect(retry?.args).toEqual([question.id]);
      if (!retry) throw new Error('no retry button');

      // Private replies are pressed as each platform finds them (Slack: through its response_url).
      await driver.click(lea, retry);
      const again = (await driver.privateMessagesTo(lea.id)).at(-1);
      expect(again?.text).toContain('1/2 + 1/4 = ?');
      expect(again?.text).toContain(fr('cards:quiz.retryFooter'));
      await answer(lea, question.id, '1', 'private');
      const practice = (await driver.privateMessagesTo(lea.id)).at(-1);
      expect(practice?.text).toContain('Entraînement');

      const member = await testDb.db.member.findFirstOrThrow({ where: { platformUserId: lea.id } });
      const stored = await testDb.db.answer.findFirstOrThrow({ where: { memberId: member.id } });
      expect(stored).toMatchObject({ choice: 2, lastChoice: 1, attempts: 2 });
      expect(await testDb.db.reviewVisit.count({ where: { memberId: member.id } })).toBe(1);
    });
  });
}
