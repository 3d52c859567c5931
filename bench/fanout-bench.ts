// Monday 08:00, measured: N classes (FANOUT_CLASSES, default 500) on Discord and a few more on Slack
// (FANOUT_SLACK_CLASSES, default 20) whose capsules all publish at the same minute, on PostgreSQL,
// run by TWO bot processes (src/main.ts, sandbox off). The bots reach Discord through one
// @discordjs/proxy, so they share one global budget, in front of a fake Discord that enforces 50
// requests/s and per-route buckets (5 messages per 5 s per channel) with Discord's headers, and a
// fake Slack that takes about one message per second per channel. Both bots read one test clock
// (TEST_CLOCK_FILE): moving it to 08:00 starts the fan-out at the same instant in both, and the
// bench then moves it on with real time (every 250 ms), so retries and back-offs do happen.
// The proxy is the documented one (scripts/discord-proxy.ts, `npm run discord:proxy`).
// Prints requests per publication, total time against the ideal (requests ÷ 50), 429s by kind,
// the time until the last class had its capsule, and posts lost or doubled. Asserts nothing.
// Targets: 0 global 429s, total ≤ 110 % of the ideal, 0 lost, 0 doubled.
// Run: npm run bench:fanout   (FANOUT_CLASSES=100 for a quick look; PostgreSQL at TEST_PG_URL)
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ManualClock } from '../src/core/clock.ts';
import type { Place } from '../src/core/events.ts';
import { silentLogger } from '../src/core/logger.ts';
import { createDb } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { createI18n } from '../src/i18n/i18n.ts';
import { assembleCore } from '../src/wiring.ts';
import { startFakeDiscord } from '../test/fakes/discord/fake-discord.ts';
import { RecordingPlatform } from '../test/fakes/recording-platform.ts';
import { startFakeSlack } from '../test/fakes/slack/index.ts';
import { type BotProcess, setTestClock, startBotProcess } from '../test/support/bot-process.ts';
import { report, startProxyProcess } from './fanout-report.ts';

