// The Bolt App in one of its two ways to receive Slack: Socket Mode (default: an outgoing
// WebSocket, no public URL, fine on a school's own machine) or HTTP mode (Slack POSTs to
// /slack/events on the bot's own HTTP server, signed with the signing secret). Credentials are
// checked before anything connects, and every refusal becomes one Error naming the variable to fix.
import type { ServerResponse } from 'node:http';
import { type App, type Logger as BoltLogger, HTTPReceiver, LogLevel, webApi } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import type { Metrics } from '../../core/metrics.ts';
import { guardedApp } from './guarded-app.ts';
import { guardReplays, type RequestListener, type SignatureLedger } from './replay-guard.ts';
import type { TokenSource } from './tokens.ts';
import { CountingWebClient } from './web-metrics.ts';

/** A start-up problem with the Slack settings: the other platforms keep running. */
export class SlackStartError extends Error {
  constructor(
    message: string,
    /** The environment variable to fix, when one is to blame. */
    readonly variable?: string,
    /** Slack's error code, when Slack refused. */
    readonly code?: string,
  ) {
    super(`Slack: ${message}`);
    this.name = 'SlackStartError';
  }
}

/** How the Slack connection is configured (Config.slack plus test knobs). */
export interface SlackConnection {
  mode: 'socket' | 'http';
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  /** Web API base URL (GovSlack, a proxy, a test fake). */
  apiUrl?: string;
  /** Path of the events endpoint in HTTP mode. */
  eventsPath: string;
  /** Retries of failed Web API calls; a 429 waits for its Retry-After before each. */
  retries: number;
  /** Longest wait for Socket Mode to connect. */
  startTimeoutMs: number;
  /** HTTP mode: where accepted request signatures are remembered (the database in production). */
  ledger?: SignatureLedger;
  /** OAuth: each workspace's token comes from its installation, so there is no SLACK_BOT_TOKEN. */
  oauth?: boolean;
}

/** Checks the settings' shape before any network call. Throws a SlackStartError. */
export function checkSettings(c: SlackConnection): void {
  if (!c.oauth && !/^(xoxe\.)?xoxb-/.test(c.botToken)) {
    throw new SlackStartError(
      'SLACK_BOT_TOKEN must be the Bot User OAuth Token (it starts with xoxb-), from "OAuth & Permissions".',
      'SLACK_BOT_TOKEN',
    );
  }
  if (c.mode === 'socket' && !c.appToken?.startsWith('xapp-')) {
    throw new SlackStartError(
      'Socket Mode needs SLACK_APP_TOKEN, an app-level token (xapp-…) with the connections:write scope ' +
        '("Basic Information" → "App-Level Tokens"); or set SLACK_MODE=http.',
      'SLACK_APP_TOKEN',
    );
  }
  if (c.mode === 'http' && !c.signingSecret) {
    throw new SlackStartError(
      'HTTP mode needs SLACK_SIGNING_SECRET ("Basic Information" → "App Credentials").',
      'SLACK_SIGNING_SECRET',
    );
  }
}

/** The Web API client every call goes through. Tokens are passed per call (one per workspace). */
export function createWebClient(c: SlackConnection, logger: Logger, metrics?: Metrics): webApi.WebClient {
  const options: webApi.WebClientOptions = {
    ...(c.apiUrl ? { slackApiUrl: withSlash(c.apiUrl) } : {}),
    logger: boltLogger(logger),
    // A 429 pauses the client for Retry-After seconds, then the call is tried again; other
    // failures are tried again a few times, and the scheduler retries what still fails.
    retryConfig: { retries: c.retries, factor: 2, minTimeout: 200, maxTimeout: 5000, randomize: true },
    rejectRateLimitedCalls: false,
    timeout: 10_000,
  };
  return metrics ? new CountingWebClient(metrics, options) : new webApi.WebClient(undefined, options);
}

/** A Bolt App and the way to feed it. */
export interface BoltParts {
  app: App;
  /** HTTP mode: the listener to mount at `eventsPath` (signature, replay and freshness checked). */
  listener?: RequestListener;
}

