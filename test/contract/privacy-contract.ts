// The privacy promises on every platform (sandbox, Discord, Slack), through each platform's real
// wire: a teacher deletes a student after confirming with a button, and the student's named
// question card in the channel loses their name; the student's rows are gone. A teacher exports a
// student named as people type it, and gets a download link; a student sees /privacy info.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import type { Core } from '../../src/wiring.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';
import { findEverywhere } from '../support/db-scan.ts';
import { type ContractDriver, contractUsers } from './platform-contract.ts';

/**
 * Registers the privacy suite for one platform. `prepare` readies a fresh driver (Slack: the fake
 * answers users.list, so names typed by teachers resolve as in a real workspace).
 */
export function privacyContract<D extends ContractDriver>(
  name: string,
  makeDriver: () => Promise<D>,
  prepare?: (driver: D) => void,
): void {
  describe(`privacy contract: ${name}`, () => {
    let testDb: TestDb;
    let driver: D;
    let core: Core;
    const { teacher, lea, hugo } = contractUsers;
    const fr = createI18n('fr').t('fr');

    beforeEach(async () => {
      testDb = await sqliteTestDb();
      driver = await makeDriver();
      prepare?.(driver);
      core = testCore({
        db: testDb.db,
        clock: new ManualClock(new Date()),
        platforms: [driver.platform],
        instanceId: 'contract',
      });
      await driver.start(core.dispatcher);
      await driver.command(teacher, 'setup', { name: '4e B', level: 'college' });
      await driver.command(hugo, 'help');
      await driver.command(lea, 'ask', { text: 'Léa asks: why the same denominator?' });
    });

    afterEach(async () => {
      await core.services.questions.cards.flush();
      await driver.stop();
      await testDb.close();
    });

    it('deletes a student after a confirmation, and drops their name from the channel', async () => {
      const card = (await driver.channelMessages()).find((m) => m.text.includes('Léa asks'));
      expect(card?.title).toBe(fr('cards:question.title', { name: 'Léa' }));
      const member = await testDb.db.member.findFirstOrThrow({ where: { platformUserId: lea.id } });

      await driver.command(teacher, 'privacy delete', { user: 'Léa' });
      const asked = (await driver.privateMessagesTo(teacher.id)).at(-1);
      expect(asked?.title).toContain(fr('commands:privacy.delete.confirmTitle', { name: 'Léa' }));
      const confirm = asked?.buttons.find((b) => b.action === 'privacy.delete');
      expect(confirm?.args).toEqual([member.id]);
      expect(await testDb.db.member.count({ where: { id: member.id } })).toBe(1);

      await driver.click(teacher, confirm as { action: string; args: string[] });
      expect(await findEverywhere(testDb.db, [member.id, 'Léa asks'])).toEqual([]);
      expect(await testDb.db.member.count({ where: { platformUserId: lea.id } })).toBe(0);
      const edited = (await driver.channelMessages()).find((m) => m.ref.messageId === card?.ref.messageId);
      expect(edited?.title ?? '').not.toContain('Léa');
      expect(edited?.text).toBe(fr('cards:question.removed'));
      expect(edited?.buttons).toEqual([]);
    });

    it('exports a student named as people type it, as a download link', async () => {
      await driver.command(teacher, 'privacy export', { user: 'Léa' });
      const reply = (await driver.privateMessagesTo(teacher.id)).at(-1);
      expect(reply?.title).toBe(fr('commands:privacy.export.title', { name: 'Léa' }));
      const link = reply?.links.find((l) => l.label === fr('commands:privacy.export.download'));
      expect(link?.url).toMatch(/^http:\/\/localhost:3000\/privacy\/export\.json\?c=/);
    });

    it('shows a student what is held about them', async () => {
      await driver.command(hugo, 'privacy info');
      const shown = (await driver.privateMessagesTo(hugo.id)).at(-1);
      const en = createI18n('fr').t('en');
      expect(shown?.title).toBe(en('commands:privacy.info.title'));
      expect(shown?.text).toContain('Hugo');
      expect(shown?.links.map((l) => l.url.replace(/\?.*/, ''))).toEqual([
        'http://localhost:3000/privacy/students',
        'http://localhost:3000/privacy/parents',
        'http://localhost:3000/privacy/export.json',
      ]);
    });
  });
}
