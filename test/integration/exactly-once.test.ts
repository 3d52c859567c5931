// Exactly once across crashes and flaky platforms (issue 12), on Discord and Slack, SQLite and
// PostgreSQL. A process that dies after the platform took its post but before the reference was
// stored is played by a fake that keeps the answer, a claim with no heartbeat, and a second process
// taking the job over once its lease ran out: the post is found, not made again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { claimDue } from '../../src/scheduler/claim.ts';
import {
  botProcess,
  discordRig,
  type PlatformRig,
  seedCapsules,
  slackRig,
  t0,
} from '../support/crash-rig.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';

const pgOk = await postgresAvailable();
const lease = 20_000;
const rigs = { discord: discordRig, slack: slackRig };

for (const provider of providers) {
  for (const platformName of ['discord', 'slack'] as const) {
    describe.skipIf(provider.name === 'postgres' && !pgOk)(
      `exactly once on ${platformName}, ${provider.name}`,
      () => {
        let testDb: TestDb;
        let rig: PlatformRig;
        let clock: ManualClock;
        const stops: (() => Promise<void>)[] = [];

        beforeEach(async () => {
          testDb = await provider.open();
          rig = await rigs[platformName]();
          clock = new ManualClock(t0);
        });
        afterEach(async () => {
          rig.faults.releaseHeld();
          for (const stop of stops.splice(0)) await stop().catch(() => {});
          await rig.close();
          await testDb.close();
        });

        const start = async (id: string) => {
          const bot = await botProcess(rig, testDb.db, clock, id);
          stops.push(() => bot.platform.stop());
          return bot;
        };

        it('a post made by a process killed before storing it is found, not made again', async () => {
          const { db } = testDb;
          const [title] = await seedCapsules(db, rig, 1);
          // Process A claims the job and posts; the platform keeps the message but A never hears back.
          rig.faults.timing.lostAnswerHoldMs = 60_000;
          rig.faults.next(/chat\.postMessage|POST \/channels\/\d+\/messages$/, 'lost-answer');
          const a = await start('a');
          const claim = await claimDue(db, {
            instanceId: 'a',
            now: clock.now(),
            batchSize: 10,
            lockMs: lease,
          });
          const capsuleId = claim.rows[0]?.capsuleId ?? '';
          const dying = a.core.services.publisher.publishCapsule(capsuleId).catch(() => 'gone');
          await waitFor(() => rig.postsOf(title ?? '') === 1);
          // kill -9: no heartbeat any more. B starts and waits for the lease.
          const b = await start('b');
          expect((await b.core.scheduler.runDue()).claimed).toBe(0);
          clock.advance(lease + 1);
          expect(await b.core.scheduler.runDue()).toMatchObject({ claimed: 1, done: 1 });
          expect(rig.postsOf(title ?? '')).toBe(1);
          const capsule = await db.capsule.findUniqueOrThrow({ where: { id: capsuleId } });
          expect(capsule.status).toBe('published');
          expect(capsule.messageRef).toContain(rig.channelId);
          expect(await db.postIntent.count({ where: { ref: null } })).toBe(0);
          rig.faults.releaseHeld();
          await dying;
          expect(rig.postsOf(title ?? '')).toBe(1);
        });

        it('an anonymous question whose answer was lost is found by its safety net, not posted again', async () => {
          const { db } = testDb;
          await seedCapsules(db, rig, 1);
          const klass = await db.class.findFirstOrThrow();
          const student = await db.member.create({
            data: { classId: klass.id, platformUserId: 'U0ASKER01', displayName: 'Léa', role: 'student' },
          });
          const asker = {
            id: student.id,
            classId: klass.id,
            role: 'student' as const,
            displayName: 'Léa',
            locale: null,
          };
          const text = `Pourquoi 4 ? ${platformName} ${provider.name}`;
          // Process A posts the question; the platform keeps it but the answer never arrives.
          rig.faults.timing.lostAnswerHoldMs = 60_000;
          rig.faults.next(/chat\.postMessage|POST \/channels\/\d+\/messages$/, 'lost-answer');
          const a = await start('a');
          const asking = a.core.services.questions
            .ask(asker, { text, anonymous: true })
            .catch((e: Error) => e);
          await waitFor(() => rig.postsOf(text) === 1);
          // kill -9 of A: B starts; the question's net is not due yet, then it is.
          const b = await start('b');
          clock.advance(lease);
          await b.core.scheduler.runDue();
          clock.advance(lease);
          expect(await b.core.scheduler.runDue()).toMatchObject({ done: 1 });
          expect(rig.postsOf(text)).toBe(1);
          const question = await db.studentQuestion.findFirstOrThrow({ where: { text } });
          expect(question).toMatchObject({ anonymous: true, authorId: null });
          expect(question.messageRef).toContain(rig.channelId);
          // Nothing left behind once it is out: no intent row, no net.
          expect(await db.postIntent.count({ where: { key: { startsWith: 'question:' } } })).toBe(0);
          expect(await db.job.count({ where: { kind: 'question.post', state: 'pending' } })).toBe(0);
          rig.faults.releaseHeld();
          await asking;
          expect(rig.postsOf(text)).toBe(1);
          expect(await db.studentQuestion.count({ where: { text } })).toBe(1);
        });

        it('a question that goes out at once leaves only the question behind', async () => {
          const { db } = testDb;
          await seedCapsules(db, rig, 1);
          const klass = await db.class.findFirstOrThrow();
          const student = await db.member.create({
            data: { classId: klass.id, platformUserId: 'U0ASKER02', displayName: 'Hugo', role: 'student' },
          });
          const asker = {
            id: student.id,
            classId: klass.id,
            role: 'student' as const,
            displayName: 'Hugo',
            locale: null,
          };
          const bot = await start('bot');
          const text = `Et les négatifs ? ${platformName}`;
          const asked = await bot.core.services.questions.ask(asker, { text, anonymous: true });
          expect(asked.messageRef).toContain(rig.channelId);
          expect(rig.postsOf(text)).toBe(1);
          expect(await db.postIntent.count({ where: { key: { startsWith: 'question:' } } })).toBe(0);
          expect(await db.job.count({ where: { kind: 'question.post' } })).toBe(0);
        });

        it('a cycle under 30 % injected faults loses nothing and doubles nothing', async () => {
          const { db } = testDb;
          const titles = await seedCapsules(db, rig, 8);
          rig.faults.timing.holdMs = 300;
          rig.faults.plan({
            share: 0.3,
            seed: 12,
            kinds: ['rate-limit', 'server-error', 'reset', 'timeout', 'lost-answer'],
            only: (name) => /chat\.postMessage|conversations\.|POST \/channels\/\d+\/messages/.test(name),
          });
          const bot = await start('bot');
          for (let round = 0; round < 12; round++) {
            await bot.core.scheduler.runDue();
            const open = await db.job.count({ where: { state: { in: ['pending', 'running'] } } });
            if (open === 0) break;
            clock.advance(10 * 60_000); // past any back-off
          }
          rig.faults.plan(null);
          expect(rig.faults.total).toBeGreaterThan(0);
          expect(await db.job.count({ where: { state: 'done' } })).toBe(titles.length);
          for (const title of titles) expect(rig.postsOf(title), title).toBe(1);
        });
      },
    );
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
