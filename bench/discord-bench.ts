// Discord under a burst: 500 quiz answers (button clicks) arriving within one second, through the
// fake Discord gateway, the real discord.js client and the real core on a fresh SQLite file.
// The bot runs as in production, in its own process: the compiled code (dist/bench/discord-bench-bot.js,
// from bench/discord-bench-bot.ts, built by `npm run build`, which this script's npm entry runs first)
// with `npm start`'s node flags, so its memory is the bot's alone, without tsx nor the fake. This
// process runs the fake Discord and does what the bot asks of it.
// Prints p50/p99 from the interaction leaving the fake gateway to its reply reaching the fake's REST
// API, the tally edits sent (coalesced by the services), and the bot process's peak RSS.
// Targets: p99 < 100 ms, bot peak RSS < 150 MB. Prints figures, asserts nothing.
// Run: npm run bench:discord   (BENCH_ANSWERS=1000 for a bigger burst)
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startFakeDiscord } from '../test/fakes/discord/fake-discord.ts';
import type { BenchAnswer, BenchRequest } from './discord-bench-bot.ts';

const GUILD = '110000000000000001';
const CHANNEL = '110000000000000002';
const TEACHER = '300000000000000001';
const root = fileURLToPath(new URL('..', import.meta.url));
const botScript = path.join(root, 'dist/bench/discord-bench-bot.js');

/** `npm start`'s node flags (heap and compiler settings), without its entry point. */
function startFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [program, ...args] = (scripts.start ?? '').split(/\s+/);
  if (program !== 'node') throw new Error(`npm start does not run node directly: ${scripts.start}`);
  return args.filter((arg) => arg.startsWith('--'));
}

async function main(): Promise<void> {
  if (!existsSync(botScript)) throw new Error(`${botScript} is missing: run \`npm run build\` first.`);
  const fake = await startFakeDiscord({
    guilds: [{ id: GUILD, name: 'Bench school', channels: [{ id: CHANNEL, name: 'class' }] }],
  });
  const bot = fork(botScript, [], { execArgv: startFlags(), env: process.env });
  const send = (answer: BenchAnswer) => bot.send(answer);
  const exited = new Promise<number | null>((resolve) => bot.once('exit', resolve));
  let tallyPath = '';
  bot.on('message', async (request: BenchRequest) => {
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
    }
  });
  send({ type: 'ready', apiUrl: fake.apiUrl, token: fake.token, guildId: GUILD });
  const code = await exited;
  await fake.close();
  if (code !== 0) throw new Error(`the bot process exited with ${code}`);
}

await main();
