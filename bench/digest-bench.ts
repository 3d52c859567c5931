// Parents' digest throughput: N parents across N/20 classes, the weekly plan run by the real
// scheduler, every digest read, rendered and handed over SMTP (nodemailer) to a local sink
// (smtp-server on 127.0.0.1). Prints time and peak RSS per size, and how both grow from 1,000 to
// 10,000 parents. Targets on the dev machine: 10,000 in under 60 s and 300 MB. Prints; asserts nothing.
// Run: npx tsx bench/digest-bench.ts [sizes…]   (npm run bench:digest)
//
// Each size is seeded by one child process and sent by another, so the peak RSS printed is the
// sending process's own (seeding builds big arrays, which would otherwise count); the SMTP sink
// stays in this parent process, so the receiving side does not count against the sender either.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { ManualClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { createDb, type Db, type Prisma } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { createI18n } from '../src/i18n/i18n.ts';
import { createSmtpMailer } from '../src/mail/smtp.ts';
import { ensureDigestPlans, reportsFeature } from '../src/reports/index.ts';
import { assembleCore } from '../src/wiring.ts';

const PER_CLASS = 20;
/** Sunday 29 November 2026, 18:00 in Paris: the digest time of every seeded class. */
const DIGEST_AT = new Date('2026-11-29T17:00:00Z');
const DAY = 24 * 3600_000;
/** Heap cap of the extra run (MB). */
const HEAP_CAP_MB = 192;

/** One run's figures, as the child prints them. */
interface RunResult {
  parents: number;
  classes: number;
  seedSeconds: number;
  seconds: number;
  peakRssMb: number;
  done: number;
  failed: number;
}

async function chunked<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>, size = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/** Classes of 20 students, each with one parent; two capsules this week (quizzes) and one next. */
export async function seed(db: Db, parents: number): Promise<number> {
  const classes = Math.ceil(parents / PER_CLASS);
  const rows = {
    classes: [] as Prisma.ClassCreateManyInput[],
    members: [] as Prisma.MemberCreateManyInput[],
    capsules: [] as Prisma.CapsuleCreateManyInput[],
    quizzes: [] as (Prisma.QuizCreateManyInput & { id: string })[],
    questions: [] as Prisma.QuizQuestionCreateManyInput[],
    answers: [] as Prisma.AnswerCreateManyInput[],
    views: [] as Prisma.CapsuleViewCreateManyInput[],
    guardians: [] as Prisma.GuardianCreateManyInput[],
    links: [] as Prisma.GuardianLinkCreateManyInput[],
  };
  for (let c = 0; c < classes; c++) {
    const classId = randomUUID();
    const teacher = {
      id: randomUUID(),
      classId,
      platformUserId: `t${c}`,
      displayName: `T${c}`,
      role: 'teacher',
    };
    rows.classes.push({
      id: classId,
      platform: 'sandbox',
      workspaceId: 'bench',
      channelId: `c${c}`,
      name: `Class ${c}`,
    });
    rows.members.push(teacher);
    const capsuleIds: string[] = [];
    for (let k = 0; k < 3; k++) {
      const id = randomUUID();
      capsuleIds.push(id);
      const sessionAt = new Date(DIGEST_AT.getTime() + (k === 2 ? 2 : -4 + k) * DAY);
      rows.capsules.push({
        id,
        classId,
        number: k + 1,
        title: `Capsule ${k + 1} of class ${c}`,
        videoUrl: `https://video.example/${c}/${k}`,
        publishAt: new Date(sessionAt.getTime() - 3 * DAY),
        sessionAt,
        status: k === 2 ? 'scheduled' : 'published',
      });
      if (k < 2) {
        const quizId = randomUUID();
        rows.quizzes.push({ id: quizId, capsuleId: id, title: `Quiz ${k + 1}` });
        for (let q = 0; q < 3; q++) {
          const question = { id: `${quizId}-${q}`, quizId, position: q, prompt: `Q${q + 1}?` };
          rows.questions.push({ ...question, options: '["a","b","c"]', correct: '[1]' });
        }
      }
    }
    for (let s = 0; s < PER_CLASS && c * PER_CLASS + s < parents; s++) {
      const n = c * PER_CLASS + s;
      const memberId = randomUUID();
      rows.members.push({ id: memberId, classId, platformUserId: `s${n}`, displayName: `Student ${n}` });
      if (n % 10 < 7) rows.views.push({ capsuleId: capsuleIds[0] as string, memberId });
      if (n % 3 === 0) rows.views.push({ capsuleId: capsuleIds[1] as string, memberId });
      for (const [k, quiz] of rows.quizzes.slice(-2).entries()) {
        if (k === 1 && n % 2 === 0) continue;
        for (let q = 0; q < 3; q++)
          rows.answers.push({ questionId: `${quiz.id}-${q}`, memberId, choice: (n + q) % 3 });
      }
      const guardianId = randomUUID();
      rows.guardians.push({
        id: guardianId,
        email: `parent${n}@example.org`,
        language: n % 4 === 0 ? 'en' : 'fr',
      });
      rows.links.push({ guardianId, memberId });
    }
  }
  await chunked(rows.classes, (data) => db.class.createMany({ data }));
  await chunked(rows.members, (data) => db.member.createMany({ data }));
  await chunked(rows.capsules, (data) => db.capsule.createMany({ data }));
  await chunked(rows.quizzes, (data) => db.quiz.createMany({ data }));
  await chunked(rows.questions, (data) => db.quizQuestion.createMany({ data }));
  await chunked(rows.answers, (data) => db.answer.createMany({ data }));
  await chunked(rows.views, (data) => db.capsuleView.createMany({ data }));
  await chunked(rows.guardians, (data) => db.guardian.createMany({ data }));
  await chunked(rows.links, (data) => db.guardianLink.createMany({ data }));
  return classes;
}