const discordClasses = Number(process.env.FANOUT_CLASSES ?? 500);
const slackClasses = Number(process.env.FANOUT_SLACK_CLASSES ?? 20);
const questions = Number(process.env.FANOUT_QUESTIONS ?? 3);
const pgUrl = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const GUILD = '130000000000000001';
const TEACHER = '330000000000000001';
const SLACK_TEACHER = 'U0BENCHTEACH';
const seedAt = new Date('2026-11-23T06:50:00Z'); // Monday 07:50 in Paris
const publishAt = new Date('2026-11-23T07:00:00Z'); // 08:00
const discordChannel = (i: number) => String(130000000000100000n + BigInt(i));
const slackChannel = (i: number) => `C0FAN${String(i).padStart(4, '0')}`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const schema = `fanout_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await migrate(pgUrl, { pgSchema: schema });
  const discord = await startFakeDiscord({
    guilds: [
      {
        id: GUILD,
        name: 'Académie',
        channels: Array.from({ length: discordClasses }, (_, i) => ({
          id: discordChannel(i),
          name: `c${i}`,
        })),
      },
    ],
    rateLimits: { globalPerSecond: 50, routeLimit: 5, routeWindowMs: 5_000 },
  });
  const slack = await startFakeSlack({
    users: [{ id: SLACK_TEACHER, name: 'prof', displayName: 'Prof', realName: 'Prof', locale: 'fr-FR' }],
    channels: Array.from({ length: slackClasses }, (_, i) => ({ id: slackChannel(i), name: `s${i}` })),
    rateLimits: { perChannelMs: 1_000 },
  });
  // The one Discord REST proxy both bots go through, in its own process as deployed (`npm run
  // discord:proxy`): one queue, one global budget per token.
  const atLimit = process.env.FANOUT_PROXY === 'reject' ? 'reject' : 'queue';
  const proxy = await startProxyProcess(atLimit, discord.apiUrl);
  const proxyUrl = `http://127.0.0.1:${proxy.port}/api`;

  const url = `${pgUrl}?schema=${schema}`;
  const started = Date.now();
  await seed(url);
  console.log(
    `seeded ${discordClasses} Discord + ${slackClasses} Slack classes in ${sec(Date.now() - started)}`,
  );

  const clockFile = path.join(tmpdir(), `inverso-fanout-clock-${schema}.txt`);
  setTestClock(clockFile, seedAt);
  const env = {
    DATABASE_URL: url,
    APP_SECRET: 'fanout-bench-secret',
    SANDBOX: 'off',
    LOG_LEVEL: 'info',
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_GUILD_ID: GUILD,
    DISCORD_API_URL: proxyUrl,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: 'fanout-bench-signing',
    SLACK_MODE: 'http',
    SLACK_API_URL: slack.apiUrl,
    TEST_CLOCK_FILE: clockFile,
    SCHEDULER_CONCURRENCY: process.env.SCHEDULER_CONCURRENCY ?? '32',
  };
  const bots: BotProcess[] = await Promise.all([
    startBotProcess('fanout-a', env, 180_000),
    startBotProcess('fanout-b', env, 180_000),
  ]);
  const db = createDb(url);
  try {
    const fromSeq = discord.calls.length;
    const slackFrom = slack.calls.length;
    const before = { ...discord.rateLimitCounts };
    const t0 = Date.now();
    setTestClock(clockFile, publishAt);
    // Time flows from 08:00 on: a publication put back for a retry comes back when it is due.
    const ticking = setInterval(
      () => setTestClock(clockFile, new Date(publishAt.getTime() + Date.now() - t0)),
      250,
    );
    const total = discordClasses + slackClasses;
    for (;;) {
      const done = await db.job.count({
        where: { kind: 'capsule.publish', state: { in: ['done', 'failed', 'skipped'] } },
      });
      const posted = await db.quizQuestion.count({ where: { messageRef: { not: null } } });
      if (done >= total && posted >= total * questions) break;
      if (Date.now() - t0 > 15 * 60_000) {
        console.log(`gave up after 15 min: ${done}/${total} publications, ${posted} questions posted`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    clearInterval(ticking);
    const proxied = await proxy.stop();
    report({
      shape: { discordClasses, slackClasses, questions, discordChannel },
      discord,
      slack,
      fromSeq,
      slackFrom,
      before,
      t0,
      proxied,
    });
    const states = await db.job.groupBy({
      by: ['state'],
      where: { kind: 'capsule.publish' },
      _count: { _all: true },
    });
    console.log(`publish jobs: ${states.map((s) => `${s.state}=${s._count._all}`).join(' ')}`);
    const errors = bots.flatMap((b) => b.logs.filter((l) => Number(l.level) >= 50));
    console.log(
      `errors logged by the bots: ${errors.length}${errors[0] ? ` (first: ${errors[0].msg})` : ''}`,
    );
  } finally {
    await Promise.all(bots.map((b) => b.stop()));
    await db.$disconnect();
    await proxy.stop();
    await discord.close();
    await slack.close();
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

/** Classes, capsules and quizzes made through the real commands, posted to a recorder (not timed). */
async function seed(url: string): Promise<void> {
  const db = createDb(url);
  const platforms = [new RecordingPlatform('discord'), new RecordingPlatform('slack')];
  const core = assembleCore({
    db,
    clock: new ManualClock(seedAt),
    i18n: createI18n('fr'),
    logger: silentLogger,
    platforms,
    secret: 'fanout-bench-secret',
    publicUrl: 'http://localhost:3000',
    defaults: { language: 'fr', timeZone: 'Europe/Paris' },
    instanceId: 'seed',
  });
  const reply = {
    private: async () => undefined,
    public: async () => ({ platform: 'discord' as const, workspaceId: '', channelId: '', messageId: '' }),
    openForm: async () => undefined,
  };
  const places: { place: Place; teacher: string }[] = [
    ...Array.from({ length: discordClasses }, (_, i) => ({
      place: { platform: 'discord' as const, workspaceId: GUILD, channelId: discordChannel(i) },
      teacher: TEACHER,
    })),
    ...Array.from({ length: slackClasses }, (_, i) => ({
      place: { platform: 'slack' as const, workspaceId: 'T0FAKE', channelId: slackChannel(i) },
      teacher: SLACK_TEACHER,
    })),
  ];
  const quiz = Array.from(
    { length: questions },
    (_, k) => `? Question ${k + 1} ?\n* oui\n- non\n- peut-être`,
  ).join('\n\n');
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < places.length; i = next++) {
      const { place, teacher } = places[i]!;
      const actor = { platformUserId: teacher, displayName: 'Prof', locale: 'fr' };
      const run = (command: string, args: Record<string, string>) =>
        core.dispatcher.handle({ type: 'command', command, args: args as never }, { actor, place, reply });
      await run('setup', { name: `Classe ${i}` });
      await run('capsule schedule', {
        title: `Fanout ${i}`,
        url: 'https://v.example/capsule',
        publish: 'lundi 8h',
        session: 'mercredi 10h',
      });
      await run('quiz create', { capsule: '1', text: quiz });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await db.$disconnect();
}

await main();
process.exit(0);
