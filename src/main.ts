// Wiring only: config -> database -> i18n -> services -> scheduler -> platforms -> http.
// `npm start` runs this file; tests call startInverso() with their own config.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, unwatchFile, watchFile, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { type Clock, ManualClock, OffsetClock, systemClock } from './core/clock.ts';
import type { Place } from './core/events.ts';
import type { Logger } from './core/logger.ts';
import type { ChatPlatform } from './core/platform.ts';
import { openDatabase, providerOf } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { createHttpServer } from './http/index.ts';
import { mountOperations } from './http/operations.ts';
import { createI18n } from './i18n/i18n.ts';
import { countQueryErrors } from './metrics/db-errors.ts';
import { countJobs } from './metrics/job-counts.ts';
import { PrometheusMetrics } from './metrics/prometheus.ts';
import { databaseHistory } from './platforms/sandbox/history.ts';
import { SandboxPlatform } from './platforms/sandbox/platform.ts';
import { mountSandbox } from './platforms/sandbox/routes.ts';
import { mountPrivacy } from './privacy/routes.ts';
import { ensureDigestPlans, mountReports, reportsFeature } from './reports/index.ts';
import { demoPeople, seedDemo, upcomingMoments } from './services/demo.ts';
import { nextRetentionJob } from './services/jobs/maintenance-jobs.ts';
import { SeenSignatures } from './services/seen-signatures.ts';
import { createVideoMetadataFetcher } from './services/video-metadata.ts';
import { assembleCore } from './wiring.ts';

/** The sandbox's class channel. */
export const sandboxPlace: Place = { platform: 'sandbox', workspaceId: 'demo', channelId: 'classe' };

/** How long running jobs may take to finish at shutdown before they are given back. */
export const shutdownGraceMs = 15_000;

/** A running bot, for tests and for a clean shutdown. */
export interface RunningBot {
  port: number;
  /** Stops claiming jobs, lets running ones finish (up to graceMs), then closes everything. */
  stop(graceMs?: number): Promise<void>;
}

