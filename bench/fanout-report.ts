// The fan-out bench's figures (bench/fanout-bench.ts): what reached each class, counted per class
// from the fakes' call logs, so a post lost or doubled shows as such.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { startFakeDiscord } from '../test/fakes/discord/fake-discord.ts';
import type { startFakeSlack } from '../test/fakes/slack/index.ts';

/** What the bench set up, to know what each class should have received. */
export interface FanoutShape {
  discordClasses: number;
  slackClasses: number;
  questions: number;
  discordChannel: (i: number) => string;
}

/** `npm run discord:proxy` in its own process; stop() gives what it answered. */
export async function startProxyProcess(
  atLimit: 'queue' | 'reject',
  api: string,
): Promise<{ port: number; stop(): Promise<{ requests: number; rejected: number }> }> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/discord-proxy.ts', '0', '127.0.0.1', atLimit, api],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
  const listening = new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the proxy exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts.filter((l) => l.startsWith('{'))) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        lines.push(entry);
        if (entry.msg === 'discord REST proxy listening') resolve(Number(entry.port));
      }
    });
  });
  const port = await listening;
  let stopped: Promise<{ requests: number; rejected: number }> | null = null;
  return {
    port,
    stop() {
      stopped ??= new Promise((resolve) => {
        child.once('close', () => {
          const last = lines.find((l) => l.msg === 'discord REST proxy stopped');
          resolve({ requests: Number(last?.requests ?? 0), rejected: Number(last?.rejected ?? 0) });
        });
        child.kill('SIGTERM');
      });
      return stopped;
    },
  };
}

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What the report reads. */
export interface ReportInput {
  shape: FanoutShape;
  discord: Awaited<ReturnType<typeof startFakeDiscord>>;
  slack: Awaited<ReturnType<typeof startFakeSlack>>;
  fromSeq: number;
  slackFrom: number;
  before: { global429: number; route429: number };
  t0: number;
  proxied: { requests: number; rejected: number };
}

/** Per class, how many times each thing reached it: the card (by its embed title), each question. */
interface Seen {
  cards: Map<string, number>;
  questions: Map<string, number>;
  threads: Map<string, number>;
  firstCardAt: Map<string, number>;
}

