// Self-paced sequences (issue 14 §1) on every platform, through each platform's real wire: the
// teacher sets the pace, only the first capsule reaches the channel, a student who watches it and
// answers right gets the next one privately, and /path answers each person as they should see it.
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { reportsFeature } from '../../src/reports/index.ts';
import type { Core } from '../../src/wiring.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';
import { type ContractDriver, contractUsers } from './platform-contract.ts';

const quizText = `? 1/2 + 1/4 = ?
- 2/6
* 3/4
- 1/3`;

function parisDate(from: Date, days: number, hour: number): string {
  return DateTime.fromJSDate(from, { zone: 'Europe/Paris' })
    .plus({ days })
    .set({ hour, minute: 0, second: 0, millisecond: 0 })
    .toFormat('yyyy-MM-dd HH:mm');
}

/** Registers the self-paced suite for one platform. */
export function pathContract(name: string, makeDriver: () => Promise<ContractDriver>): void {
  describe(`self-paced contract: ${name}`, () => {
    let testDb: TestDb;
    let driver: ContractDriver;
    let core: Core;
    let clock: ManualClock;
    const { teacher, lea, hugo } = contractUsers;

    beforeEach(async () => {
      testDb = await sqliteTestDb();
      driver = await makeDriver();
      clock = new ManualClock(new Date());
      core = testCore({
        db: testDb.db,
        clock,
        platforms: [driver.platform],
        instanceId: 'contract',
        features: [reportsFeature({ mailer: null })],
      });
      await driver.start(core.dispatcher);
      await driver.command(teacher, 'setup', { name: '4e B', level: 'college' });
      for (const student of [lea, hugo]) await driver.command(student, 'help');
      for (const title of ['Fractions 1', 'Fractions 2']) {
        await driver.command(teacher, 'capsule schedule', {
          title,
          url: `https://video.example/${title.at(-1)}`,
          publish: parisDate(clock.now(), 1, 18),
          session: parisDate(clock.now(), 4, 10),
          sequence: 'Fractions',
        });
      }
      await driver.command(teacher, 'quiz create', { capsule: '1', text: quizText });
      await driver.command(teacher, 'sequence pace', { name: 'Fractions', mode: 'self', threshold: 70 });
      expect((await driver.privateMessagesTo(teacher.id)).at(-1)?.text).toContain(
        'au rythme de chaque élève',
      );
      clock.set(new Date(clock.now().getTime() + 2 * 24 * 3600_000));
      await core.scheduler.runDue();
    });

    afterEach(async () => {
      await core.services.quizzes.tallies.flush();
      await driver.stop();
      await testDb.close();
    });

    it('opens the next capsule privately for a student who watched and answered right', async () => {
      const channel = await driver.channelMessages();
      expect(channel.some((m) => `${m.title} ${m.text}`.includes('Fractions 1'))).toBe(true);
      expect(channel.some((m) => `${m.title} ${m.text}`.includes('Fractions 2'))).toBe(false);
      const card = channel.find((m) => m.buttons.some((b) => b.action === 'capsule.watched'));
      const watched = card?.buttons.find((b) => b.action === 'capsule.watched');
      if (!card || !watched) throw new Error('no capsule card');
      await driver.click(lea, watched, card.ref);
      const question = channel.find((m) => m.buttons.some((b) => b.action === 'quiz.answer'));
      const right = question?.buttons.find((b) => b.label.includes('3/4'));
      if (!question || !right) throw new Error('no quiz question');
      await driver.click(lea, right, question.ref);
      const opened = (await driver.directMessagesTo(lea.id)).at(-1);
      expect(opened?.title).toContain('La capsule #2 est ouverte pour toi : « Fractions 2 »'); // Slack adds the tone's mark
      expect(opened?.links.map((l) => l.url)).toEqual(['https://video.example/2']);

      // Her path, privately, with the buttons of capsule 2; pressing one marks it watched.
      await driver.command(lea, 'path');
      const path = (await driver.privateMessagesTo(lea.id)).at(-1);
      expect(path?.title).toBe('Ton parcours — Fractions');
      expect(path?.text).toContain('Fractions 2');
      expect(path?.text).toContain('Dernière capsule : regarde-la pour terminer la séquence.');
      const next = path?.buttons.find((b) => b.action === 'capsule.watched');
      if (!next) throw new Error('no watched button on the path');
      await driver.click(lea, next); // on a private reply: no channel message to name
      expect(await testDb.db.capsuleView.count()).toBe(2);

      // Hugo did nothing: capsule 2 is locked for him, and he got no message.
      await driver.command(hugo, 'path');
      expect((await driver.privateMessagesTo(hugo.id)).at(-1)?.text).toContain('🔒 #2 Fractions 2');
      expect(await driver.directMessagesTo(hugo.id)).toHaveLength(0);

      // The teacher sees the spread; nothing of it reached the channel.
      await driver.command(teacher, 'path');
      const spread = (await driver.privateMessagesTo(teacher.id)).at(-1)?.text ?? '';
      expect(spread).toContain('#1 Fractions 1 : 1 élève');
      expect(spread).toContain('Séquence terminée : 1/2');
      expect((await driver.channelMessages()).some((m) => m.text.includes('Séquence terminée'))).toBe(false);
    });
  });
}
