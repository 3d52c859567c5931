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
  DISCORD_MODE: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['gateway', 'http']).default('gateway'),
  ),
  DISCORD_PUBLIC_KEY: optional.refine(
    (v) => v === undefined || /^[0-9a-f]{64}$/i.test(v),
    'must be the 64 hexadecimal characters of the application public key',
  ),
  SLACK_BOT_TOKEN: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_MODE: z.enum(['socket', 'http']).default('socket'),
  SLACK_API_URL: optional,
  SLACK_CLIENT_ID: optional,
  SLACK_CLIENT_SECRET: optional,
  SLACK_STATE_SECRET: optional,
  SMTP_URL: optional,
  MAIL_FROM: z.string().default('Inverso <inverso@localhost>'),
  VIDEO_METADATA: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['on', 'off']).default('on')),
  VIDEO_METADATA_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
  VIMEO_OEMBED_URL: optional.refine((v) => v === undefined || URL.canParse(v), 'must be a URL'),
  YOUTUBE_OEMBED_URL: optional.refine((v) => v === undefined || URL.canParse(v), 'must be a URL'),
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
  discord: {
    token: string;
    applicationId?: string;
    guildId?: string;
    apiUrl?: string;
    /** `gateway` connects out; `http` receives signed interactions on /discord/interactions. */
    mode: 'gateway' | 'http';
    /** The application's Ed25519 public key (hex), required in http mode. */
    publicKey?: string;
  } | null;
  slack: {
    /** SLACK_BOT_TOKEN: one workspace; empty when every workspace installs through OAuth. */
    botToken: string;
    /** "Add to Slack" for many workspaces (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET). */
    oauth: { clientId: string; clientSecret: string; stateSecret?: string } | null;
    appToken?: string;
    signingSecret?: string;
    mode: 'socket' | 'http';
    apiUrl?: string;
  } | null;
  mail: { smtpUrl: string; from: string } | null;
  /** Bearer token for /metrics; without it, /metrics answers only on a loopback HOST. */
  metricsToken: string | null;
  /** Where and how long to look up video titles and lengths; null when VIDEO_METADATA=off. */
  videoMetadata: { timeoutMs: number; vimeoOembedUrl: string; youtubeOembedUrl: string } | null;
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
    e.DISCORD_TOKEN ||
      e.SLACK_BOT_TOKEN ||
      e.SLACK_CLIENT_ID ||
      e.SMTP_URL ||
      e.PUBLIC_URL?.startsWith('https:'),
  );
  if (e.DISCORD_TOKEN && e.DISCORD_MODE === 'http' && !e.DISCORD_PUBLIC_KEY) {
    // Without the key nothing Discord posts could be trusted, and Discord refuses the URL anyway.
    throw new ConfigError(
      'Invalid configuration: DISCORD_MODE=http needs DISCORD_PUBLIC_KEY (Developer Portal > General Information > Public Key).',
    );
  }
  if (Boolean(e.SLACK_CLIENT_ID) !== Boolean(e.SLACK_CLIENT_SECRET)) {
    throw new ConfigError(
      'Invalid configuration: Slack OAuth needs both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET ("Basic Information" → "App Credentials").',
    );
  }
  const oauth =
    e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET
      ? {
          clientId: e.SLACK_CLIENT_ID,
          clientSecret: e.SLACK_CLIENT_SECRET,
          ...(e.SLACK_STATE_SECRET ? { stateSecret: e.SLACK_STATE_SECRET } : {}),
        }
      : null;
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
          mode: e.DISCORD_MODE,
          publicKey: e.DISCORD_PUBLIC_KEY,
        }
      : null,
    slack:
      e.SLACK_BOT_TOKEN || oauth
        ? {
            botToken: e.SLACK_BOT_TOKEN ?? '',
            oauth,
            appToken: e.SLACK_APP_TOKEN,
            signingSecret: e.SLACK_SIGNING_SECRET,
            mode: e.SLACK_MODE,
            apiUrl: e.SLACK_API_URL,
          }
        : null,
    mail: e.SMTP_URL ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM } : null,
    metricsToken: e.METRICS_TOKEN ?? null,
    videoMetadata:
      e.VIDEO_METADATA === 'on'
        ? {
            timeoutMs: e.VIDEO_METADATA_TIMEOUT_MS,
            vimeoOembedUrl: e.VIMEO_OEMBED_URL ?? 'https://vimeo.com/api/oembed.json',
            youtubeOembedUrl: e.YOUTUBE_OEMBED_URL ?? 'https://www.youtube.com/oembed',
          }
        : null,
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
