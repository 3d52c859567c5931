// `npm run bench`: the answer path and the scheduler, on SQLite and PostgreSQL.
// 1,000 students answer a 5-question quiz as fast as they can, each answer going through the real
// dispatcher and services (class and member lookup, access, answer upsert, feedback, tally) to a
// no-op platform; then 10,000 due jobs are claimed and dispatched. Prints figures; asserts nothing.
// Targets on this 2-core machine: >= 1,000 answers/s with p99 < 50 ms on SQLite; 10,000 jobs < 20 s.
import { performance } from 'node:perf_hooks';
import type { Card } from '../src/core/card.ts';
import { ManualClock } from '../src/core/clock.ts';
import type { Reply } from '../src/core/commands.ts';
import type { Place } from '../src/core/events.ts';
import { silentLogger } from '../src/core/logger.ts';
import type { ChatPlatform } from '../src/core/platform.ts';
import { createI18n } from '../src/i18n/i18n.ts';
import { countQueryErrors } from '../src/metrics/db-errors.ts';
import { PrometheusMetrics } from '../src/metrics/prometheus.ts';
import { assembleCore } from '../src/wiring.ts';
import { benchJobs, freshDatabase } from './jobs-bench.ts';

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 1000);
const QUESTIONS = 5;
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 16);
const place: Place = { platform: 'sandbox', workspaceId: 'bench', channelId: 'c' };

/** A platform that accepts everything and keeps nothing. */
const noopPlatform: ChatPlatform = {
  id: 'sandbox',
  async start() {},
  async stop() {},
  async post(to) {
    return { platform: 'sandbox', channelId: to.channelId, messageId: 'm' };
  },
  async update() {},
  async sendDirect() {
    return { status: 'sent', ref: { platform: 'sandbox', channelId: 'd', messageId: 'm' } };
  },
};

const reply: Reply = {
  async private(_card: Card | string) {},
  async public() {
    return { platform: 'sandbox', channelId: 'c', messageId: 'm' };
  },
  async openForm() {},
};

async function benchAnswers(provider: 'sqlite' | 'postgres') {
  const target = await freshDatabase(provider);
  try {
    const clock = new ManualClock(new Date('2030-01-07T07:00:00Z'));
    // Metrics on, as main.ts wires them: the figures include counting every query and interaction.
    const metrics = new PrometheusMetrics();
    const core = assembleCore({
      db: countQueryErrors(target.db, metrics),
      metrics,
      clock,
      i18n: createI18n('fr'),
      logger: silentLogger,
      platforms: [noopPlatform],
      secret: 'bench',
      publicUrl: 'http://localhost',
      defaults: { language: 'fr', timeZone: 'Europe/Paris' },
      instanceId: 'bench',
    });
    const teacher = { platformUserId: 'teacher', displayName: 'Teacher', locale: 'fr' };
    const klass = await core.services.classes.setup(place, teacher, { name: 'Bench' });
    const member = (await core.services.classes.resolve(place, teacher))?.member ?? null;
    const students = Array.from({ length: STUDENTS }, (_, i) => ({
      platformUserId: `s${i}`,
      displayName: `Student ${i}`,
      locale: 'fr',
    }));
    for (const s of students) await core.services.classes.ensureMember(klass.id, s);
    const { capsule } = await core.services.capsules.schedule(klass.id, member, {
      title: 'Bench',
      url: 'https://video.example/bench',
      publish: new Date('2030-01-07T08:00:00Z'),
      session: new Date('2030-01-09T08:00:00Z'),
    });
    const quiz = Array.from({ length: QUESTIONS }, (_, q) => `? Q${q}\n* right\n- wrong\n- other`).join(
      '\n\n',
    );
    await core.services.quizzes.create(klass.id, member, String(capsule.number), quiz);
    clock.set(new Date('2030-01-07T08:00:00Z'));
    await core.scheduler.runDue();
    const questions = await target.db.quizQuestion.findMany({ orderBy: { position: 'asc' } });

    const work = students.flatMap((s, i) =>
      questions.map((q) => ({ actor: s, questionId: q.id, choice: String(i % 3) })),
    );
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < work.length) {
        const item = work[next++]!;
        const t0 = performance.now();
        await core.dispatcher.handle(
          { type: 'action', action: 'quiz.answer', args: [item.questionId, item.choice] },
          { actor: item.actor, place, reply },
        );
        latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const seconds = (performance.now() - started) / 1000;
    await core.services.quizzes.tallies.flush();
    const recorded = await target.db.answer.count();
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
    return {
      recorded,
      seconds,
      perSecond: recorded / seconds,
      p50: pct(50),
      p99: pct(99),
      tallyEdits: core.services.quizzes.tallies.runs,
    };
  } finally {
    await target.dispose();
  }
}

for (const provider of ['sqlite', 'postgres'] as const) {
  try {
    const a = await benchAnswers(provider);
    console.log(
      `answers ${provider}: ${a.recorded} answers from ${STUDENTS} students in ${a.seconds.toFixed(2)} s = ` +
        `${Math.round(a.perSecond)} answers/s; latency p50 ${a.p50.toFixed(1)} ms, p99 ${a.p99.toFixed(1)} ms ` +
        `(${IN_FLIGHT} in flight); tally edits ${a.tallyEdits}`,
    );
  } catch (error) {
    console.log(
      `answers ${provider}: not measured (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  try {
    const j = await benchJobs(provider, 10_000);
    console.log(
      `jobs ${provider}: 10000 due jobs claimed and dispatched in ${j.seconds.toFixed(2)} s (${Math.round(j.perSecond)}/s)`,
    );
  } catch (error) {
    console.log(`jobs ${provider}: not measured (${error instanceof Error ? error.message : String(error)})`);
  }
}
