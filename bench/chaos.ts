// `npm run chaos`: kill -9 at random points of a fan-out, then flaky platforms (issue 12). Prints
// figures, asserts nothing. The fakes of Discord and Slack run in this process; the bot runs as a
// child process (the real bot, compiled in dist/ as `npm start` runs it) pointed at them by
// DISCORD_API_URL / SLACK_API_URL. Each trial adds a fan-out of capsules due now, kills the bot with SIGKILL once a random share of them
// is out, starts it again, and counts, per capsule, the messages the platform received.
// CHAOS_TRIALS (default 20), CHAOS_CAPSULES (100), CHAOS_DATABASES (sqlite,postgres) and
// CHAOS_PLATFORMS (discord,slack) make it shorter; CHAOS_FAULT_SHARE (0.3) for the faults phase;
// CHAOS_PARENTS (100) and CHAOS_SMTP_DOWN_MS (20000) for the digests while SMTP refuses mail;
// CHAOS_PHASES (crash,faults,smtp) picks the phases; CHAOS_VERBOSE=1 prints every trial. The
// pieces are in bench/chaos-rig.ts.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIGEST_SEND, SEND_ATTEMPTS } from '../src/reports/digest/delivery.ts';
import { isoWeek } from '../src/reports/digest/week.ts';
import { FakeSmtp } from '../test/fakes/smtp.ts';
import {
  classOf,
  database,
  ensureBuilt,
  fanOut,
  kill,
  percentile,
  secs,
  settle,
  sleep,
  startBot,
  type Target,
  tally,
  target,
} from './chaos-rig.ts';

const TRIALS = Number(process.env.CHAOS_TRIALS ?? 20);
const CAPSULES = Number(process.env.CHAOS_CAPSULES ?? 100);
const DATABASES = (process.env.CHAOS_DATABASES ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const PLATFORMS = (process.env.CHAOS_PLATFORMS ?? 'discord,slack').split(',') as ('discord' | 'slack')[];
const FAULT_SHARE = Number(process.env.CHAOS_FAULT_SHARE ?? 0.3);
const PHASES = new Set((process.env.CHAOS_PHASES ?? 'crash,faults,smtp').split(','));
const PARENTS = Number(process.env.CHAOS_PARENTS ?? 100);
const SMTP_DOWN_MS = Number(process.env.CHAOS_SMTP_DOWN_MS ?? 20_000);
const TRIAL_TIMEOUT_MS = 180_000;

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
      const recovery = await settle(store.db, t, titles, TRIAL_TIMEOUT_MS);
      await kill(restart);
      const counts = tally(t, titles);
      lost += counts.lost;
      doubled += counts.doubled;
      recoveries.push(recovery);
      if (process.env.CHAOS_VERBOSE)
        console.log(
          `  ${kind} ${name} trial ${trial + 1}: killed at ${killAt}, lost ${counts.lost}, doubled ${counts.doubled}, recovery ${secs(recovery)}`,
        );
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
    const took = await settle(store.db, t, titles, TRIAL_TIMEOUT_MS);
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

/**
 * Parents' digests while the SMTP server refuses mail (451) for a while, then accepts it; the bot
 * is killed (SIGKILL) once a random share of the digests is out, and started again.
 */
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
    const killAt = 1 + Math.floor(Math.random() * Math.max(1, PARENTS - 1));
    while (smtp.messages.length < killAt && Date.now() - back < TRIAL_TIMEOUT_MS) await sleep(2);
    const sentAtKill = smtp.messages.length;
    await kill(bot);
    const restarted = Date.now();
    const again = spawnWithMail(store.url, t, path.join(logDir, `${kind}-smtp.log`), smtp.port);
    let open = PARENTS;
    while (Date.now() - started < TRIAL_TIMEOUT_MS * 2) {
      open = await db.job.count({ where: { kind: DIGEST_SEND, state: { in: ['pending', 'running'] } } });
      if (open === 0) break;
      await sleep(100);
    }
    const recovery = Date.now() - restarted;
    await kill(again);
    const unsure = await db.job.count({
      where: { kind: DIGEST_SEND, lastError: { contains: 'may have been' } },
    });
    let lost = 0;
    let doubled = 0;
    for (const email of emails) {
      const n = smtp.messages.filter((m) => m.to.includes(email)).length;
      if (n === 0) lost += 1;
      if (n > 1) doubled += n - 1;
    }
    console.log(
      `${kind.padEnd(8)} digest  SMTP refusing ${secs(SMTP_DOWN_MS)} (${smtp.refused} refusals) for ${PARENTS} parents, ` +
        `kill -9 after ${sentAtKill} sent: lost ${lost} (${unsure} held back as maybe accepted), doubled ${doubled}, ` +
        (open === 0 ? `all done ${secs(recovery)} after the restart` : 'never all done'),
    );
  } finally {
    await smtp.close();
    await store.drop();
    await t.close();
  }
}

let mailRuns = 0;
function spawnWithMail(dbUrl: string, t: Target, log: string, smtpPort: number): ChildProcess {
  return startBot(
    dbUrl,
    { ...t, env: { ...t.env, SMTP_URL: `smtp://127.0.0.1:${smtpPort}` } },
    log,
    900 + mailRuns++,
  );
}

ensureBuilt();
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