function tallyDiscord(calls: ReportInput['discord']['calls'], t0: number, shape: FanoutShape): Seen {
  const { discordClasses, discordChannel } = shape;
  const seen: Seen = { cards: new Map(), questions: new Map(), threads: new Map(), firstCardAt: new Map() };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const classOf = new Map(Array.from({ length: discordClasses }, (_, i) => [discordChannel(i), i]));
  for (const c of calls) {
    if (c.method !== 'POST' || c.status >= 300) continue;
    const thread = /^\/channels\/(\d+)\/messages\/\d+\/threads$/.exec(c.path)?.[1];
    if (thread) bump(seen.threads, thread);
    const channel = /^\/channels\/(\d+)\/messages$/.exec(c.path)?.[1];
    const index = channel ? classOf.get(channel) : undefined;
    if (channel === undefined || index === undefined) continue;
    const body = c.body as { embeds?: { title?: string }[]; components?: unknown[] } | null;
    // The capsule's card is known by its exact title, so a quiz message quoting it is not a card.
    if (body?.embeds?.[0]?.title === `Capsule n°1 — Fanout ${index}`) {
      bump(seen.cards, channel);
      if (!seen.firstCardAt.has(channel)) seen.firstCardAt.set(channel, c.at - t0);
    }
    // A question is known by its id in its answer controls, once per message however many buttons.
    const ids = new Set(
      [...JSON.stringify(body?.components ?? []).matchAll(/quiz\.answer:([^:"]+)/g)].map((m) => m[1] ?? ''),
    );
    for (const id of ids) bump(seen.questions, `${channel}:${id}`);
  }
  return seen;
}

const over = (map: Map<string, number>) => [...map.values()].filter((n) => n > 1).length;

/** Prints the figures. */
export function report({
  shape,
  discord,
  slack,
  fromSeq,
  slackFrom,
  before,
  t0,
  proxied,
}: ReportInput): void {
  const { discordClasses, slackClasses, questions } = shape;
  // Discord: what the bots asked of the platform once 08:00 struck (interaction answers aside).
  const calls = discord.calls.slice(fromSeq).filter((c) => !c.path.startsWith('/interactions/'));
  const ok = calls.filter((c) => c.status < 300);
  const last = Math.max(...ok.map((c) => c.at)) - t0;
  const first = Math.min(...calls.map((c) => c.at)) - t0;
  const ideal = (ok.length / 50) * 1000;
  const seen = tallyDiscord(calls, t0, shape);
  const kinds = new Map<string, number>();
  for (const c of ok) {
    const kind = `${c.method} ${c.path.replace(/\d{6,}/g, ':id')}`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const limits = discord.rateLimitCounts;
  const scoped = (scope: string) =>
    calls.filter((c) => c.status === 429 && JSON.stringify(c.response).includes(`"global":${scope}`)).length;
  console.log(
    `\nDiscord, ${discordClasses} classes, ${questions} quiz questions each, two bot processes, one proxy (${process.env.FANOUT_PROXY === 'reject' ? 'rejecting' : 'queueing'} at a limit)`,
  );
  console.log(`  requests: ${ok.length} (${(ok.length / discordClasses).toFixed(2)} per publication)`);
  for (const [kind, n] of [...kinds].sort((a, b) => b[1] - a[1])) console.log(`    ${n}\t${kind}`);
  console.log(
    `  total: ${sec(last)} against an ideal of ${sec(ideal)} (${((last / ideal) * 100).toFixed(0)} %)`,
  );
  console.log(
    `  429s from Discord: global ${limits.global429 - before.global429}, per route ${limits.route429 - before.route429}, shared 0 (the fake has no shared buckets); in the call log: global ${scoped('true')}, route ${scoped('false')}`,
  );
  console.log(
    `  429s the proxy handed to the bots itself: ${proxied.rejected} of ${proxied.requests} requests`,
  );
  // Where the pipe ran below the limit: requests per second, by 5 s.
  const perSecond: number[] = [];
  for (const c of ok) {
    const slot = Math.floor((c.at - t0) / 5_000);
    perSecond[slot] = (perSecond[slot] ?? 0) + 1;
  }
  console.log(
    `  requests per second, by 5 s: ${Array.from(perSecond, (n) => ((n ?? 0) / 5).toFixed(0)).join(' ')}`,
  );
  console.log(`  first request reached Discord after ${sec(first)} (the bots noticing 08:00)`);
  console.log(`  last class got its capsule after ${sec(Math.max(0, ...seen.firstCardAt.values()))}`);
  console.log(
    `  lost: ${discordClasses - seen.cards.size} cards, ${discordClasses * questions - seen.questions.size} questions, ${discordClasses - seen.threads.size} threads; doubled: ${over(seen.cards)} cards, ${over(seen.questions)} questions, ${over(seen.threads)} threads`,
  );
  // Slack: one message per second per channel.
  const sCalls = slack.calls.slice(slackFrom).filter((c) => c.method === 'chat.postMessage');
  const sOk = sCalls.filter((c) => c.status === 200);
  const sCards = new Map<string, number>();
  const sQuestions = new Map<string, number>();
  for (const c of sOk) {
    const channel = String(c.args.channel);
    const blocks = JSON.stringify(c.args.blocks ?? []);
    const index = discordClasses + Number(channel.slice(5)); // Slack classes come after Discord's
    if (blocks.includes(`Capsule n°1 — Fanout ${index}`) && !blocks.includes('quiz.answer'))
      sCards.set(channel, (sCards.get(channel) ?? 0) + 1);
    for (const id of new Set([...blocks.matchAll(/quiz\.answer:([^:"]+)/g)].map((m) => m[1] ?? '')))
      sQuestions.set(`${channel}:${id}`, (sQuestions.get(`${channel}:${id}`) ?? 0) + 1);
  }
  const sLast = sOk.length ? Math.max(...sOk.map((c) => c.at)) - t0 : 0;
  console.log(`\nSlack, ${slackClasses} classes`);
  console.log(
    `  messages: ${sOk.length} (${(sOk.length / Math.max(1, slackClasses)).toFixed(2)} per publication)`,
  );
  console.log(`  429s received (Retry-After): ${sCalls.length - sOk.length}; all posted after ${sec(sLast)}`);
  console.log(
    `  lost: ${slackClasses - sCards.size} cards, ${slackClasses * questions - sQuestions.size} questions; doubled: ${over(sCards)} cards, ${over(sQuestions)} questions`,
  );
}