/** Seeds a fresh database file (its own child process). Returns the class count and seconds. */
async function seedOne(parents: number, file: string): Promise<{ classes: number; seconds: number }> {
  const url = `file:${file}`;
  await migrate(url);
  const db = createDb(url);
  try {
    const started = performance.now();
    const classes = await seed(db, parents);
    return { classes, seconds: (performance.now() - started) / 1000 };
  } finally {
    await db.$disconnect();
  }
}

/** Runs the weekly digest of a seeded database (its own child process), sampling its RSS. */
async function runOne(
  file: string,
  smtpPort: number,
): Promise<Pick<RunResult, 'seconds' | 'peakRssMb' | 'done' | 'failed'>> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  const mailer = createSmtpMailer(`smtp://127.0.0.1:${smtpPort}`, 'Inverso <bench@localhost>');
  const db = createDb(`file:${file}`);
  try {
    const clock = new ManualClock(new Date(DIGEST_AT.getTime() - 60_000));
    const reports = reportsFeature({ mailer });
    const core = assembleCore({
      db,
      clock,
      i18n: createI18n('fr'),
      logger: silentLogger,
      // No chat platform: every seeded parent is reached by e-mail.
      platforms: [],
      secret: 'bench-secret',
      publicUrl: 'http://localhost:3000',
      defaults: { language: 'fr', timeZone: 'Europe/Paris' },
      instanceId: 'bench',
      features: [reports],
    });
    await ensureDigestPlans(reports.kit);
    clock.set(DIGEST_AT);
    const started = performance.now();
    await core.scheduler.runDue();
    const seconds = (performance.now() - started) / 1000;
    const done = await db.job.count({ where: { kind: 'digest.send', state: 'done' } });
    const failed = await db.job.count({ where: { kind: 'digest.send', state: { not: 'done' } } });
    peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
    return { seconds, peakRssMb: peak / 1024 / 1024, done, failed };
  } finally {
    clearInterval(sampler);
    await mailer.close();
    await db.$disconnect();
  }
}

/** The SMTP sink: accepts everything, keeps only a count and the bytes. */
async function startSink(): Promise<{ port: number; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.server.address() as AddressInfo).port,
    received: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Runs this file in a child process with `args`; resolves with the JSON line it prints. */
