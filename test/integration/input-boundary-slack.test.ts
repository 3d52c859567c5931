// Text at Slack's door (issue 12): a question typed after `/ask` is stored exactly as typed, text
// no column can hold is refused with a translated answer, and a signed click without a `user`
// is ignored with a 200 instead of failing. Real Bolt over signed HTTP, against the fake Slack.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { Core } from '../../src/wiring.ts';
import type { ContractUser } from '../contract/platform-contract.ts';
import { CHANNEL, makeSlackDriver, SIGNING_SECRET, type SlackDriver } from '../contract/slack-driver.ts';
import { signedRequest } from '../fakes/slack/index.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';

const teacher: ContractUser = { id: 'U0TEACH001', name: 'Mme Martin', locale: 'fr-FR' };
const lea: ContractUser = { id: 'U0LEA00001', name: 'Léa', locale: 'en-US' };

for (const mode of ['http', 'socket'] as const) {
  describe(`Slack (${mode}): text at the boundary`, () => {
    let testDb: TestDb;
    let driver: SlackDriver;
    let core: Core;
    let logged: { level: string; msg?: string }[] = [];
    const record = (level: string) => (_obj: object, msg?: string) => void logged.push({ level, msg });
    const logger: Logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
      child: () => logger,
    };

    const lastPrivateText = async (who: ContractUser) =>
      JSON.stringify((await driver.privateMessagesTo(who.id)).at(-1));

    beforeEach(async () => {
      logged = [];
      testDb = await sqliteTestDb();
      driver = await makeSlackDriver({ mode, logger, users: [teacher, lea], services: () => core.services });
      core = testCore({
        db: testDb.db,
        clock: new ManualClock(new Date('2026-11-23T07:00:00Z')),
        platforms: [driver.platform],
      });
      await driver.start(core.dispatcher);
      await driver.slash(teacher, '/setup', 'name:"4e B" level:college');
      await driver.slash(lea, '/help', '');
    });

    afterEach(async () => {
      await driver.stop();
      await testDb.close();
    });

    it('stores the free text after /ask exactly as typed', async () => {
      await driver.slash(lea, '/ask', 'why x=5 and "two  words"?');
      const stored = await testDb.db.studentQuestion.findMany();
      expect(stored.map((q) => q.text)).toEqual(['why x=5 and "two  words"?']);
    });

    // Over HTTP a form body cannot carry a lone surrogate (it arrives as U+FFFD); JSON can.
    if (mode === 'socket')
      it('refuses a lone surrogate in /ask with a translated answer and stores nothing', async () => {
        await driver.slash(lea, '/ask', 'broken \uD800 symbol');
        expect(await testDb.db.studentQuestion.count()).toBe(0);
        expect(await lastPrivateText(lea)).toContain('characters that cannot be stored');
      });

    if (mode === 'http')
      it('answers a signed block_actions without a user with 200 and runs nothing', async () => {
        const click = driver.fake.blockAction({ actionId: 'iv.b0', userId: lea.id, channelId: CHANNEL });
        const { user: _dropped, ...payload } = click.payload;
        const rawBody = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
        const answer = await signedRequest(driver.url, {
          signingSecret: SIGNING_SECRET,
          body: { ...click, rawBody, payload },
        });
        await driver.platform.settled();
        expect(answer.status).toBe(200);
        expect(logged.filter((l) => l.level === 'error')).toEqual([]);
        expect(logged).toContainEqual({ level: 'warn', msg: 'Slack payload without a user ignored' });
      });
  });
}
