// `npm run chaos`: kill -9 at random points of a fan-out, then flaky platforms (issue 12). Prints
// figures, asserts nothing. The fakes of Discord and Slack run in this process; the bot runs as a
// child process (the real `src/main.ts`) pointed at them by DISCORD_API_URL / SLACK_API_URL. Each
// trial adds a fan-out of capsules due now, kills the bot with SIGKILL once a random share of them
// is out, starts it again, and counts, per capsule, the messages the platform received.
// CHAOS_TRIALS (default 20), CHAOS_CAPSULES (100), CHAOS_DATABASES (sqlite,postgres) and
// CHAOS_PLATFORMS (discord,slack) make it shorter; CHAOS_FAULT_SHARE (0.3) for the faults phase;
// CHAOS_PARENTS (100) and CHAOS_SMTP_DOWN_MS (20000) for the digests while SMTP refuses mail;
// CHAOS_PHASES (crash,faults,smtp) picks the phases.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Db } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { DIGEST_SEND, SEND_ATTEMPTS } from '../src/reports/digest/delivery.ts';
import { isoWeek } from '../src/reports/digest/week.ts';
import { JOB } from '../src/services/capsule-jobs.ts';
import { startFakeDiscord } from '../test/fakes/discord/fake-discord.ts';
import type { Faults } from '../test/fakes/faults.ts';
import { startFakeSlack } from '../test/fakes/slack/index.ts';
import { FakeSmtp } from '../test/fakes/smtp.ts';

