// The bot side of `npm run bench:discord`, run as production runs it: compiled (dist/bench/, built
// by `npm run build`) in its own process, with `npm start`'s node flags. bench/discord-bench.ts
// starts it and answers its requests with the fake Discord; the figures printed here are this
// process's alone (tsx, the fake and its recordings live in the other process).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import { ManualClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { createDb } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { createI18n } from '../src/i18n/i18n.ts';
import { createDiscordPlatform } from '../src/platforms/discord/platform.ts';
import { assembleCore } from '../src/wiring.ts';

/** Requests from the bot (this process) to the fake Discord (the parent). */
export type BenchRequest =
  | { type: 'command'; name: string; subcommand?: string; options: Record<string, string> }
  | { type: 'users'; ids: string[] }
  | { type: 'burst'; questionId: string; ids: string[] }
  | { type: 'edits'; since: number };

/** What the fake Discord answers; `ready` comes first, unasked. */
export type BenchAnswer =
  | { type: 'ready'; apiUrl: string; token: string; guildId: string }
  | { type: 'ok' }
  | { type: 'burst'; sentMs: number; latencies: number[]; ephemeral: number; deferred: number; seq: number }
  | { type: 'edits'; count: number; rssMb: number };

const answers = Number(process.env.BENCH_ANSWERS ?? 500);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function botProcess(): Promise<void> {
  const stages: string[] = [`modules ${mb(process.memoryUsage().rss)}`];
  const pending: ((answer: BenchAnswer) => void)[] = [];
  process.on('message', (answer: BenchAnswer) => pending.shift()?.(answer));
  const ask = <T extends BenchAnswer>(request: BenchRequest | null): Promise<T> =>
    new Promise((resolve) => {
      pending.push(resolve as (answer: BenchAnswer) => void);
      if (request) process.send?.(request);
    });
  const ready = await ask<Extract<BenchAnswer, { type: 'ready' }>>(null);

  const dir = mkdtempSync(path.join(tmpdir(), 'inverso-discord-bench-'));
  const url = `file:${path.join(dir, 'bench.db')}`;
  await migrate(url);
  const db = createDb(url);
  let handled = 0;
  const platform = createDiscordPlatform({
    token: ready.token,
    apiUrl: ready.apiUrl,
    guildId: ready.guildId,
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
    const burst = await ask<Extract<BenchAnswer, { type: 'burst' }>>({
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
    const edits = await ask<Extract<BenchAnswer, { type: 'edits' }>>({ type: 'edits', since: burst.seq });
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
      `  bot peak RSS:  ${mb(peakRss)} (max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; target < 150 MB); fake Discord process (tsx): ${edits.rssMb.toFixed(0)} MB`,
    );
    console.log(`  bot RSS by stage: ${stages.join(' → ')}`);
  } finally {
    clearInterval(sampler);
    await platform.stop();
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
    // The IPC channel is all that keeps this process up now: closing it ends the run.
    process.disconnect?.();
  }
}

await botProcess();
