// Slack in Socket Mode (the default): the platform opens the fake's WebSocket with the app-level
// token; a slash command and a button arrive as envelopes, are acknowledged with their envelope_id
// (empty acks: the answers go through response URLs), and the work happens after the ack.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { createSlackPlatform } from '../../src/platforms/slack/platform.ts';
import type { Core } from '../../src/wiring.ts';
import { contractUsers } from '../contract/platform-contract.ts';
import { makeSlackDriver, type SlackDriver } from '../contract/slack-driver.ts';
import { type SocketAck, startFakeSlack } from '../fakes/slack/index.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';

const { teacher, lea } = contractUsers;

describe('Slack in Socket Mode', () => {
  let testDb: TestDb;
  let driver: SlackDriver;
  let core: Core;

  beforeEach(async () => {
    testDb = await sqliteTestDb();
    driver = await makeSlackDriver({ mode: 'socket' });
    core = testCore({
      db: testDb.db,
      clock: new ManualClock(new Date()),
      platforms: [driver.platform],
    });
    await driver.start(core.dispatcher);
  });

  afterEach(async () => {
    await driver.stop();
    await testDb.close();
  });

  it('connects with the app token and handles a command and a button through envelopes', async () => {
    const { fake } = driver;
    expect(fake.socket.connected).toBe(true);
    expect(fake.callsTo('apps.connections.open')).toEqual([
      expect.objectContaining({ token: fake.appToken, response: expect.objectContaining({ ok: true }) }),
    ]);
    expect(driver.http).toBeNull(); // no public URL, no HTTP endpoint needed

    const ack = (await driver.slash(teacher, '/setup', 'name:"4e B"')) as SocketAck;
    expect(ack.envelope_id).toBe(fake.socket.envelopes.at(-1)?.envelope_id);
    expect(ack.payload ?? {}).toEqual({});
    expect(await testDb.db.class.count()).toBe(1);
    const fr = createI18n('fr').t('fr');
    expect((await driver.channelMessages()).map((m) => m.title)).toEqual([
      fr('commands:setup.doneTitle', { name: '4e B' }),
    ]);

    await driver.command(lea, 'help');
    await driver.command(teacher, 'capsule post', { capsule: '1' }); // no capsule yet: a clear answer
    expect((await driver.privateMessagesTo(teacher.id)).at(-1)?.text).toContain('Aucune capsule');

    // A button: the card is posted by the core, the click comes back as an interactive envelope.
    await driver.platform.post(driver.place, {
      text: 'Essai',
      controls: [[{ kind: 'button', action: 'question.upvote', args: ['nope'], label: '▲' }]],
    });
    const click = (await driver.press(lea, { action: 'question.upvote', args: ['nope'] })) as SocketAck;
    expect(click.envelope_id).toBe(fake.socket.envelopes.at(-1)?.envelope_id);
    expect(fake.socket.envelopes.at(-1)?.type).toBe('interactive');
    expect((await driver.privateMessagesTo(lea.id)).at(-1)?.text).toContain("n'existe plus");
  });
});

describe('Slack start-up errors', () => {
  const start = async (options: Parameters<typeof createSlackPlatform>[0]) => {
    const platform = createSlackPlatform({
      logger: silentLogger,
      retries: 0,
      startTimeoutMs: 3000,
      ...options,
    });
    try {
      await platform.start({} as never);
      return null;
    } catch (error) {
      return error as Error & { variable?: string };
    } finally {
      await platform.stop();
    }
  };

  it('names the variable to fix, before or after asking Slack, and keeps the process alive', async () => {
    const fake = await startFakeSlack();
    try {
      const noAppToken = await start({ botToken: fake.botToken, apiUrl: fake.apiUrl });
      expect(noAppToken?.message).toMatch(/^Slack: Socket Mode needs SLACK_APP_TOKEN/);
      expect(noAppToken?.variable).toBe('SLACK_APP_TOKEN');

      const notABotToken = await start({
        botToken: fake.appToken,
        appToken: fake.appToken,
        apiUrl: fake.apiUrl,
      });
      expect(notABotToken?.variable).toBe('SLACK_BOT_TOKEN');

      const noSecret = await start({ botToken: fake.botToken, mode: 'http', apiUrl: fake.apiUrl });
      expect(noSecret?.variable).toBe('SLACK_SIGNING_SECRET');

      const revoked = await start({ botToken: 'xoxb-revoked', appToken: fake.appToken, apiUrl: fake.apiUrl });
      expect(revoked?.message).toBe(
        "Slack: Slack refused SLACK_BOT_TOKEN (invalid_auth). Check the token in the app's settings.",
      );

      const wrongAppToken = await start({
        botToken: fake.botToken,
        appToken: 'xapp-1-wrong',
        apiUrl: fake.apiUrl,
      });
      expect(wrongAppToken?.variable).toBe('SLACK_APP_TOKEN');
      expect(fake.socket.connectionCount).toBe(0);

      const ok = await start({ botToken: fake.botToken, appToken: fake.appToken, apiUrl: fake.apiUrl });
      expect(ok).toBeNull();
    } finally {
      await fake.close();
    }
    const unreachable = await start({
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
      apiUrl: 'http://127.0.0.1:9/api/',
    });
    expect(unreachable?.message).toMatch(/could not reach the Slack API at http:\/\/127\.0\.0\.1:9\/api\//);
    expect(unreachable?.variable).toBe('SLACK_API_URL');
  });

  it('answers 503 on the HTTP endpoint until started, and 404 in Socket Mode', async () => {
    const statusOf = (mode: 'http' | 'socket') =>
      new Promise<number>((resolve) => {
        const platform = createSlackPlatform({ botToken: 'xoxb-1', mode, signingSecret: 's' });
        const res = { headersSent: false, writeHead: (code: number) => resolve(code), end: () => {} };
        platform.requestListener({} as never, res as never);
      });
    expect(await statusOf('http')).toBe(503);
    expect(await statusOf('socket')).toBe(404);
  });
});
