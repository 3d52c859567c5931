// Slack HTTP mode under a burst: 500 signed block_actions quiz answers sent within one second to
// /slack/events on the bot's own HTTP server, the real Bolt App and core behind it. "Slack" (the
// fake Web API and response URLs) and the sender run in a child process, as Slack runs elsewhere,
// so the bot's process is the bot alone. Prints the time to acknowledge (the HTTP answer; Slack
// allows 3 s, target p99 < 100 ms), the time to the private feedback (the response_url post Slack
// receives) and how many chat.update calls the tally cost. Prints, asserts nothing.
// Run: npx tsx bench/slack-bench.ts   (BENCH_ANSWERS=500 BENCH_WINDOW_MS=1000 change the load)

import { type ChildProcess, fork } from 'node:child_process';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { ManualClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { createHttpServer } from '../src/http/server.ts';
import { createI18n } from '../src/i18n/i18n.ts';
import { mountSlackEvents } from '../src/platforms/slack/mount.ts';
import { createSlackPlatform, type SlackPlatform } from '../src/platforms/slack/platform.ts';
import type { Core } from '../src/wiring.ts';
import { assembleCore } from '../src/wiring.ts';
import { signedRequest, signSlackRequest, startFakeSlack } from '../test/fakes/slack/index.ts';
import { freshDatabase } from './jobs-bench.ts';

const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 500);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 1000);
const WARM_UP = 20;
const SECRET = 'bench-signing-secret';
const CHANNEL = 'C0BENCH001';
const TEACHER = 'U0TEACHER1';
const studentId = (i: number) => `U0S${String(i).padStart(7, '0')}`;

/** What the bot's process does when "Slack" asks (they talk over the fork's IPC channel). */
type Op = 'settle' | 'register' | 'measure' | 'stats';
interface Call {
  id: number;
  op: Op;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** The bot's process: HTTP server, Slack platform, core, SQLite. */
async function bot(): Promise<void> {
  const target = await freshDatabase('sqlite');
  // "Slack" is this same file in a child process (it inherits tsx's loader).
  const worker: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, BENCH_ROLE: 'slack', BENCH_ANSWERS: String(ANSWERS) },
  });
  const fromSlack = (await new Promise((resolve) => worker.once('message', resolve))) as {
    apiUrl: string;
    botToken: string;
  };
  const platform: SlackPlatform = createSlackPlatform({
    botToken: fromSlack.botToken,
    signingSecret: SECRET,
    mode: 'http',
    apiUrl: fromSlack.apiUrl,
    logger: silentLogger,
    ...(process.env.BENCH_CONCURRENCY ? { concurrency: Number(process.env.BENCH_CONCURRENCY) } : {}),
  });
  const http = createHttpServer({ logger: silentLogger });
  mountSlackEvents(http, platform);
  const { port } = await http.listen(0);
  // The production tally window (1.5 s): the chat.update count is what a real class would cost.
  const core: Core = assembleCore({
    db: target.db,
    clock: new ManualClock(new Date()),
    i18n: createI18n('fr'),
    logger: silentLogger,
    platforms: [platform],
    secret: 'bench',
    publicUrl: 'http://localhost:3000',
    defaults: { language: 'fr', timeZone: 'Europe/Paris' },
    instanceId: 'bench',
  });
  await platform.start(core.dispatcher);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const done = new Promise<string>((resolve) => {
    worker.on('message', async (message: Call | { report: string }) => {
      if ('report' in message) {
        resolve(message.report);
        return;
      }
      let result: unknown = null;
      if (message.op === 'settle') {
        await platform.settled();
        await core.services.quizzes.tallies.flush();
        await platform.settled();
      } else if (message.op === 'register') {
        const klass = await target.db.class.findFirstOrThrow();
        await target.db.member.createMany({
          data: Array.from({ length: ANSWERS + WARM_UP }, (_, i) => ({
            classId: klass.id,
            platformUserId: studentId(i),
            displayName: `student${i}`,
            locale: 'fr-FR',
          })),
        });
      } else if (message.op === 'measure') {
        loop.reset();
        loop.enable();
      } else if (message.op === 'stats') {
        loop.disable();
        result = {
          answers: (await target.db.answer.count()) - WARM_UP,
          loopP99: loop.percentile(99) / 1e6,
          loopMax: loop.max / 1e6,
        };
      }
      worker.send({ id: message.id, result });
    });
  });
  worker.send({ url: `http://127.0.0.1:${port}/slack/events` });
  try {
    console.log(await done);
  } finally {
    worker.kill();
    await platform.stop();
    await http.close();
    await target.dispose();
  }
}

