// The operator's routes on a running bot: /healthz, /readyz naming what is not ready (database
// down, a platform not connected), and /metrics behind its token when the bot listens beyond
// loopback.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createDb } from '../../src/db/client.ts';
import { createHttpServer, type HttpServer } from '../../src/http/index.ts';
import { isLoopback } from '../../src/http/metrics-route.ts';
import { mountOperations } from '../../src/http/operations.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { type RunningBot, startInverso } from '../../src/main.ts';
import { PrometheusMetrics } from '../../src/metrics/prometheus.ts';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/fake-discord.ts';
import { testRoot } from '../support/paths.ts';
import { sampleValue } from '../support/prometheus-text.ts';

/** A whole bot as `npm start` runs it, on a fresh SQLite file, with extra environment. */
function start(env: Record<string, string> = {}): Promise<RunningBot> {
  const file = path.join(testRoot, `ops-${randomUUID()}.db`);
  const config = loadConfig({ DATABASE_URL: `file:${file}`, PORT: '0', SANDBOX: 'on', ...env });
  return startInverso(config, silentLogger);
}

describe('a running bot', () => {
  let fake: FakeDiscord;
  let bot: RunningBot | undefined;
  const get = (route: string, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${bot?.port}${route}`, { headers });

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds: [{ id: '110000000000000001', name: 'École', channels: [] }] });
  });
  afterEach(async () => {
    await bot?.stop(1000);
    bot = undefined;
  });
  afterAll(async () => fake?.close());

  it('is alive and ready when the database answers and every platform is connected', async () => {
    bot = await start({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });
    expect(await (await get('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', sandbox: 'ok', discord: 'ok' },
    });
    // On loopback without a token, Prometheus on the same machine reads the metrics as they are.
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(sampleValue(text, 'inverso_jobs_late')).toBe(0);
    expect(sampleValue(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('is not ready while a configured platform is not connected, and says which', async () => {
    bot = await start({ DISCORD_TOKEN: 'a-token-discord-refuses', DISCORD_API_URL: fake.apiUrl });
    expect((await get('/healthz')).status).toBe(200);
    const ready = await get('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: 'not_ready',
      notReady: ['discord'],
      checks: { database: 'ok', sandbox: 'ok', discord: 'not_connected' },
    });
  });

  it('asks for METRICS_TOKEN on /metrics once it is set, even on loopback', async () => {
    bot = await start({ METRICS_TOKEN: 'a-long-enough-token-0123' });
    expect((await get('/metrics')).status).toBe(401); // a token is set: even loopback needs it
    expect((await get('/metrics', { authorization: 'Bearer a-long-enough-token-0123' })).status).toBe(200);
  });
});

describe('/readyz when the bot cannot work', () => {
  let http: HttpServer;
  const db = createDb('postgresql://postgres@127.0.0.1:1/test');

  afterAll(async () => {
    await http?.close();
    await db.$disconnect().catch(() => undefined);
  });

  it('answers 503 naming the database', async () => {
    http = createHttpServer({ logger: silentLogger });
    mountOperations(http, {
      metrics: new PrometheusMetrics(),
      metricsToken: null,
      host: '127.0.0.1',
      logger: silentLogger,
      database: async () => void (await db.$queryRaw`SELECT 1`),
      platforms: () => [{ id: 'slack', connected: true }],
    });
    const { port } = await http.listen(0);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: 'not_ready',
      notReady: ['database'],
      checks: { database: 'unreachable', slack: 'ok' },
    });
  });

  it('answers 503 while the bot is shutting down, so the proxy sends work elsewhere', async () => {
    const draining = createHttpServer({ logger: silentLogger });
    mountOperations(draining, {
      metrics: new PrometheusMetrics(),
      metricsToken: null,
      host: '127.0.0.1',
      logger: silentLogger,
      database: async () => {},
      platforms: () => [],
      stopping: () => true,
    });
    const { port } = await draining.listen(0);
    try {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ notReady: ['process'], checks: { process: 'stopping' } });
    } finally {
      await draining.close();
    }
  });
});

describe('/metrics token', () => {
  const servers: HttpServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  /** The routes as a bot listening on `host` would mount them (the test server stays on loopback). */
  async function routes(host: string, token: string | null): Promise<string> {
    const http = createHttpServer({ logger: silentLogger, i18n: createI18n('fr') });
    servers.push(http);
    mountOperations(http, {
      metrics: new PrometheusMetrics(),
      metricsToken: token,
      host,
      logger: silentLogger,
      database: async () => {},
      platforms: () => [],
    });
    const { port } = await http.listen(0);
    return `http://127.0.0.1:${port}/metrics`;
  }

  it('is closed beyond loopback without a token, with a message saying what to set', async () => {
    const res = await fetch(await routes('0.0.0.0', null), { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: 'metrics_off',
      message: expect.stringContaining('METRICS_TOKEN'),
    });
  });

  it('asks for the bearer token beyond loopback, and refuses a wrong one', async () => {
    const url = await routes('0.0.0.0', 'the-right-token-0123456789');
    const none = await fetch(url, { headers: { 'accept-language': 'fr' } });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(((await none.json()) as { message: string }).message).toContain('METRICS_TOKEN');
    const wrong = await fetch(url, { headers: { authorization: 'Bearer the-wrong-token-012345678' } });
    expect(wrong.status).toBe(401);
    const right = await fetch(url, { headers: { authorization: 'Bearer the-right-token-0123456789' } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('# TYPE inverso_interactions_total counter');
  });

  it('tells loopback addresses from the others', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.53'])
      expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'bot.school.example'])
      expect(isLoopback(host), host).toBe(false);
  });

  it('refuses a METRICS_TOKEN too short to be secret', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});
