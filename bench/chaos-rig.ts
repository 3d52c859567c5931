// The pieces of `npm run chaos` (bench/chaos.ts): the fake platforms in this process, a database
// the child bot reaches by URL alone, the bot as a child process, fan-outs of capsules due now, and
// the count of what the platform received per capsule.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Db } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { JOB } from '../src/services/capsule-jobs.ts';
import { startFakeDiscord } from '../test/fakes/discord/fake-discord.ts';
import type { Faults } from '../test/fakes/faults.ts';
import { startFakeSlack } from '../test/fakes/slack/index.ts';

const pgAdmin = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const GUILD = '130000000000000001';
const DISCORD_CHANNEL = '130000000000000002';
const SLACK_CHANNEL = 'C0CHAOS001';

/** The fake platform of a run, and what the bot's environment needs to use it. */
export interface Target {
  name: 'discord' | 'slack';
  workspaceId: string;
  channelId: string;
  env: Record<string, string>;
  faults: Faults;
  /** Texts of the messages in the class channel (title counting is done on them). */
  texts(): string[];
  close(): Promise<void>;
}

export async function target(name: 'discord' | 'slack'): Promise<Target> {
  if (name === 'discord') {
    const fake = await startFakeDiscord({
      guilds: [{ id: GUILD, name: 'Chaos', channels: [{ id: DISCORD_CHANNEL, name: 'classe' }] }],
    });
    return {
      name,
      workspaceId: GUILD,
      channelId: DISCORD_CHANNEL,
      env: {
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_GUILD_ID: GUILD,
      },
      faults: fake.faults,
      texts: () => fake.messages(DISCORD_CHANNEL).map((m) => JSON.stringify(m)),
      close: () => fake.close(),
    };
  }
  const fake = await startFakeSlack({ channels: [{ id: SLACK_CHANNEL, name: 'classe' }] });
  return {
    name,
    workspaceId: fake.identity.teamId,
    channelId: SLACK_CHANNEL,
    env: {
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_API_URL: fake.apiUrl,
      SLACK_MODE: 'http',
      SLACK_SIGNING_SECRET: 'chaos-signing-secret',
    },
    faults: fake.faults,
    texts: () => fake.messagesIn(SLACK_CHANNEL).map((m) => JSON.stringify([m.text, m.blocks])),
    close: () => fake.close(),
  };
}

/** A fresh migrated database the child can reach by URL alone (PostgreSQL: its own database). */
export async function database(
  kind: 'sqlite' | 'postgres',
): Promise<{ url: string; db: Db; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'inverso-chaos-'));
    const url = `file:${path.join(dir, 'chaos.db')}`;
    await migrate(url);
    const db = createDb(url);
    return {
      url,
      db,
      async drop() {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `chaos_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: pgAdmin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(pgAdmin);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const db = createDb(url.toString());
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.$disconnect();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** The newest modification time of the files under a folder (0 when there is none). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/**
 * The bot runs compiled, as `npm start` does (tsx would add its own start-up to every recovery):
 * dist is rebuilt first when a source file is newer than the last build.
 */
export function ensureBuilt(): void {
  const built = (() => {
    try {
      return statSync('dist/.tsbuildinfo').mtimeMs;
    } catch {
      return 0;
    }
  })();
  if (newest('src') <= built) return;
  console.log('chaos: dist is older than the sources, running npm run build');
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}

/** Starts the real bot (compiled) on that database and platform; its output goes to a log file. */
export function startBot(dbUrl: string, t: Target, log: string, run: number): ChildProcess {
  const out = openSync(log, 'a');
  return spawn(
    process.execPath,
    ['--max-semi-space-size=4', '--max-old-space-size=256', 'dist/src/main.js'],
    {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: dbUrl,
        APP_SECRET: 'chaos-secret',
        PUBLIC_URL: 'http://127.0.0.1',
        PORT: '0',
        HOST: '127.0.0.1',
        SANDBOX: 'off',
        LOG_LEVEL: 'warn',
        INSTANCE_ID: `chaos-${run}`,
        ...t.env,
      },
      stdio: ['ignore', out, out],
    },
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The class of the run, made once. */
export async function classOf(db: Db, t: Target): Promise<string> {
  const found = await db.class.findFirst({ where: { platform: t.name } });
  if (found) return found.id;
  const klass = await db.class.create({
    data: { platform: t.name, workspaceId: t.workspaceId, channelId: t.channelId, name: 'Chaos' },
  });
  return klass.id;
}

/** A fan-out: `count` capsules due now, each with its publish job; returns their titles. */
export async function fanOut(db: Db, t: Target, batch: number, count: number): Promise<string[]> {
  const classId = await classOf(db, t);
  const now = new Date();
  const titles: string[] = [];
  for (let i = 0; i < count; i++) {
    const title = `chaos-${batch}-${i}-end`;
    const capsule = await db.capsule.create({
      data: {
        classId,
        number: batch * 1000 + i,
        title,
        videoUrl: `https://tube.example/w/${batch}-${i}`,
        publishAt: now,
        sessionAt: new Date(now.getTime() + 3 * 24 * 3600_000),
      },
    });
    await db.job.create({
      data: {
        kind: JOB.publish,
        classId,
        capsuleId: capsule.id,
        dueAt: now,
        idempotencyKey: `${JOB.publish}:${capsule.id}`,
      },
    });
    titles.push(title);
  }
  return titles;
}

/** Messages per title, from what the platform holds. */
export function tally(t: Target, titles: string[]): { posted: number; lost: number; doubled: number } {
  const texts = t.texts();
  let lost = 0;
  let doubled = 0;
  for (const title of titles) {
    const n = texts.filter((text) => text.includes(`${title}`)).length;
    if (n === 0) lost += 1;
    if (n > 1) doubled += n - 1;
  }
  return { posted: titles.length - lost, lost, doubled };
}

export async function openJobs(db: Db): Promise<number> {
  return db.job.count({ where: { kind: JOB.publish, state: { in: ['pending', 'running'] } } });
}

/** Waits until the fan-out is out and no publish job is left; returns the ms it took, or NaN. */
export async function settle(db: Db, t: Target, titles: string[], timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (tally(t, titles).lost === 0 && (await openJobs(db)) === 0) return Date.now() - started;
    await sleep(100);
  }
  return Number.NaN;
}

export const kill = async (child: ChildProcess) => {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
  }
};

export const percentile = (values: number[], p: number) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
