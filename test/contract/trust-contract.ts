// Issue 8's promises through each platform's real wire (sandbox, Discord, Slack): a class that holds
// questions for approval, an anonymous question published by the teacher without its author's
// name, a practice click that leaves the first answer counted, and the review poll's counts moving
// as students answer. Registered next to the platform contract by each platform's test file.

import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import type { Core } from '../../src/wiring.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';
import {
  type ContractDriver,
  contractUsers,
  type ObservedButton,
  type OpenedForm,
} from './platform-contract.ts';

function parisDate(from: Date, days: number, hour: number): string {
  return DateTime.fromJSDate(from, { zone: 'Europe/Paris' })
    .plus({ days })
    .set({ hour, minute: 0, second: 0, millisecond: 0 })
    .toFormat('yyyy-MM-dd HH:mm');
}

/** Registers the trust suite for one platform. */
export function trustContract(name: string, makeDriver: () => Promise<ContractDriver>): void {
  describe(`trust contract: ${name}`, () => {
    let testDb: TestDb;
    let driver: ContractDriver;
    let core: Core;
    const { teacher, lea, hugo } = contractUsers;
    const t = createI18n('fr').t('fr');

    beforeEach(async () => {
      testDb = await sqliteTestDb();
      driver = await makeDriver();
      core = testCore({ db: testDb.db, clock: new ManualClock(new Date()), platforms: [driver.platform] });
      await driver.start(core.dispatcher);
    });

    afterEach(async () => {
      await core.services.quizzes.tallies.flush();
      await driver.stop();
      await testDb.close();
    });

    const button = (buttons: ObservedButton[], action: string, arg?: string) => {
      const found = buttons.find((b) => b.action === action && (arg === undefined || b.args.includes(arg)));
      if (!found) throw new Error(`no ${action} button`);
      return found;
    };

    it('holds, publishes without a name, counts the first answer, and tallies the review poll', async () => {
      await driver.command(teacher, 'setup', { name: '4e B', level: 'college' });
      for (const s of [lea, hugo]) await driver.command(s, 'help');
      await driver.command(teacher, 'settings', { 'hold-questions': true });
      expect((await testDb.db.class.findFirstOrThrow()).holdQuestions).toBe(true);
      const now = new Date();
      await driver.command(teacher, 'capsule schedule', {
        title: 'Fractions',
        url: 'https://video.example/fractions',
        publish: parisDate(now, 1, 18),
        session: parisDate(now, 3, 10),
        sequence: 'Chapitre 1',
      });
      await driver.command(teacher, 'quiz create', { capsule: '1', text: '? 1/2 + 1/4 = ?\n- 2/6\n* 3/4' });
      await driver.command(teacher, 'capsule post', { capsule: '1' });
      const card = (await driver.channelMessages()).find((m) => m.title?.includes('Capsule n°1'));
      if (!card) throw new Error('no capsule card');

      // Léa asks anonymously: the choice explains anonymity before the form opens.
      await driver.click(lea, button(card.buttons, 'question.ask'), card.ref);
      const choice = (await driver.privateMessagesTo(lea.id)).at(-1);
      expect(choice?.text).toContain('ton nom n');
      // Private replies are clicked without a message: not every platform gives them an address.
      await driver.click(lea, button(choice?.buttons ?? [], 'question.form', 'anon'));
      const form = (await driver.formsOpenedFor(lea.id)).at(-1) as OpenedForm;
      expect(form.form).toBe('question.askAnonymous');
      await driver.submitForm(lea, form, { text: 'Pourquoi le même dénominateur ?' });
      expect((await driver.privateMessagesTo(lea.id)).at(-1)?.text).toContain(t('commands:ask.held'));
      const heldChannel = await driver.channelMessages();
      expect(heldChannel.some((m) => m.title === t('cards:question.anonymousTitle'))).toBe(false);

      // The teacher publishes it from the list.
      await driver.command(teacher, 'questions');
      const list = (await driver.privateMessagesTo(teacher.id)).at(-1);
      const publish = button(list?.buttons ?? [], 'question.mark', 'open');
      expect(publish.label).toBe('1 : publier');
      await driver.click(teacher, publish);
      await core.services.questions.cards.flush();
      // Published (in the capsule's thread where the platform has threads), with no author.
      const stored = await testDb.db.studentQuestion.findFirstOrThrow();
      expect(stored).toMatchObject({ status: 'open', authorId: null });
      expect(stored.messageRef).toContain(name);
      expect(JSON.stringify(await driver.channelMessages())).not.toMatch(
        /Léa[^"]*dénominateur|dénominateur[^"]*Léa/,
      );

      // Hugo answers wrong, then clicks the right answer: practice, the first answer counts.
      const quizMessage = (await driver.channelMessages()).find((m) =>
        m.buttons.some((b) => b.action === 'quiz.answer'),
      );
      if (!quizMessage) throw new Error('no quiz question');
      await driver.click(hugo, button(quizMessage.buttons, 'quiz.answer', '0'), quizMessage.ref);
      await driver.click(hugo, button(quizMessage.buttons, 'quiz.answer', '1'), quizMessage.ref);
      expect((await driver.privateMessagesTo(hugo.id)).at(-1)?.text).toContain('first answer (A. 2/6)');
      expect(await testDb.db.answer.findFirstOrThrow()).toMatchObject({ choice: 0, lastChoice: 1 });

      // The review poll: two ballots, the count moves, nobody's name is stored with them.
      await driver.command(teacher, 'sequence close', { name: 'Chapitre 1' });
      const statement = t('cards:review.statement.videos');
      const pollMessage = (await driver.channelMessages()).find((m) => m.text.includes(statement));
      if (!pollMessage) throw new Error('no review poll');
      for (const s of [lea, hugo]) {
        await driver.click(s, button(pollMessage.buttons, 'quiz.answer', '0'), pollMessage.ref);
      }
      await core.services.quizzes.tallies.flush();
      const counted = (await driver.channelMessages()).find(
        (m) => m.ref.messageId === pollMessage.ref.messageId,
      );
      expect(counted?.text).toContain('2 réponses');
      expect(await testDb.db.pollAnswer.count()).toBe(2);
    });
  });
}