export async function startInverso(
  config: Config,
  logger: Logger = createLogger(config),
): Promise<RunningBot> {
  const secret = config.appSecret ?? loadOrCreateSecret(config);
  const applied = await migrate(config.databaseUrl);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  const metrics = new PrometheusMetrics({ processMetrics: true });
  const database = openDatabase(config.databaseUrl);
  const db = countQueryErrors(database.db, metrics);
  let stopping = false;
  const i18n = createI18n(config.defaultLanguage);
  // Only the sandbox's clock may move, and only when no real platform shares the scheduler.
  const realPlatforms = Boolean(config.discord || config.slack);
  const testClock = config.testClockFile ? new ManualClock(readTestClock(config.testClockFile)) : null;
  const offsetClock = realPlatforms || testClock ? null : new OffsetClock();
  const clock: Clock = testClock ?? offsetClock ?? systemClock;
  metrics.watchJobs(() => countJobs(db, clock.now()));

  // Platform and mail libraries load only when configured: discord.js alone holds ~50 MB.
  const mailer = config.mail
    ? (await import('./mail/index.ts')).createSmtpMailer(config.mail.smtpUrl, config.mail.from)
    : null;
  const platforms: ChatPlatform[] = [];
  let moveClock: ((to: Date) => Promise<void>) | undefined;
  const sandbox = new SandboxPlatform({
    workspaceId: sandboxPlace.workspaceId,
    channelId: sandboxPlace.channelId,
    members: demoPeople.map((p) => ({
      id: p.platformUserId,
      name: p.displayName,
      role: p.role,
      locale: p.locale ?? 'fr',
    })),
    clock,
    timeZone: config.defaultTimeZone,
    classInfo: async () => {
      const klass = await core.services.classes.findByPlace(sandboxPlace);
      return klass ? { name: klass.name, timeZone: klass.timeZone } : null;
    },
    jumpTargets: () => upcomingMoments(core.services, sandboxPlace),
    ...(offsetClock ? { moveClock: (to: Date) => moveClock?.(to) ?? Promise.resolve() } : {}),
    // The page's messages come back after a restart, buttons included.
    history: databaseHistory(db, sandboxPlace.workspaceId, logger),
    logger,
  });
  if (config.sandbox) platforms.push(sandbox);
  const discord = config.discord
    ? (await import('./platforms/discord/platform.ts')).createDiscordPlatform({
        ...config.discord,
        logger,
        metrics,
      })
    : null;
  if (discord) platforms.push(discord);
  // OAuth: every workspace's token comes from its installation, encrypted in the database.
  const installations = config.slack?.oauth
    ? await (async () => {
        const { PrismaInstallations } = await import('./platforms/slack/installation-store.ts');
        const { sealedBox } = await import('./platforms/slack/sealed-box.ts');
        return new PrismaInstallations(db, sealedBox(secret));
      })()
    : null;
  const slack = config.slack
    ? (await import('./platforms/slack/platform.ts')).createSlackPlatform({
        ...config.slack,
        ...(installations ? { tokens: installations, multiWorkspace: true } : {}),
        logger,
        clock,
        metrics,
        services: () => core.services,
        // Seen request signatures live in the database: shared by processes, kept across restarts.
        ledger: new SeenSignatures(db),
      })
    : null;
  if (slack) platforms.push(slack);

  const reports = reportsFeature({ mailer });
  const core = assembleCore({
    db,
    clock,
    i18n,
    logger,
    platforms,
    secret,
    publicUrl: config.publicUrl,
    defaults: { language: config.defaultLanguage, timeZone: config.defaultTimeZone },
    instanceId: config.instanceId,
    retentionDays: config.retentionDays,
    platformsStartLater: true,
    features: [reports],
    metrics,
    videoMetadata: config.videoMetadata ? createVideoMetadataFetcher(config.videoMetadata) : null,
    schedulerConcurrency: config.schedulerConcurrency,
  });
  moveClock = async (to) => {
    offsetClock?.set(to);
    await core.scheduler.runDue();
  };

  const http = createHttpServer({ logger: logger.child({ component: 'http' }), i18n });
  mountOperations(http, {
    metrics,
    metricsToken: config.metricsToken,
    host: config.host,
    logger,
    database: async () => (await database.health.check()).state,
    databaseNow: () => database.health.current().state,
    platforms: () =>
      platforms.map((p) => ({
        id: p.id,
        connected: core.services.deps.platforms.has(p.id) && (p.connected?.() ?? true),
      })),
    stopping: () => stopping,
  });
  if (slack?.mode === 'http') {
    const { mountSlackEvents } = await import('./platforms/slack/mount.ts');
    mountSlackEvents(http, slack);
  }
  if (installations && config.slack?.oauth) {
    const { stateSecret, ...oauth } = config.slack.oauth;
    const { mountSlackOAuth, stateSecretFrom } = await import('./platforms/slack/oauth-routes.ts');
    mountSlackOAuth(http, {
      ...oauth,
      stateSecret: stateSecret ?? stateSecretFrom(secret),
      installationStore: installations,
      publicUrl: config.publicUrl,
      ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
      logger,
      translate: (locale) => i18n.t(locale ?? config.defaultLanguage),
    });
  }
  if (discord?.mode === 'http' && config.discord?.publicKey) {
    const { mountDiscordInteractions } = await import('./platforms/discord/interactions-route.ts');
    mountDiscordInteractions(http, discord, { publicKey: config.discord.publicKey });
  }
  mountReports(http, reports.kit);
  mountPrivacy(http, core.services);
  if (config.sandbox) {
    mountSandbox(http, sandbox);
    if (await seedDemo(core.services, sandboxPlace)) logger.info({}, 'demo class created in the sandbox');
  }

  await core.services.queue.enqueue(nextRetentionJob(clock.now()));
  await ensureDigestPlans(reports.kit);
  const { port } = await http.listen(config.port, config.host);
  // Platforms start side by side after the HTTP server is up, so a slow or refused one delays
  // nothing. One that cannot start (bad token, network) is reported once; its classes wait.
  await Promise.allSettled(
    platforms.map(async (platform) => {
      try {
        await platform.start(core.dispatcher);
        core.services.deps.platforms.setStarted(platform.id, true);
      } catch (error) {
        logger.error(
          { platform: platform.id, reason: (error as Error).message },
          `${platform.id} could not start`,
        );
      }
    }),
  );
  void core.scheduler.start(config.schedulerCron);
  const clockFile = config.testClockFile;
  if (testClock && clockFile) {
    // Tests drive the time of several bot processes at once by rewriting this file.
    watchFile(clockFile, { interval: 50 }, () => {
      let to: Date;
      try {
        to = readTestClock(clockFile);
      } catch {
        return; // being rewritten: the next change is read
      }
      if (to.getTime() <= testClock.now().getTime()) return;
      testClock.set(to);
      core.scheduler
        .runDue()
        .catch((error: unknown) => logger.error({ err: error }, 'test clock run failed'));
    });
  }
  logger.info(
    {
      port,
      host: config.host,
      database: providerOf(config.databaseUrl),
      platforms: platforms.map((p) => p.id),
    },
    config.sandbox ? `Inverso is running: open http://localhost:${port}/` : 'Inverso is running',
  );
  return {
    port,
    async stop(graceMs = shutdownGraceMs) {
      stopping = true;
      if (clockFile) unwatchFile(clockFile);
      await core.scheduler.stop(graceMs);
      for (const platform of platforms) await platform.stop().catch(() => undefined);
      await core.services.quizzes.tallies.flush();
      await http.close();
      await mailer?.close();
      await db.$disconnect();
    },
  };
}

function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    base: { app: 'inverso' },
    redact: ['*.token', '*.secret', '*.email'],
  });
}

/** The date written in TEST_CLOCK_FILE (tests only); a missing or bad file is a start-up error. */
function readTestClock(file: string): Date {
  const date = new Date(readFileSync(file, 'utf8').trim());
  if (Number.isNaN(date.getTime()))
    throw new ConfigError(`TEST_CLOCK_FILE ${file} does not hold an ISO date`);
  return date;
}

/** Without APP_SECRET, a random secret is made once and kept beside the SQLite file (or in data/). */
function loadOrCreateSecret(config: Config): string {
  const dir = config.databaseUrl.startsWith('file:')
    ? path.dirname(path.resolve(config.databaseUrl.replace(/^file:/, '').split('?')[0] ?? 'data/x'))
    : path.resolve('data');
  const file = path.join(dir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config);
  // Last-resort nets: an unexpected rejection is logged once and the bot keeps serving.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'));
  let bot: RunningBot;
  try {
    bot = await startInverso(config, logger);
  } catch (error) {
    logger.error({ err: error }, 'Inverso could not start');
    process.exit(1);
  }
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    // Whatever happens below, the process ends: a stuck close must not keep it up for systemd to kill.
    setTimeout(() => {
      logger.error({ afterMs: shutdownGraceMs + 10_000 }, 'shutdown took too long; exiting anyway');
      process.exit(1);
    }, shutdownGraceMs + 10_000).unref();
    try {
      await bot.stop();
      logger.info({}, 'stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