const TRIALS = Number(process.env.CHAOS_TRIALS ?? 20);
const CAPSULES = Number(process.env.CHAOS_CAPSULES ?? 100);
const DATABASES = (process.env.CHAOS_DATABASES ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const PLATFORMS = (process.env.CHAOS_PLATFORMS ?? 'discord,slack').split(',') as ('discord' | 'slack')[];
const FAULT_SHARE = Number(process.env.CHAOS_FAULT_SHARE ?? 0.3);
const PHASES = new Set((process.env.CHAOS_PHASES ?? 'crash,faults,smtp').split(','));
const PARENTS = Number(process.env.CHAOS_PARENTS ?? 100);
const SMTP_DOWN_MS = Number(process.env.CHAOS_SMTP_DOWN_MS ?? 20_000);
const TRIAL_TIMEOUT_MS = 180_000;
const pgAdmin = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const GUILD = '130000000000000001';
const DISCORD_CHANNEL = '130000000000000002';
const SLACK_CHANNEL = 'C0CHAOS001';

/** The fake platform of a run, and what the bot's environment needs to use it. */
interface Target {
  name: 'discord' | 'slack';
  workspaceId: string;
  channelId: string;
  env: Record<string, string>;
  faults: Faults;
  /** Texts of the messages in the class channel (title counting is done on them). */
  texts(): string[];
  close(): Promise<void>;
}

async function target(name: 'discord' | 'slack'): Promise<Target> {
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
async function database(
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

/** Starts the real bot on that database and platform; its output goes to a log file. */
function startBot(dbUrl: string, t: Target, log: string, run: number): ChildProcess {
  const out = openSync(log, 'a');
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
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
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The class of the run, made once. */
async function classOf(db: Db, t: Target): Promise<string> {
  const found = await db.class.findFirst({ where: { platform: t.name } });
  if (found) return found.id;
  const klass = await db.class.create({
    data: { platform: t.name, workspaceId: t.workspaceId, channelId: t.channelId, name: 'Chaos' },
  });
  return klass.id;
}

/** A fan-out: `count` capsules due now, each with its publish job; returns their titles. */
async function fanOut(db: Db, t: Target, batch: number, count: number): Promise<string[]> {
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
function tally(t: Target, titles: string[]): { posted: number; lost: number; doubled: number } {
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

async function openJobs(db: Db): Promise<number> {
  return db.job.count({ where: { kind: JOB.publish, state: { in: ['pending', 'running'] } } });
}

/** Waits until the fan-out is out and no publish job is left; returns the ms it took, or NaN. */
async function settle(db: Db, t: Target, titles: string[]): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < TRIAL_TIMEOUT_MS) {
    if (tally(t, titles).lost === 0 && (await openJobs(db)) === 0) return Date.now() - started;
    await sleep(100);
  }
  return Number.NaN;
}

const kill = async (child: ChildProcess) => {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
  }
};

const percentile = (values: number[], p: number) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function crashRun(
  kind: 'sqlite' | 'postgres',
  name: 'discord' | 'slack',
  logDir: string,
): Promise<void> {
  const t = await target(name);
  const store = await database(kind);
  const log = path.join(logDir, `${kind}-${name}.log`);
  let lost = 0;
  let doubled = 0;
  const recoveries: number[] = [];
  let run = 0;
  try {
    for (let trial = 0; trial < TRIALS; trial++) {
      const titles = await fanOut(store.db, t, trial, CAPSULES);
      const killAt = 1 + Math.floor(Math.random() * Math.max(1, CAPSULES - 1));
      const first = startBot(store.url, t, log, run++);
      const waitStart = Date.now();
      while (tally(t, titles).posted < killAt && Date.now() - waitStart < TRIAL_TIMEOUT_MS) await sleep(5);
      await kill(first);
      const restart = startBot(store.url, t, log, run++);
      const recovery = await settle(store.db, t, titles);
      await kill(restart);
      const counts = tally(t, titles);
      lost += counts.lost;
      doubled += counts.doubled;
      recoveries.push(recovery);
    }
    console.log(
      `${kind.padEnd(8)} ${name.padEnd(7)} ${TRIALS} kills × ${CAPSULES} capsules: lost ${lost}, doubled ${doubled}, ` +
        `recovery after restart p50 ${secs(percentile(recoveries, 50))}, max ${secs(percentile(recoveries, 100))}` +
        (recoveries.some((r) => !Number.isFinite(r)) ? ' (some trials never recovered)' : ''),
    );
  } finally {
    await store.drop();
    await t.close();
  }
}

async function faultRun(
  kind: 'sqlite' | 'postgres',
  name: 'discord' | 'slack',
  logDir: string,
): Promise<void> {
  const t = await target(name);
  const store = await database(kind);
  t.faults.timing.holdMs = 3000;
  try {
    const titles = await fanOut(store.db, t, 0, CAPSULES);
    // Start-up calls are left alone: the faults are for the fan-out.
    t.faults.plan({
      share: FAULT_SHARE,
      seed: 2026,
      only: (n) => !/^(GET|PUT) \/applications|users\/@me/.test(n),
    });
    const bot = startBot(store.url, t, path.join(logDir, `${kind}-${name}-faults.log`), 0);
    const took = await settle(store.db, t, titles);
    await kill(bot);
    const counts = tally(t, titles);
    const injected = Object.entries(t.faults.injected)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    console.log(
      `${kind.padEnd(8)} ${name.padEnd(7)} ${Math.round(FAULT_SHARE * 100)} % faults (${injected}) over ${CAPSULES} capsules: ` +
        `lost ${counts.lost}, doubled ${counts.doubled}, all out in ${secs(took)}`,
    );
  } finally {
    t.faults.plan(null);
    await store.drop();
    await t.close();
  }
}

/** Parents' digests while the SMTP server refuses mail (451) for a while, then accepts it. */
async function smtpRun(kind: 'sqlite' | 'postgres', logDir: string): Promise<void> {
  const t = await target('slack');
  const store = await database(kind);
  const smtp = await FakeSmtp.start();
  try {
    const db = store.db;
    const classId = await classOf(db, t);
    const now = new Date();
    await db.capsule.create({
      data: {
        classId,
        number: 1,
        title: 'digest-capsule',
        videoUrl: 'https://tube.example/w/digest',
        publishAt: new Date(now.getTime() - 24 * 3600_000),
        sessionAt: new Date(now.getTime() + 24 * 3600_000),
      },
    });
    const week = isoWeek(now, 'Europe/Paris');
    const emails: string[] = [];
    for (let i = 0; i < PARENTS; i++) {
      const student = await db.member.create({
        data: { classId, platformUserId: `U0KID${String(i).padStart(5, '0')}`, displayName: `kid${i}` },
      });
      const email = `parent${i}@example.org`;
      const guardian = await db.guardian.create({ data: { email } });
      await db.guardianLink.create({ data: { guardianId: guardian.id, memberId: student.id } });
      await db.job.create({
        data: {
          kind: DIGEST_SEND,
          classId,
          dueAt: now,
          maxAttempts: SEND_ATTEMPTS,
          idempotencyKey: `${DIGEST_SEND}:${guardian.id}:${week}`,
          payload: JSON.stringify({ guardianId: guardian.id, week, until: now.toISOString() }),
        },
      });
      emails.push(email);
    }
    smtp.refusing = true;
    const started = Date.now();
    const bot = spawnWithMail(store.url, t, path.join(logDir, `${kind}-smtp.log`), smtp.port);
    // The outage starts with the first mail the bot tries (its start-up time is not outage time).
    while (smtp.refused === 0 && Date.now() - started < TRIAL_TIMEOUT_MS) await sleep(50);
    await sleep(SMTP_DOWN_MS);
    smtp.refusing = false;
    const back = Date.now();
    let open = PARENTS;
    while (Date.now() - started < TRIAL_TIMEOUT_MS * 2) {
      open = await db.job.count({ where: { kind: DIGEST_SEND, state: { in: ['pending', 'running'] } } });
      if (open === 0) break;
      await sleep(250);
    }
    await kill(bot);
    let lost = 0;
    let doubled = 0;
    for (const email of emails) {
      const n = smtp.messages.filter((m) => m.to.includes(email)).length;
      if (n === 0) lost += 1;
      if (n > 1) doubled += n - 1;
    }
    console.log(
      `${kind.padEnd(8)} digest  SMTP refusing ${secs(SMTP_DOWN_MS)} (${smtp.refused} refusals) for ${PARENTS} parents: ` +
        `lost ${lost}, doubled ${doubled}, all sent ${open === 0 ? `${secs(Date.now() - back)} after SMTP came back` : 'never'}`,
    );
  } finally {
    await smtp.close();
    await store.drop();
    await t.close();
  }
}

function spawnWithMail(dbUrl: string, t: Target, log: string, smtpPort: number): ChildProcess {
  return startBot(dbUrl, { ...t, env: { ...t.env, SMTP_URL: `smtp://127.0.0.1:${smtpPort}` } }, log, 99);
}

const logDir = mkdtempSync(path.join(tmpdir(), 'inverso-chaos-logs-'));
console.log(`chaos: ${TRIALS} trials × ${CAPSULES} capsules; bot logs in ${logDir}`);
for (const kind of DATABASES) {
  for (const name of PLATFORMS) if (PHASES.has('crash')) await crashRun(kind, name, logDir);
}
for (const kind of DATABASES) {
  for (const name of PLATFORMS) if (PHASES.has('faults')) await faultRun(kind, name, logDir);
}
for (const kind of DATABASES) if (PHASES.has('smtp')) await smtpRun(kind, logDir);
console.log('targets: 0 lost, 0 doubled, recovery under 30 s');
