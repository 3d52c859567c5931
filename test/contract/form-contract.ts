// The forms part of the platform contract: a form sent with mistakes shows every one of them at
// once, each next to its field, and what was typed is never lost. Where the platform keeps its form
// open (sandbox dialog, Slack modal) the mistakes are under the fields; where it cannot (Discord
// cannot answer a modal with a modal) a private message lists them with a button that reopens the
// form filled in with what was submitted. Nothing is saved until the whole form is right.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import type { Core } from '../../src/wiring.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';
import {
  type ContractDriver,
  type ContractUser,
  contractUsers,
  type FormAnswer,
  type OpenedForm,
} from './platform-contract.ts';

/** Registers the forms suite for one platform. */
export function formContract(name: string, makeDriver: () => Promise<ContractDriver>): void {
  describe(`form contract: ${name}`, () => {
    let testDb: TestDb;
    let driver: ContractDriver;
    let core: Core;
    const { teacher } = contractUsers;
    const i18n = createI18n('fr');
    const t = i18n.t('fr');

    beforeEach(async () => {
      testDb = await sqliteTestDb();
      driver = await makeDriver();
      core = testCore({
        db: testDb.db,
        clock: new ManualClock(new Date()),
        i18n,
        platforms: [driver.platform],
        instanceId: 'forms',
      });
      await driver.start(core.dispatcher);
      await driver.command(teacher, 'setup', { name: '4e B', level: 'college' });
    });

    afterEach(async () => {
      await driver.stop();
      await testDb.close();
    });

    const lastForm = async (user: ContractUser): Promise<OpenedForm> => {
      const form = (await driver.formsOpenedFor(user.id)).at(-1);
      if (!form) throw new Error('no form opened');
      return form;
    };

    /**
     * The mistakes as their author sees them, by field: under the fields of the form kept open, or
     * in the private message (then the form reopens from its button, filled in with `typed`).
     */
    const mistakes = async (
      answer: FormAnswer,
      typed: Record<string, string>,
    ): Promise<{ fields: Record<string, string>; general: string }> => {
      if (answer.keptOpen) return { fields: answer.fieldErrors, general: answer.general };
      const message = (await driver.privateMessagesTo(teacher.id)).at(-1);
      if (!message) throw new Error('no message about the mistakes');
      const reopen = message.buttons.find((b) => b.action === 'form.reopen');
      if (!reopen) throw new Error('no button to reopen the form');
      const before = (await driver.formsOpenedFor(teacher.id)).length;
      await driver.click(teacher, reopen, message.ref);
      const forms = await driver.formsOpenedFor(teacher.id);
      expect(forms).toHaveLength(before + 1);
      expect(forms.at(-1)?.values).toEqual(Object.fromEntries(Object.entries(typed).filter(([, v]) => v)));
      return { fields: {}, general: message.text };
    };

    it('shows every mistake of the schedule form at once, by field, and keeps the text', async () => {
      await driver.command(teacher, 'capsule schedule');
      const form = await lastForm(teacher);
      expect(form.form).toBe('capsule.schedule');
      const typed = {
        title: 'Les fractions',
        url: 'pas-un-lien',
        publish: 'un jour',
        session: 'jeudi 10h',
        minutes: '999',
      };
      const answer = await driver.submitForm(teacher, form, typed);
      const expected = {
        url: t('errors:capsule.badUrl', { value: 'pas-un-lien' }),
        publish: t('parse:badDate', { text: 'un jour' }),
        minutes: t('errors:capsule.badMinutes', { max: 180 }),
      };
      const seen = await mistakes(answer, typed);
      if (answer.keptOpen) {
        expect(Object.keys(seen.fields).sort()).toEqual(['minutes', 'publish', 'url']);
        for (const [field, text] of Object.entries(expected)) expect(seen.fields[field]).toContain(text);
      } else {
        for (const text of Object.values(expected)) expect(seen.general).toContain(text);
      }
      expect(await testDb.db.capsule.count()).toBe(0);
    });

    it('shows every mistake of a quiz at once under its text, and keeps the quiz typed', async () => {
      await driver.command(teacher, 'capsule schedule', {
        title: 'Fractions',
        url: 'https://video.example/fractions',
        publish: 'demain 18h',
        session: 'dans 3 jours 10h',
      });
      await driver.command(teacher, 'quiz create', { capsule: '1' });
      const form = await lastForm(teacher);
      const text = [
        '? 1/2 + 1/4 = ?',
        '- 2/6',
        '* 3/4',
        '',
        '? Lequel est plus grand ?',
        '* 2/3',
        'oops',
      ].join('\n');
      const answer = await driver.submitForm(teacher, form, { text });
      const expected = [
        t('parse:quiz.tooFewOptions', { line: 5 }),
        t('parse:quiz.unexpectedLine', { line: 7, text: 'oops' }),
      ];
      const seen = await mistakes(answer, { text });
      const shown = answer.keptOpen ? (seen.fields.text ?? '') : seen.general;
      for (const problem of expected) expect(shown).toContain(problem);
      expect(await testDb.db.quizQuestion.count()).toBe(0);
    });
  });
}
