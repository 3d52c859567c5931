// /metrics as Prometheus scrapes it, after driving the bot for real: interactions through the real
// Discord and Slack platforms against their fakes (with injected 429s and refusals), jobs through
// the scheduler on the injected clock, and a failing database query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { Db } from '../../src/db/client.ts';
import { createHttpServer, type HttpServer } from '../../src/http/index.ts';
import { mountOperations } from '../../src/http/operations.ts';
import { countQueryErrors } from '../../src/metrics/db-errors.ts';
import { countJobs } from '../../src/metrics/job-counts.ts';
import { PrometheusMetrics } from '../../src/metrics/prometheus.ts';
import { JobQueue } from '../../src/scheduler/queue.ts';
import { noJitter, Scheduler } from '../../src/scheduler/scheduler.ts';
import type { Core } from '../../src/wiring.ts';
import { CHANNEL, type DiscordDriver, GUILD, makeDiscordDriver } from '../contract/discord-driver.ts';
import { contractUsers } from '../contract/platform-contract.ts';
import { makeSlackDriver, type SlackDriver } from '../contract/slack-driver.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';
import { sampleValue } from '../support/prometheus-text.ts';

const { teacher, lea } = contractUsers;
const t0 = new Date('2030-03-04T08:00:00Z');
const minute = 60_000;

/** The bot's operator routes on a real HTTP server, around one metrics object. */
async function serve(metrics: PrometheusMetrics): Promise<{ http: HttpServer; scrape(): Promise<string> }> {
  const http = createHttpServer({ logger: silentLogger });
  mountOperations(http, {
    metrics,
    metricsToken: null,
    host: '127.0.0.1',
    logger: silentLogger,
    database: async () => {},
    platforms: () => [],
  });
  const { port } = await http.listen(0);
  return {
    http,
    async scrape() {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
      return res.text();
    },
  };
}

describe('metrics of interactions and platform calls', () => {
  let testDb: TestDb;
  let metrics: PrometheusMetrics;
  let discord: DiscordDriver;
  let slack: SlackDriver;
  let core: Core;
  let server: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    testDb = await sqliteTestDb();
    metrics = new PrometheusMetrics();
    discord = await makeDiscordDriver({ metrics });
    slack = await makeSlackDriver({ mode: 'socket', metrics });
    core = testCore({
      db: testDb.db,
      clock: new ManualClock(t0),
      platforms: [discord.platform, slack.platform],
      metrics,
    });
    await discord.start(core.dispatcher);
    await slack.start(core.dispatcher);
    server = await serve(metrics);
  });

  afterAll(async () => {
    await server?.http.close();
    await discord?.stop();
    await slack?.stop();
    await testDb?.close();
  });

  it('counts interactions by platform, kind and outcome, with their latency', async () => {
    await discord.command(teacher, 'setup', { name: '4e B' });
    await discord.command(lea, 'help');
    // A student trying a teacher's command: refused with a translated answer.
    await discord.command(lea, 'quiz close', { capsule: '1' });
    // A button from a message the bot no longer knows.
    await discord.click(lea, { action: 'no.such.action', args: [] });
    await slack.command(teacher, 'help');
    const text = await server.scrape();
    const count = (labels: Record<string, string>) => sampleValue(text, 'inverso_interactions_total', labels);
    expect(count({ platform: 'discord', kind: 'command', outcome: 'ok' })).toBe(2);
    expect(count({ platform: 'discord', kind: 'command', outcome: 'refused' })).toBe(1);
    expect(count({ platform: 'discord', kind: 'action', outcome: 'refused' })).toBe(1);
    expect(count({ platform: 'slack', kind: 'command', outcome: 'ok' })).toBe(1);
    const histogram = (suffix: string, extra: Record<string, string> = {}) =>
      sampleValue(text, `inverso_interaction_duration_seconds_${suffix}`, {
        platform: 'discord',
        kind: 'command',
        ...extra,
      });
    expect(histogram('count')).toBe(3);
    expect(histogram('bucket', { le: '+Inf' })).toBe(3);
    expect(histogram('sum')).toBeGreaterThan(0);
  });

  it('counts platform API errors and rate-limit waits by platform', async () => {
    const to = { workspaceId: GUILD, channelId: CHANNEL };
    discord.fake.failRoute({
      method: 'POST',
      path: `/channels/${CHANNEL}/messages`,
      status: 429,
      retryAfterSeconds: 0.2,
    });
    await discord.platform.post(to, { text: 'after a wait' });
    discord.fake.failRoute({ method: 'POST', path: `/channels/${CHANNEL}/messages`, status: 403 });
    await expect(discord.platform.post(to, { text: 'refused' })).rejects.toThrow();

    const place = { workspaceId: slack.place.workspaceId, channelId: slack.place.channelId };
    slack.fake.rateLimit('chat.postMessage', 1, 1);
    await slack.platform.post(place, { text: 'after a wait' });
    slack.fake.failWith('chat.postMessage', 'channel_not_found');
    await expect(slack.platform.post(place, { text: 'refused' })).rejects.toThrow();

    const text = await server.scrape();
    for (const platform of ['discord', 'slack']) {
      expect(
        sampleValue(text, 'inverso_rate_limit_waits_total', { platform }),
        platform,
      ).toBeGreaterThanOrEqual(1);
      expect(
        sampleValue(text, 'inverso_rate_limit_wait_seconds_total', { platform }),
        platform,
      ).toBeGreaterThan(0);
      expect(
        sampleValue(text, 'inverso_platform_api_errors_total', { platform }),
        platform,
      ).toBeGreaterThanOrEqual(1);
    }
  });

  // Last: it stops both platforms. /readyz reads connected(); Slack's looks inside Bolt's receiver.
  it('says whether each platform is connected, as /readyz reads it', async () => {
    expect(discord.platform.connected()).toBe(true);
    expect(slack.platform.connected()).toBe(true);
    await discord.platform.stop();
    await slack.platform.stop();
    expect(discord.platform.connected()).toBe(false);
    expect(slack.platform.connected()).toBe(false);
  });
});

