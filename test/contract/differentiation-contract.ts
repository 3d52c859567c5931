// Issue 14 on every platform (sandbox, Discord, Slack), through each platform's real wire: a
// capsule scheduled with only a PeerTube link gets its title and length from the (fake) video site.
import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { reportsFeature } from '../../src/reports/index.ts';
import { createVideoMetadataFetcher } from '../../src/services/video-metadata.ts';
import type { Core } from '../../src/wiring.ts';
import { type FakeVideoSites, startFakeVideoSites } from '../fakes/video.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';
import { type ContractDriver, contractUsers } from './platform-contract.ts';

function parisDate(from: Date, days: number, hour: number): string {
  return DateTime.fromJSDate(from, { zone: 'Europe/Paris' })
    .plus({ days })
    .set({ hour, minute: 0, second: 0, millisecond: 0 })
    .toFormat('yyyy-MM-dd HH:mm');
}

/** Registers the issue 14 suite for one platform. */
export function differentiationContract(name: string, makeDriver: () => Promise<ContractDriver>): void {
  describe(`differentiation contract: ${name}`, () => {
    let sites: FakeVideoSites;
    let testDb: TestDb;
    let driver: ContractDriver;
    let core: Core;
    let clock: ManualClock;
    const { teacher, lea } = contractUsers;
    const fr = createI18n('fr').t('fr');

    beforeAll(async () => {
      sites = await startFakeVideoSites();
      sites.peertube.set('kK3W5tPoM1SLMTzWfqrs5A', {
        id: 'kK3W5tPoM1SLMTzWfqrs5A',
        name: 'Les fractions',
        duration: 600,
        files: [[720, 40_000_000]],
      });
    });
    afterAll(async () => sites.close());

    beforeEach(async () => {
      testDb = await sqliteTestDb();
      driver = await makeDriver();
      clock = new ManualClock(new Date());
      core = testCore({
        db: testDb.db,
        clock,
        platforms: [driver.platform],
        instanceId: 'contract',
        // The starting texts' buttons belong to the reports feature, as in main.ts.
        features: [reportsFeature({ mailer: null })],
        videoMetadata: createVideoMetadataFetcher({
          timeoutMs: 2000,
          vimeoOembedUrl: sites.vimeoOembedUrl,
          youtubeOembedUrl: sites.youtubeOembedUrl,
        }),
      });
      await driver.start(core.dispatcher);
      await driver.command(teacher, 'setup', { name: '4e B', level: 'college' });
    });

    afterEach(async () => {
      await core.services.quizzes.tallies.flush();
      await driver.stop();
      await testDb.close();
    });

    it('fills the title and minutes of a PeerTube capsule and warns it is long for the level', async () => {
      await driver.command(teacher, 'capsule schedule', {
        url: `${sites.origin}/w/kK3W5tPoM1SLMTzWfqrs5A`,
        publish: parisDate(clock.now(), 1, 18),
        session: parisDate(clock.now(), 3, 10),
      });
      const reply = (await driver.privateMessagesTo(teacher.id)).at(-1);
      expect(reply?.text).toContain('« Les fractions »');
      expect(reply?.text).toContain(fr('commands:capsule.lengthWarning', { minutes: 10, max: 8 }));
      const capsule = await testDb.db.capsule.findFirstOrThrow();
      expect([capsule.title, capsule.expectedMinutes]).toEqual(['Les fractions', 10]);
    });

    it('offers the three starting texts after /setup; the class message is previewed, then posted', async () => {
      const offer = (await driver.privateMessagesTo(teacher.id)).at(-1);
      expect(offer?.text).toContain(fr('cards:kickoff.offerText'));
      expect(offer?.buttons.map((b) => [b.action, b.args])).toEqual([
        ['kickoff.preview', ['message']],
        ['kickoff.preview', ['poll']],
        ['kickoff.preview', ['letter']],
      ]);
      const message = offer?.buttons[0];
      if (!message) throw new Error('no preview button');
      await driver.click(teacher, message);
      const preview = (await driver.privateMessagesTo(teacher.id)).at(-1);
      expect(preview?.text).toContain('tu regardes une courte vidéo');
      const send = preview?.buttons.find((b) => b.action === 'kickoff.send');
      if (!send) throw new Error('no send button');
      const title = fr('cards:kickoff.message.title');
      expect((await driver.channelMessages()).filter((m) => m.title === title)).toHaveLength(0);
      await driver.click(teacher, send);
      const posted = (await driver.channelMessages()).filter((m) => m.title === title);
      expect(posted).toHaveLength(1);
      expect(posted[0]?.text).toContain('Personne ne doit tout comprendre tout seul');
    });

    it('gives the teacher the secret calendar and podcast links privately, and students nothing', async () => {
      await driver.command(teacher, 'calendar show');
      const reply = (await driver.privateMessagesTo(teacher.id)).at(-1);
      const klass = await testDb.db.class.findFirstOrThrow();
      expect(klass.calendarToken).toMatch(/^[\w-]{32}$/);
      const calendar = `http://localhost:3000/calendar/${klass.calendarToken}.ics`;
      expect(reply?.text).toContain(calendar);
      expect(reply?.links.map((l) => l.url)).toEqual([
        calendar,
        `http://localhost:3000/podcast/${klass.calendarToken}.xml`,
      ]);
      const channel = (await driver.channelMessages()).length;
      await driver.command(lea, 'help');
      await driver.command(lea, 'calendar show');
      expect((await driver.privateMessagesTo(lea.id)).at(-1)?.text).toContain(fr('errors:teachersOnly'));
      expect(await driver.channelMessages()).toHaveLength(channel);
      await driver.command(teacher, 'calendar revoke');
      expect((await testDb.db.class.findFirstOrThrow()).calendarToken).toBeNull();
    });
  });
}
