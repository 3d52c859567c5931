// The only reader of process.env: a validated, typed, frozen Config whose defaults run on an empty
// machine (SQLite file, sandbox chat, no token).
import { hostname } from 'node:os';
import { z } from 'zod';

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const schema = z.object({
  DATABASE_URL: z
    .string()
    .default('file:./data/inverso.db')
    .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), 'must start with file: or postgresql://'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: optional,
  SANDBOX: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['on', 'off']).optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEFAULT_LANGUAGE: z.enum(['fr', 'en']).default('fr'),
  DEFAULT_TIMEZONE: z.string().default('Europe/Paris'),
  APP_SECRET: optional,
  INSTANCE_ID: optional,
  SCHEDULER_CRON: z.string().default('*/5 * * * * *'),
  SCHEDULER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  TEST_CLOCK_FILE: optional,
  RETENTION_DAYS: z.coerce.number().int().min(30).default(400),
  DISCORD_TOKEN: optional,
  DISCORD_APPLICATION_ID: optional,
  DISCORD_GUILD_ID: optional,
  DISCORD_API_URL: optional,
  SLACK_BOT_TOKEN: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_MODE: z.enum(['socket', 'http']).default('socket'),
  SLACK_API_URL: optional,
  SMTP_URL: optional,
  MAIL_FROM: z.string().default('Inverso <inverso@localhost>'),
  METRICS_TOKEN: optional.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
});

/** The bot's whole configuration, read once at start. */
export interface Config {
  databaseUrl: string;
  port: number;
  host: string;
  publicUrl: string;
  sandbox: boolean;
  logLevel: string;
  defaultLanguage: 'fr' | 'en';
  defaultTimeZone: string;
  /** Signs links and hashes anonymous authors; null means "make one and keep it in data/". */
  appSecret: string | null;
  instanceId: string;
  schedulerCron: string;
  /** Jobs of a batch run side by side (publications waiting on the platform's rate limit overlap). */
  schedulerConcurrency: number;
  /**
   * Tests only: a file holding an ISO date that is the bot's time; it stands still until the file
   * changes, and each change runs the jobs then due. Null in production (the system clock).
   */
  testClockFile: string | null;
  retentionDays: number;
  discord: { token: string; applicationId?: string; guildId?: string; apiUrl?: string } | null;
  slack: {
    botToken: string;
    appToken?: string;
    signingSecret?: string;
    mode: 'socket' | 'http';
    apiUrl?: string;
  } | null;
  mail: { smtpUrl: string; from: string } | null;
  /** Bearer token for /metrics; without it, /metrics answers only on a loopback HOST. */
  metricsToken: string | null;
}

/** Raised with every problem of the environment at once, in words a person can act on. */
export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const postgres = /^postgres/.test(e.DATABASE_URL);
  if (postgres && !e.APP_SECRET) {
    // Several bots may share PostgreSQL: they must hash anonymous authors and sign links alike.
    throw new ConfigError(
      'Invalid configuration: APP_SECRET is required with PostgreSQL (set the same value on every bot).',
    );
  }
  // The sandbox lets anyone act as any demo member: on by default only on a local, chat-less set-up.
  const exposed = Boolean(
    e.DISCORD_TOKEN || e.SLACK_BOT_TOKEN || e.SMTP_URL || e.PUBLIC_URL?.startsWith('https:'),
  );
  if (!isTimeZone(e.DEFAULT_TIMEZONE)) {
    throw new ConfigError(
      `Invalid configuration: DEFAULT_TIMEZONE "${e.DEFAULT_TIMEZONE}" is not an IANA time zone`,
    );
  }
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    sandbox: e.SANDBOX ? e.SANDBOX === 'on' : !exposed,
    logLevel: e.LOG_LEVEL,
    defaultLanguage: e.DEFAULT_LANGUAGE,
    defaultTimeZone: e.DEFAULT_TIMEZONE,
    appSecret: e.APP_SECRET ?? null,
    instanceId: e.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    schedulerCron: e.SCHEDULER_CRON,
    schedulerConcurrency: e.SCHEDULER_CONCURRENCY,
    testClockFile: e.TEST_CLOCK_FILE ?? null,
    retentionDays: e.RETENTION_DAYS,
    discord: e.DISCORD_TOKEN
      ? {
          token: e.DISCORD_TOKEN,
          applicationId: e.DISCORD_APPLICATION_ID,
          guildId: e.DISCORD_GUILD_ID,
          apiUrl: e.DISCORD_API_URL,
        }
      : null,
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          appToken: e.SLACK_APP_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          mode: e.SLACK_MODE,
          apiUrl: e.SLACK_API_URL,
        }
      : null,
    mail: e.SMTP_URL ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM } : null,
    metricsToken: e.METRICS_TOKEN ?? null,
  });
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