/** Child process: "Slack" (the fake) and the people sending the burst. */
async function slack(): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: IPC messages are plain JSON of the shapes below
  type Listener = (message: any) => void;
  const port = {
    once: (_event: 'message', listener: Listener) => process.once('message', listener),
    on: (_event: 'message', listener: Listener) => process.on('message', listener),
    postMessage: (message: unknown) => process.send?.(message),
  };
  const answers = ANSWERS;
  const fake = await startFakeSlack({
    users: [
      { id: TEACHER, name: 'teacher', locale: 'fr-FR' },
      ...Array.from({ length: answers + WARM_UP }, (_, i) => ({
        id: studentId(i),
        name: `student${i}`,
        locale: 'fr-FR',
      })),
    ],
    channels: [{ id: CHANNEL, name: 'bench' }],
  });
  const url = await new Promise<string>((resolve) => {
    port.once('message', (m: { url: string }) => resolve(m.url));
    port.postMessage({ apiUrl: fake.apiUrl, botToken: fake.botToken });
  });
  let next = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  port.on('message', (m: { id: number; result: unknown }) => waiting.get(m.id)?.(m.result));
  const call = (op: Op) =>
    new Promise<unknown>((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      port.postMessage({ id, op } satisfies Call);
    });
  const slash = async (command: string, text: string) => {
    await signedRequest(url, {
      signingSecret: SECRET,
      body: fake.slashCommand({ command, text, userId: TEACHER, channelId: CHANNEL }),
    });
    await call('settle');
  };

  // A class, a capsule published now, one quiz question of four options; the students.
  const day = (days: number, hour: number) =>
    DateTime.now()
      .setZone('Europe/Paris')
      .plus({ days })
      .set({ hour, minute: 0 })
      .toFormat('yyyy-MM-dd HH:mm');
  await slash('/setup', 'name:Bench');
  await slash(
    '/capsule',
    `schedule title:Fractions url:https://v.example publish:"${day(1, 18)}" session:"${day(3, 10)}"`,
  );
  await slash('/quiz', 'create 1 text:"? 1/2 + 1/4 = ?\n- 2/6\n* 3/4\n- 1/3\n- 1"');
  await slash('/capsule', 'post 1');
  await call('register');
  const message = fake.messagesIn(CHANNEL).find((m) => m.text.includes('question 1/1'));
  const firstButton = JSON.stringify(message?.blocks ?? '').match(/"value":"quiz\.answer:([a-z0-9]+):0"/);
  if (!message || !firstButton) {
    const said = fake.responses.map((r) => JSON.stringify((r.body as { text?: string }).text)).join('\n');
    throw new Error(`set-up failed; the bot said:\n${said}`);
  }
  const questionId = firstButton[1] as string;

  // Requests are built and signed before the burst, so only the bot is measured.
  const timestamp = Math.floor(Date.now() / 1000);
  const answer = (i: number) => {
    const body = fake.blockAction({
      userId: studentId(i),
      actionId: `iv.b.${i % 4}`,
      blockId: `iv|${CHANNEL}|0`,
      value: `quiz.answer:${questionId}:${i % 4}`,
      channelId: CHANNEL,
      messageTs: message.ts,
    });
    return { body, signature: signSlackRequest(SECRET, timestamp, body.rawBody) };
  };
  // A running bot is warm: a few answers first load its lazy parts (modules, compiled queries).
  for (let i = answers; i < answers + WARM_UP; i++) {
    const { body, signature } = answer(i);
    await signedRequest(url, { signingSecret: SECRET, body, timestamp, signature });
  }
  await call('settle');

  const requests = Array.from({ length: answers }, (_, i) => answer(i));
  const updatesBefore = fake.callsTo('chat.update').length;
  const sentAt = new Map<string, number>();
  const acks: number[] = [];
  const statuses = new Map<number, number>();
  await call('measure');
  const started = performance.now();
  await Promise.all(
    requests.map(async ({ body, signature }, i) => {
      const delay = (i * WINDOW_MS) / answers - (performance.now() - started);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      const t0 = performance.now();
      sentAt.set(body.responseUrl ?? '', Date.now());
      const res = await signedRequest(url, { signingSecret: SECRET, body, timestamp, signature });
      acks.push(performance.now() - t0);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }),
  );
  const sentIn = performance.now() - started;
  await call('settle');
  const stats = (await call('stats')) as { answers: number; loopP99: number; loopMax: number };
  const feedback = fake.responses
    .filter((r) => sentAt.has(r.url))
    .map((r) => r.at - (sentAt.get(r.url) ?? r.at));
  const updates = fake.callsTo('chat.update').length - updatesBefore;
  const report = [
    `slack: ${answers} signed block_actions quiz answers sent in ${ms(sentIn)} to HTTP mode`,
    `  HTTP answers: ${[...statuses].map(([s, n]) => `${n}× ${s}`).join(', ')}; answers stored: ${stats.answers}`,
    `  acknowledge (HTTP response): p50 ${ms(percentile(acks, 50))}, p99 ${ms(percentile(acks, 99))}, max ${ms(Math.max(...acks))} (target p99 < 100 ms)`,
    `  private feedback (response_url post): p50 ${ms(percentile(feedback, 50))}, p99 ${ms(percentile(feedback, 99))} (${feedback.length}/${answers} received)`,
    `  chat.update calls for the tally: ${updates}`,
    `  bot's event loop delay during the burst: p99 ${ms(stats.loopP99)}, max ${ms(stats.loopMax)}`,
  ].join('\n');
  await fake.close();
  port.postMessage({ report });
  process.disconnect?.();
}

if (process.env.BENCH_ROLE === 'slack') await slack();
else await bot();
