// Discord under a burst: 500 quiz answers (button clicks) arriving within one second, through the
// fake Discord gateway, the real discord.js client and the real core on a fresh SQLite file.
// The fake runs in a child process, so the bot's memory and event loop are measured alone.
// Prints p50/p99 from the interaction leaving the fake gateway to its reply reaching the fake's REST
// API, the tally edits sent (coalesced by the services), and the bot process's peak RSS.
// Targets: p99 < 100 ms, RSS < 200 MB. Prints figures, asserts nothing.
// Run: npx tsx bench/discord-bench.ts   (BENCH_ANSWERS=1000 for a bigger burst)
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { ManualClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { createDb } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { createI18n } from '../src/i18n/i18n.ts';
import { createDiscordPlatform } from '../src/platforms/discord/platform.ts';
import { assembleCore } from '../src/wiring.ts';

const GUILD = '110000000000000001';
const CHANNEL = '110000000000000002';
const TEACHER = '300000000000000001';
const answers = Number(process.env.BENCH_ANSWERS ?? 500);

/** Messages between the bot (parent) and the fake Discord (child). */
type Request =
  | { type: 'command'; name: string; subcommand?: string; options: Record<string, string> }
  | { type: 'users'; ids: string[] }
  | { type: 'burst'; questionId: string; ids: string[] }
  | { type: 'edits'; since: number }
  | { type: 'close' };
type Answer =
  | { type: 'ready'; apiUrl: string; token: string }
  | { type: 'ok' }
  | { type: 'burst'; sentMs: number; latencies: number[]; ephemeral: number; deferred: number; seq: number }
  | { type: 'edits'; count: number; rssMb: number };

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** The child: a fake Discord that sends what the parent asks and reports what it recorded. */
async function fakeProcess(): Promise<void> {
  const { startFakeDiscord } = await import('../test/fakes/discord/fake-discord.ts');
  const fake = await startFakeDiscord({
    guilds: [{ id: GUILD, name: 'Bench school', channels: [{ id: CHANNEL, name: 'class' }] }],
  });
  const send = (answer: Answer) => process.send?.(answer);
  let tallyPath = '';
  process.on('message', async (request: Request) => {
    if (request.type === 'command') {
      const { name, subcommand, options } = request;
      await fake
        .sendSlashCommand({ name, ...(subcommand ? { subcommand } : {}), options, user: TEACHER })
        .callback();
      send({ type: 'ok' });
    } else if (request.type === 'users') {
      request.ids.forEach((id, i) => {
        fake.addUser({ id, username: `student${i}`, globalName: `Student ${i}`, locale: 'fr' });
      });
      send({ type: 'ok' });
    } else if (request.type === 'burst') {
      const message = fake
        .messages(CHANNEL)
        .find((m) => JSON.stringify(m.components).includes(`quiz.answer:${request.questionId}`));
      if (!message) throw new Error('the quiz question was not posted');
      tallyPath = `/channels/${CHANNEL}/messages/${message.id}`;
      const seq = fake.calls.length;
      const sent: { path: string; at: number }[] = [];
      const start = Date.now();
      // One click every (1000 / answers) ms, each from another student.
      for (let i = 0; i < request.ids.length; i++) {
        const due = start + (i * 1000) / request.ids.length;
        if (Date.now() < due) await sleep(due - Date.now());
        const at = Date.now();
        const interaction = fake.sendButton({
          customId: `quiz.answer:${request.questionId}:${i % 3}`,
          messageId: message.id,
          user: request.ids[i] as string,
          locale: 'fr',
        });
        sent.push({ path: `/interactions/${interaction.id}/${interaction.token}/callback`, at });
      }
      const sentMs = Date.now() - start;
      const calls = await Promise.all(
        sent.map((s) => fake.waitForCall((c) => c.method === 'POST' && c.path === s.path, 60_000)),
      );
      const bodies = calls.map((c) => c.body as { type?: number; data?: { flags?: number } });
      send({
        type: 'burst',
        sentMs,
        latencies: calls.map((c, i) => c.at - (sent[i]?.at ?? 0)).sort((a, b) => a - b),
        ephemeral: bodies.filter((b) => b.data?.flags === 64).length,
        deferred: bodies.filter((b) => b.type === 5).length,
        seq,
      });
    } else if (request.type === 'edits') {
      const count = fake.callsTo('PATCH', tallyPath).filter((c) => c.seq >= request.since).length;
      send({ type: 'edits', count, rssMb: process.resourceUsage().maxRSS / 1024 });
    } else {
      await fake.close();
      process.exit(0);
    }
  });
  send({ type: 'ready', apiUrl: fake.apiUrl, token: fake.token });
}

/** The parent: the bot, as in production but for the database file and the API address. */
async function botProcess(): Promise<void> {
  const stages: string[] = [`modules ${mb(process.memoryUsage().rss)}`];
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, BENCH_ROLE: 'fake' },
    execArgv: ['--import', 'tsx'],
  });
  const pending: ((answer: Answer) => void)[] = [];
  child.on('message', (answer: Answer) => pending.shift()?.(answer));
  const ask = <T extends Answer>(request: Request | null): Promise<T> =>
    new Promise((resolve) => {
      pending.push(resolve as (answer: Answer) => void);
      if (request) child.send(request);
    });
  const ready = await ask<Extract<Answer, { type: 'ready' }>>(null);

  const dir = mkdtempSync(path.join(tmpdir(), 'inverso-discord-bench-'));
  const url = `file:${path.join(dir, 'bench.db')}`;
  await migrate(url);
  const db = createDb(url);
  let handled = 0;
  const platform = createDiscordPlatform({
    token: ready.token,
    apiUrl: ready.apiUrl,
    guildId: GUILD,
    logger: silentLogger,
    onInteractionHandled: () => {
      handled++;
    },
  });
  const now = DateTime.now().setZone('Europe/Paris');
  // Production settings: the services' default tally window (1.5 s) coalesces the edits.
  const core = assembleCore({
    db,
    clock: new ManualClock(now.toJSDate()),
    i18n: createI18n('fr'),
    logger: silentLogger,
    platforms: [platform],
    secret: 'bench-secret',
    publicUrl: 'http://localhost:3000',
    defaults: { language: 'fr', timeZone: 'Europe/Paris' },
    instanceId: 'discord-bench',
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 25);
  try {
    await platform.start(core.dispatcher);
    stages.push(`Discord ready ${mb(process.memoryUsage().rss)}`);
    const command = async (name: string, subcommand: string | undefined, options: Record<string, string>) => {
      const before = handled;
      await ask({ type: 'command', name, ...(subcommand ? { subcommand } : {}), options });
      while (handled === before) await sleep(5);
    };
    await command('setup', undefined, { name: 'Bench class' });
    await command('capsule', 'schedule', {
      title: 'Fractions',
      url: 'https://video.example/fractions',
      publish: now.plus({ days: 1 }).toFormat('yyyy-MM-dd HH:mm'),
      session: now.plus({ days: 3 }).toFormat('yyyy-MM-dd HH:mm'),
    });
    await command('quiz', 'create', { capsule: '1', text: '? 1/2 + 1/4 = ?\n- 2/6\n* 3/4\n- 1/3' });
    await command('capsule', 'post', { capsule: '1' });
    const klass = await db.class.findFirstOrThrow();
    const ids = Array.from({ length: answers }, (_, i) => String(400000000000000000n + BigInt(i)));
    // Members as they are after a first interaction each (same name and locale as Discord sends).
    await db.member.createMany({
      data: ids.map((id, i) => ({
        classId: klass.id,
        platformUserId: id,
        displayName: `Student ${i}`,
        locale: 'fr',
      })),
    });
    await ask({ type: 'users', ids });
    const question = await db.quizQuestion.findFirstOrThrow();
    stages.push(`class of ${answers} ${mb(process.memoryUsage().rss)}`);
    // The burst comes a little after the quiz is out, as in class (and past the core's member
    // cache refresh, which the members inserted behind its back above would otherwise miss).
    await sleep(2500);

    const handledBefore = handled;
    const cpuBefore = process.cpuUsage();
    const burst = await ask<Extract<Answer, { type: 'burst' }>>({
      type: 'burst',
      questionId: question.id,
      ids,
    });
    while (handled - handledBefore < answers) await sleep(10);
    const cpu = process.cpuUsage(cpuBefore);
    const cpuPerAnswer = (cpu.user + cpu.system) / 1000 / answers;
    // Let the coalesced tally edit go out (window 1.5 s), then flush what is left.
    await sleep(1700);
    await core.services.quizzes.tallies.flush();
    const edits = await ask<Extract<Answer, { type: 'edits' }>>({ type: 'edits', since: burst.seq });
    const stored = await db.answer.count();
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const { latencies } = burst;

    console.log(`discord bench: ${answers} quiz answers sent in ${burst.sentMs} ms, one per student`);
    console.log(
      `  replies:       ${latencies.length}/${answers} (${burst.ephemeral} ephemeral, ${burst.deferred} deferred first), answers stored: ${stored}`,
    );
    console.log(
      `  reply latency: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms (target p99 < 100 ms)`,
    );
    console.log(
      `  bot CPU:       ${cpuPerAnswer.toFixed(1)} ms per answer (discord.js + core + SQLite), so ${Math.floor(1000 / cpuPerAnswer)} answers/s on one core`,
    );
    console.log(`  tally edits:   ${edits.count} PATCH of the question message for ${answers} answers`);
    console.log(
      `  bot peak RSS:  ${mb(peakRss)} (max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; target < 200 MB); fake Discord process: ${edits.rssMb.toFixed(0)} MB`,
    );
    console.log(`  bot RSS by stage: ${stages.join(' → ')}`);
  } finally {
    clearInterval(sampler);
    await platform.stop();
    child.send({ type: 'close' } satisfies Request);
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_ROLE === 'fake') {
  await fakeProcess();
} else {
  await botProcess();
}