/** Builds the Bolt App; nothing connects until {@link startBolt}. */
export function createBolt(c: SlackConnection, tokens: TokenSource, logger: Logger): BoltParts {
  const log = boltLogger(logger);
  const common = {
    logger: log,
    // Tokens come from the token source, workspace by workspace (OAuth-ready).
    authorize: async ({ teamId, enterpriseId }: { teamId?: string; enterpriseId?: string }) => {
      await tokens.link?.({ teamId, enterpriseId });
      const identity = await tokens.identityFor(teamId ?? enterpriseId);
      return {
        botToken: await tokens.tokenFor(teamId ?? enterpriseId),
        botId: identity.botId,
        botUserId: identity.botUserId,
        ...(teamId ? { teamId } : {}),
      };
    },
    deferInitialization: true,
    convoStore: false as const,
    clientOptions: {
      ...(c.apiUrl ? { slackApiUrl: withSlash(c.apiUrl) } : {}),
      // The Socket Mode receiver reuses these to open its connection.
      retryConfig: { retries: c.retries, factor: 2, minTimeout: 200, maxTimeout: 5000 },
    },
  };
  if (c.mode === 'socket') {
    return { app: guardedApp({ ...common, socketMode: true, appToken: c.appToken }, logger) };
  }
  const receiver = new HTTPReceiver({
    signingSecret: c.signingSecret ?? '',
    endpoints: c.eventsPath,
    logger: log,
    // The answer leaves as soon as a listener acknowledges; work goes on after it.
    processBeforeResponse: false,
  });
  const app = guardedApp({ ...common, receiver }, logger);
  const bolt: RequestListener = (req, res) => {
    try {
      receiver.requestListener(req, res);
    } catch {
      // Bolt throws for paths it does not serve.
      notFound(res);
    }
  };
  const guard = { signingSecret: c.signingSecret ?? '', logger, ...(c.ledger ? { ledger: c.ledger } : {}) };
  return { app, listener: guardReplays(bolt, guard) };
}

/** Checks the bot token with Slack, then connects (Socket Mode) or gets ready (HTTP mode). */
export async function startBolt(parts: BoltParts, c: SlackConnection, tokens: TokenSource): Promise<void> {
  try {
    await tokens.verify();
  } catch (error) {
    throw refusal(error, 'SLACK_BOT_TOKEN', c);
  }
  await parts.app.init();
  if (c.mode === 'http') return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SlackStartError(`no Socket Mode connection after ${Math.round(c.startTimeoutMs / 1000)} s.`),
        ),
      c.startTimeoutMs,
    );
  });
  try {
    await Promise.race([parts.app.start(), timeout]);
  } catch (error) {
    // Stop the reconnection attempts of a half-started client: no crash loop, no retry storm.
    await parts.app.stop().catch(() => {});
    throw error instanceof SlackStartError ? error : refusal(error, 'SLACK_APP_TOKEN', c);
  } finally {
    clearTimeout(timer);
  }
}

function refusal(error: unknown, variable: string, c: SlackConnection): SlackStartError {
  const code = (error as { data?: { error?: string } }).data?.error;
  if (code) {
    return new SlackStartError(
      `Slack refused ${variable} (${code}). Check the token in the app's settings.`,
      variable,
      code,
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new SlackStartError(
    `could not reach the Slack API at ${c.apiUrl ?? 'https://slack.com/api/'} (${reason}). Check SLACK_API_URL and the network.`,
    c.apiUrl ? 'SLACK_API_URL' : undefined,
  );
}

/** Bolt's and the Web API client's logs into ours. Their debug lines carry payloads: dropped. */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ platform: 'slack' });
  const join = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ');
  let level = LogLevel.INFO;
  return {
    debug: () => {},
    info: (...msg) => log.info({}, join(msg)),
    warn: (...msg) => log.warn({}, join(msg)),
    error: (...msg) => log.error({}, join(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function notFound(res: ServerResponse): void {
  if (res.headersSent) return;
  res.writeHead(404);
  res.end();
}
