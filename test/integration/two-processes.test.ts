// Two complete bot processes (src/main.ts, as `npm start` runs it) on one PostgreSQL schema, the
// sandbox off, Slack in HTTP mode behind a round-robin "load balancer" (this test), the fake Slack
// in this process and one test clock both bots read. 50 classes are set up and scheduled through
// signed slash commands, then the clock walks through a week: every job runs exactly once, every
// publication, reminder and brief is posted once, and every command is answered once.
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, signSlackRequest, startFakeSlack } from '../fakes/slack/index.ts';
import { type BotProcess, setTestClock, startBotProcess } from '../support/bot-process.ts';
import { pgUrl, postgresAvailable, postgresTestDb, type TestDb } from '../support/db.ts';
import { testRoot } from '../support/paths.ts';

const CLASSES = 50;
const SECRET = 'two-processes-signing-secret';
const start = new Date('2026-11-23T07:00:00Z'); // Monday 08:00 in Paris
const weekEnd = new Date('2026-11-30T07:00:00Z');
const pad = (i: number) => String(i).padStart(3, '0');
const channelOf = (i: number) => `C0CLASS${pad(i)}`;
const teacherOf = (i: number) => `U0TEACH${pad(i)}`;
const pgOk = await postgresAvailable();

describe.skipIf(!pgOk)('two bot processes on one PostgreSQL database', () => {
  let testDb: TestDb;
  let fake: FakeSlack;
  let bots: BotProcess[] = [];
  const clockFile = path.join(testRoot, `clock-${randomUUID()}.txt`);
  let sent = 0;

  /** The load balancer: requests go to each bot in turn. */
  const slash = async (user: string, channel: string, command: string, text: string) => {
    const bot = bots[sent++ % bots.length]!;
    const { rawBody, contentType } = fake.slashCommand({ command, text, channelId: channel, userId: user });
    const timestamp = Math.floor(Date.now() / 1000);
    // A fresh connection per request, as a load balancer opens them: no idle keep-alive socket that
    // the bot's server may close just as it is reused.
    return new Promise<{ status: number }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: bot.port,
          path: '/slack/events',
          method: 'POST',
          agent: false,
          headers: {
            'content-type': contentType,
            'x-slack-request-timestamp': String(timestamp),
            'x-slack-signature': signSlackRequest(SECRET, timestamp, rawBody),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        },
      );
      req.on('error', reject);
      req.end(rawBody);
    });
  };

  /** Moves both bots' clock to `at` and waits until neither has anything left due by then. */
  const runUntil = async (at: Date) => {
    setTestClock(clockFile, at);
    const deadline = Date.now() + 90_000;
    for (;;) {
      const left = await testDb.db.job.count({
        where: { dueAt: { lte: at }, state: { in: ['pending', 'running'] } },
      });
      if (left === 0) return;
      if (Date.now() > deadline) {
        const stuck = await testDb.db.job.findMany({
          where: { dueAt: { lte: at }, state: { in: ['pending', 'running'] } },
          select: { kind: true, state: true, attempts: true, lastError: true, dueAt: true },
        });
        throw new Error(`jobs due by ${at.toISOString()} never ran: ${JSON.stringify(stuck)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    testDb = await postgresTestDb();
    fake = await startFakeSlack({
      users: Array.from({ length: CLASSES }, (_, i) => ({
        id: teacherOf(i),
        name: `prof${i}`,
        displayName: `Prof ${i}`,
        realName: `Prof ${i}`,
        locale: 'fr-FR',
      })),
      channels: Array.from({ length: CLASSES }, (_, i) => ({ id: channelOf(i), name: `classe-${i}` })),
    });
    setTestClock(clockFile, start);
    const env = {
      DATABASE_URL: `${pgUrl}?schema=${testDb.pgSchema}`,
      APP_SECRET: 'two-processes-app-secret',
      SANDBOX: 'off',
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_MODE: 'http',
      SLACK_API_URL: fake.apiUrl,
      TEST_CLOCK_FILE: clockFile,
      SCHEDULER_CRON: '* * * * * *',
    };
    bots = await Promise.all([
      startBotProcess('bot-a', env, 150_000),
      startBotProcess('bot-b', env, 150_000),
    ]);
  }, 180_000);

  afterAll(async () => {
    const codes = await Promise.all(bots.map((b) => b.stop()));
    await fake?.close();
    await testDb?.close();
    expect(codes).toEqual(bots.map(() => 0));
  }, 60_000);

  it('runs a week of 50 classes: every job once, every post once, every command answered once', {
    timeout: 300_000,
  }, async () => {
    // Eight teachers at a time, each setting up a class then scheduling its capsule.
    const answers: { status: number }[] = [];
    let nextClass = 0;
    const teacherWork = async () => {
      for (let i = nextClass++; i < CLASSES; i = nextClass++) {
        answers.push(await slash(teacherOf(i), channelOf(i), '/setup', `name:"Classe ${i}"`));
        // Slack is answered before the work is done: the teacher waits for the class, as people do.
        while (!(await testDb.db.class.findFirst({ where: { channelId: channelOf(i) } }))) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        answers.push(
          await slash(
            teacherOf(i),
            channelOf(i),
            '/capsule',
            `schedule title:"Capsule ${i}" url:"https://v.example/${i}" publish:"mardi 8h" session:"jeudi 10h"`,
          ),
        );
      }
    };
    await Promise.all(Array.from({ length: 8 }, teacherWork));
    expect(answers).toHaveLength(2 * CLASSES);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    // Slack is answered at once; the work behind each command ends a little later.
    for (let i = 0; i < 100 && (await testDb.db.capsule.count()) < CLASSES; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await testDb.db.class.count()).toBe(CLASSES);
    expect(await testDb.db.capsule.count()).toBe(CLASSES);

    // The week, one due time after another.
    for (;;) {
      const next = await testDb.db.job.findFirst({
        // The hourly digest sweep and the daily purge run at whichever step passes their time.
        where: {
          state: 'pending',
          dueAt: { lte: weekEnd },
          kind: { notIn: ['digest.sweep', 'privacy.retention'] },
        },
        orderBy: { dueAt: 'asc' },
      });
      if (!next) break;
      await runUntil(next.dueAt < start ? start : next.dueAt);
    }
    await runUntil(weekEnd);

    // Every job of the week ran once: done or skipped with a reason, claimed exactly once.
    const jobs = await testDb.db.job.findMany({ where: { dueAt: { lte: weekEnd } } });
    expect(jobs.filter((j) => !['done', 'skipped'].includes(j.state))).toEqual([]);
    expect(jobs.filter((j) => j.attempts !== 1)).toEqual([]);
    const done = (kind: string) => jobs.filter((j) => j.kind === kind && j.state === 'done').length;
    expect([done('capsule.publish'), done('capsule.reminder'), done('brief.send')]).toEqual([
      CLASSES,
      2 * CLASSES,
      CLASSES,
    ]);

    // What the classes saw: per channel, the set-up card, the capsule and two reminders, once each.
    const posts = fake.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 200);
    const texts = (channel: string) =>
      posts.filter((c) => c.args.channel === channel && !c.args.thread_ts).map((c) => String(c.args.text));
    for (let i = 0; i < CLASSES; i++) {
      const seen = texts(channelOf(i));
      const count = (pattern: RegExp) => seen.filter((t) => pattern.test(t)).length;
      expect([
        count(new RegExp(`Classe ${i} » est prête`)),
        count(new RegExp(`^Capsule n°1 — Capsule ${i}\\n`)),
        count(new RegExp(`^Rappel — Capsule ${i}\\n`)),
      ]).toEqual([1, 1, 2]);
      expect(new Set(seen).size).toBe(seen.length);
    }
    // Each teacher got the pre-class brief once, privately.
    const briefs = posts.filter((c) => /^Point avant la séance/.test(String(c.args.text)));
    expect(briefs).toHaveLength(CLASSES);
    expect(new Set(briefs.map((c) => c.args.channel)).size).toBe(CLASSES);
    // Every command was answered once: one answer on each command's response URL at most, and
    // the slash commands' work done once (one class and one capsule per channel).
    const perUrl = new Map<string, number>();
    for (const r of fake.responses) perUrl.set(r.url, (perUrl.get(r.url) ?? 0) + 1);
    expect([...perUrl.values()].filter((n) => n > 1)).toEqual([]);
    const classes = await testDb.db.class.findMany({ include: { capsules: true } });
    expect(new Set(classes.map((c) => c.channelId)).size).toBe(CLASSES);
    expect(classes.every((c) => c.capsules.length === 1)).toBe(true);
    // Both processes served: no error logged by either.
    for (const bot of bots) expect(bot.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });
});