describe('metrics of jobs and database queries', () => {
  let testDb: TestDb;
  let db: Db;
  let metrics: PrometheusMetrics;
  let server: Awaited<ReturnType<typeof serve>>;
  const clock = new ManualClock(t0);

  beforeAll(async () => {
    testDb = await sqliteTestDb();
    metrics = new PrometheusMetrics();
    db = countQueryErrors(testDb.db, metrics);
    metrics.watchJobs(() => countJobs(db, clock.now()));
    server = await serve(metrics);
  });

  afterAll(async () => {
    await server?.http.close();
    await testDb?.close();
  });

  it('shows jobs due, late and running, then how their runs ended', async () => {
    const queue = new JobQueue(db, clock);
    const at = (minutesAgo: number) => new Date(t0.getTime() - minutesAgo * minute);
    await queue.enqueue({ kind: 'quick', key: 'quick', dueAt: at(1) });
    await queue.enqueue({ kind: 'flaky', key: 'flaky', dueAt: at(5) });
    await queue.enqueue({ kind: 'broken', key: 'broken', dueAt: at(10), maxAttempts: 1 });
    await queue.enqueue({ kind: 'quick', key: 'tomorrow', dueAt: new Date(t0.getTime() + 24 * 60 * minute) });
    await db.job.create({
      data: {
        kind: 'quick',
        idempotencyKey: 'held',
        dueAt: at(1),
        state: 'running',
        lockedBy: 'another-bot',
        lockedUntil: new Date(t0.getTime() + minute),
      },
    });
    let text = await server.scrape();
    expect(sampleValue(text, 'inverso_jobs_due')).toBe(3);
    expect(sampleValue(text, 'inverso_jobs_late')).toBe(2); // due 5 and 10 minutes ago
    expect(sampleValue(text, 'inverso_jobs_running')).toBe(1);

    const fail = async (): Promise<never> => {
      throw new Error('the platform is down');
    };
    const scheduler = new Scheduler({
      db,
      clock,
      logger: silentLogger,
      instanceId: 'metrics',
      jitter: noJitter,
      metrics,
      handlers: [
        { kind: 'quick', run: async () => ({ status: 'done' }) },
        { kind: 'flaky', run: fail },
        { kind: 'broken', run: fail },
      ],
    });
    expect(await scheduler.runDue()).toMatchObject({ claimed: 3, done: 1, retried: 1, failed: 1 });
    text = await server.scrape();
    expect(sampleValue(text, 'inverso_jobs_due')).toBe(0); // the retry waits for its back-off
    expect(sampleValue(text, 'inverso_jobs_late')).toBe(0);
    expect(sampleValue(text, 'inverso_jobs_failed_total', { kind: 'broken' })).toBe(1);
    expect(sampleValue(text, 'inverso_jobs_retried_total', { kind: 'flaky' })).toBe(1);
    expect(sampleValue(text, 'inverso_job_runs_total', { kind: 'quick', result: 'done' })).toBe(1);
    expect(sampleValue(text, 'inverso_job_duration_seconds_count', { kind: 'quick' })).toBe(1);
  });

  it('counts failed database queries by code', async () => {
    const row = { kind: 'quick', idempotencyKey: 'twice', dueAt: t0 };
    await db.job.create({ data: row });
    await expect(db.job.create({ data: row })).rejects.toMatchObject({ code: 'P2002' });
    const text = await server.scrape();
    expect(sampleValue(text, 'inverso_db_query_errors_total', { code: 'P2002' })).toBe(1);
  });
});
