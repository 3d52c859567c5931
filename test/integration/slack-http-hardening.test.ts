// Slack's HTTP endpoint against a hostile sender (issue 12): an endless unsigned upload is cut at
// 64 KB with a 413 instead of being read for ever; a signed request captured and sent again after
// the bot restarted (a new app on the same database) is refused, so the question is stored once, on
// SQLite and PostgreSQL; a timestamp ten minutes ahead is refused; expired signatures are purged.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { SeenSignatures } from '../../src/services/seen-signatures.ts';
import type { Core } from '../../src/wiring.ts';
import type { ContractUser } from '../contract/platform-contract.ts';
import { CHANNEL, makeSlackDriver, SIGNING_SECRET, type SlackDriver } from '../contract/slack-driver.ts';
import { signedRequest, signSlackRequest } from '../fakes/slack/index.ts';
import { testCore } from '../support/core.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';

const teacher: ContractUser = { id: 'U0TEACH001', name: 'Mme Martin', locale: 'fr-FR' };
const lea: ContractUser = { id: 'U0LEA00001', name: 'Léa', locale: 'fr-FR' };
const pgOk = await postgresAvailable();

/** One bot: its Slack platform in HTTP mode and its core, on a given database. */
async function startBot(testDb: TestDb): Promise<{ driver: SlackDriver; core: Core }> {
  const parts: { core?: Core } = {};
  const driver = await makeSlackDriver({
    users: [teacher, lea],
    services: () => parts.core?.services,
    ledger: new SeenSignatures(testDb.db),
  });
  parts.core = testCore({
    db: testDb.db,
    clock: new ManualClock(new Date('2026-11-23T07:00:00Z')),
    platforms: [driver.platform],
  });
  await driver.start(parts.core.dispatcher);
  return { driver, core: parts.core };
}

/** Streams unsigned chunks without end until the server answers; resolves with what it saw. */
function endlessUpload(url: string): Promise<{ status: number; sent: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const chunk = Buffer.alloc(16 * 1024, 'a');
    let sent = 0;
    let done = false;
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    const pump = () => {
      while (!done && sent < 256 * 1024 * 1024) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    req.on('response', (res) => {
      done = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, sent, ms: performance.now() - started });
      req.destroy();
    });
    req.on('error', (error) => {
      if (!done) reject(error);
    });
    pump();
  });
}

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`Slack HTTP mode, on ${provider.name}`, () => {
    let testDb: TestDb;
    const running: SlackDriver[] = [];

    afterEach(async () => {
      for (const driver of running.splice(0)) await driver.stop().catch(() => undefined);
      await testDb?.close();
    });

    it('refuses a signed request replayed after a restart: the question is stored once', async () => {
      testDb = await provider.open();
      const first = await startBot(testDb);
      running.push(first.driver);
      await first.driver.slash(teacher, '/setup', 'name:"4e B" level:college');
      await first.driver.slash(lea, '/help', '');
      const body = first.driver.fake.slashCommand({
        command: '/ask',
        text: 'Pourquoi le ciel est bleu ?',
        userId: lea.id,
        channelId: CHANNEL,
      });
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = signSlackRequest(SIGNING_SECRET, timestamp, body.rawBody);
      const captured = { signingSecret: SIGNING_SECRET, body, timestamp, signature };
      expect((await signedRequest(first.driver.url, captured)).status).toBe(200);
      await first.driver.platform.settled();
      expect(await testDb.db.studentQuestion.count()).toBe(1);
      await running.pop()?.stop();

      // A new process on the same database: it has never seen the request, the database has.
      const second = await startBot(testDb);
      running.push(second.driver);
      expect((await signedRequest(second.driver.url, captured)).status).toBe(401);
      await second.driver.platform.settled();
      expect(await testDb.db.studentQuestion.count()).toBe(1);
      expect(await testDb.db.seenSignature.count()).toBeGreaterThan(0);
      // It serves genuine new requests all the same.
      const help = second.driver.fake.slashCommand({
        command: '/help',
        text: '',
        userId: lea.id,
        channelId: CHANNEL,
      });
      expect(
        (await signedRequest(second.driver.url, { signingSecret: SIGNING_SECRET, body: help })).status,
      ).toBe(200);
    });

    it('refuses a timestamp ten minutes ahead, and cuts an endless upload at 64 KB', async () => {
      testDb = await provider.open();
      const { driver } = await startBot(testDb);
      running.push(driver);
      await driver.slash(teacher, '/setup', 'name:"4e B" level:college');
      await driver.slash(lea, '/help', '');
      const ask = driver.fake.slashCommand({
        command: '/ask',
        text: 'Et demain ?',
        userId: lea.id,
        channelId: CHANNEL,
      });
      const ahead = Math.floor(Date.now() / 1000) + 10 * 60;
      const future = await signedRequest(driver.url, {
        signingSecret: SIGNING_SECRET,
        body: ask,
        timestamp: ahead,
      });
      expect(future.status).toBe(401);
      await driver.platform.settled();
      expect(await testDb.db.studentQuestion.count()).toBe(0);

      const upload = await endlessUpload(driver.url);
      expect(upload.status).toBe(413);
      // Cut near the limit: a few socket buffers at most, nowhere near the 256 MB on offer.
      expect(upload.sent).toBeLessThan(16 * 1024 * 1024);
      // The endpoint still serves genuine requests afterwards.
      expect((await signedRequest(driver.url, { signingSecret: SIGNING_SECRET, body: ask })).status).toBe(
        200,
      );
    });

    it('purges signatures once they can no longer be replayed', async () => {
      testDb = await provider.open();
      let now = Date.parse('2026-11-23T07:00:00Z');
      const seen = new SeenSignatures(testDb.db, () => now);
      expect(await seen.firstTime('v0=aaa', new Date(now + 6 * 60_000))).toBe(true);
      expect(await seen.firstTime('v0=aaa', new Date(now + 6 * 60_000))).toBe(false);
      expect(await seen.firstTime('v0=bbb', new Date(now + 60 * 60_000))).toBe(true);
      now += 7 * 60_000;
      expect(await seen.purge(true)).toBe(1);
      expect((await testDb.db.seenSignature.findMany()).map((r) => r.signatureHash)).toHaveLength(1);
    });
  });
}