function child<T>(args: string[], nodeFlags: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const argv = [...nodeFlags, ...process.execArgv, fileURLToPath(import.meta.url), ...args];
    const proc = spawn(process.execPath, argv, {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`bench child ${args.join(' ')} exited with ${code}`));
      else resolve(JSON.parse(line) as T);
    });
  });
}

/** One size: a fresh database seeded by one child, its digests sent by another (with `nodeFlags`). */
async function measure(parents: number, port: number, nodeFlags: string[] = []): Promise<RunResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'inverso-digest-bench-'));
  const file = path.join(dir, 'bench.db');
  try {
    const seeded = await child<{ classes: number; seconds: number }>(['--seed', String(parents), file]);
    const run = await child<Pick<RunResult, 'seconds' | 'peakRssMb' | 'done' | 'failed'>>(
      ['--run', file, String(port)],
      nodeFlags,
    );
    return { parents, classes: seeded.classes, seedSeconds: seeded.seconds, ...run };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--seed') {
    process.stdout.write(
      `${JSON.stringify(await seedOne(Number(process.argv[3]), String(process.argv[4])))}\n`,
    );
    return;
  }
  if (process.argv[2] === '--run') {
    process.stdout.write(
      `${JSON.stringify(await runOne(String(process.argv[3]), Number(process.argv[4])))}\n`,
    );
    return;
  }
  const sizes = process.argv.slice(2).map(Number);
  const runs = sizes.some((n) => n > 0) ? sizes.filter((n) => n > 0) : [1000, 2500, 5000, 10_000];
  const largest = Math.max(...runs);
  const sink = await startSink();
  console.log(`Parents' digest bench: ${PER_CLASS} parents per class, SMTP sink on 127.0.0.1:${sink.port}\n`);
  console.log(
    'parents  classes  seed (s)  send (s)  per second  peak RSS (MB)  received  not done  node flags',
  );
  const results: RunResult[] = [];
  try {
    // The largest size runs again with a capped V8 heap: most of the RSS above the runtime's own is
    // garbage V8 collects lazily while it may grow; the capped run shows what the work needs.
    for (const [parents, flags] of [
      ...runs.map((n) => [n, []] as const),
      [largest, [`--max-old-space-size=${HEAP_CAP_MB}`]] as const,
    ]) {
      const before = sink.received();
      const r = await measure(parents, sink.port, [...flags]);
      if (flags.length === 0) results.push(r);
      const cells = [
        r.parents,
        r.classes,
        r.seedSeconds.toFixed(1),
        r.seconds.toFixed(1),
        (r.parents / r.seconds).toFixed(0),
      ];
      const more = [r.peakRssMb.toFixed(0), sink.received() - before, r.failed];
      const widths = [7, 8, 9, 9, 11, 14, 9, 9];
      console.log(
        [...cells, ...more].map((c, i) => String(c).padStart(widths[i] ?? 0)).join(' '),
        ` ${flags.join(' ')}`,
      );
    }
  } finally {
    await sink.close();
  }
  const first = results[0];
  const last = results[results.length - 1];
  if (!first || !last) return;
  if (last !== first) {
    const ratio = (a: number, b: number) => (a / b).toFixed(1);
    console.log(
      `\nFrom ${first.parents} to ${last.parents} parents (×${ratio(last.parents, first.parents)}): time ×${ratio(last.seconds, first.seconds)}, ` +
        `peak RSS ×${(last.peakRssMb / first.peakRssMb).toFixed(2)} (${last.peakRssMb >= first.peakRssMb ? '+' : ''}${(last.peakRssMb - first.peakRssMb).toFixed(0)} MB).`,
    );
  }
  const verdict = (ok: boolean) => (ok ? 'within' : 'OVER');
  console.log(
    `Targets for ${last.parents} parents: ${last.seconds.toFixed(1)} s (${verdict(last.seconds < 60)} 60 s), ` +
      `peak RSS ${last.peakRssMb.toFixed(0)} MB (${verdict(last.peakRssMb < 300)} 300 MB).`,
  );
}

// Run when executed, not when imported (to reuse `seed` elsewhere).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
