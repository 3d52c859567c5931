// The bot's footprint on a small server: the compiled bot (`npm start`'s command, dist/) started
// as its own process on a migrated SQLite file, measured from outside.
//   - start to ready: from spawn to "Inverso is running" (migrations already applied), /readyz 200;
//   - idle RSS with the sandbox alone, then with Discord, Slack and the sandbox configured against
//     the in-process fakes of test/fakes (they run in this process, not in the bot's);
//   - the peak RSS `npm run bench:discord` reports for its bot side.
// Targets: < 1 s, < 100 MB, < 130 MB, < 150 MB. Prints figures, asserts nothing.
// Run: npm run bench:footprint   (BENCH_IDLE_MS=20000 waits longer before reading the idle RSS)
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startFakeDiscord } from '../test/fakes/discord/fake-discord.ts';
import { startFakeSlack } from '../test/fakes/slack/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const idleMs = Number(process.env.BENCH_IDLE_MS ?? 10_000);
const scripts = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

/** `npm start`'s node arguments (heap flags and the compiled entry point), without npm around them. */
function startArgs(): string[] {
  const [program, ...args] = (scripts.start ?? '').split(/\s+/);
  if (program !== 'node') throw new Error(`npm start does not run node directly: ${scripts.start}`);
  return args;
}

/** A started bot process and what it took to be ready. */
interface Started {
  child: ChildProcess;
  port: number;
  readyMs: number;
}

/** Starts the compiled bot with these variables; resolves once it logged that it runs. */
async function startBot(env: Record<string, string>): Promise<Started> {
  const began = performance.now();
  const child = spawn(process.execPath, startArgs(), {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bot exited with ${code} before it was ready`)));
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; port?: number; level?: number };
      if (entry.level !== undefined && entry.level >= 50) console.error(`  bot: ${entry.msg}`);
      if (entry.msg?.startsWith('Inverso is running') && entry.port) resolve(entry.port);
    });
  });
  const readyMs = performance.now() - began;
  const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
  if (ready.status !== 200) throw new Error(`/readyz answered ${ready.status}: ${await ready.text()}`);
  return { child, port, readyMs };
}

/** Resident memory of a process, from /proc (Linux), in MB. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** RSS after `idleMs` of doing nothing (the median of five readings a second apart). */
async function idleRss(child: ChildProcess): Promise<number> {
  await sleep(Math.max(0, idleMs - 4000));
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    readings.push(rssMb(child.pid as number));
    if (i < 4) await sleep(1000);
  }
  return readings.sort((a, b) => a - b)[2] as number;
}

/** Runs `npm run bench:discord` and reads the bot's peak RSS from its report. */
async function discordBenchPeak(): Promise<number> {
  const child = spawn('npm', ['run', '--silent', 'bench:discord'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  const peak = /max RSS (\d+) MB/.exec(out)?.[1];
  if (code !== 0 || !peak) throw new Error(`bench:discord failed (exit ${code}):\n${out}`);
  return Number(peak);
}

const line = (label: string, value: string, target: string) =>
  console.log(`  ${label.padEnd(46)} ${value.padStart(8)}   (target ${target})`);

async function main(): Promise<void> {
  if (!existsSync(path.join(root, 'dist/src/main.js'))) {
    throw new Error('dist/src/main.js is missing: run `npm run build` (npm install runs it).');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'inverso-footprint-'));
  const base = { DATABASE_URL: `file:${path.join(dir, 'bench.db')}`, APP_SECRET: 'footprint-bench' };
  try {
    console.log(
      `footprint bench: Node ${process.version}, node ${startArgs().join(' ')}, idle ${idleMs / 1000} s`,
    );
    // A first start migrates and seeds the demo class; the measured starts find the database ready.
    await stop((await startBot(base)).child);

    const sandbox = await startBot(base);
    const sandboxRss = await idleRss(sandbox.child);
    await stop(sandbox.child);
    line('start to ready (migrated SQLite, sandbox)', `${(sandbox.readyMs / 1000).toFixed(2)} s`, '< 1 s');
    line('idle RSS, sandbox alone', `${sandboxRss.toFixed(0)} MB`, '< 100 MB');

    const discord = await startFakeDiscord();
    const slack = await startFakeSlack();
    try {
      const all = await startBot({
        ...base,
        SANDBOX: 'on',
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiUrl,
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_APP_TOKEN: slack.appToken,
        SLACK_API_URL: slack.apiUrl,
      });
      const allRss = await idleRss(all.child);
      await stop(all.child);
      line('start to ready (Discord + Slack + sandbox)', `${(all.readyMs / 1000).toFixed(2)} s`, '—');
      line('idle RSS, Discord + Slack + sandbox (fakes)', `${allRss.toFixed(0)} MB`, '< 130 MB');
    } finally {
      await discord.close();
      await slack.close();
    }

    line('peak RSS of npm run bench:discord (bot side)', `${await discordBenchPeak()} MB`, '< 150 MB');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
