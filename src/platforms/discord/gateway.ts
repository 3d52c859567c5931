// The discord.js client: the fewest intents that work (Guilds only: no privileged intent, no
// message content, no member list; everything arrives as interactions), small caches with sweepers
// so memory stays flat in a server of thousands, and a login that fails once with a clear message
// instead of crashing or retrying in a loop.
import { Client, type ClientOptions, Events, GatewayIntentBits, Options, type RESTOptions } from 'discord.js';
import type { Logger } from '../../core/logger.ts';

/** What the client is made from. */
export interface GatewayOptions {
  /** Base of the REST API (a proxy, or a fake in tests); the gateway address then comes from its `/gateway/bot`. */
  apiUrl?: string;
  /** Extra REST options (tests pass `{ retries: 0, timeout: 2000 }`). */
  rest?: Partial<RESTOptions>;
  logger: Logger;
}

/** A start-up failure, with a message that names Discord and says what to do. */
export class DiscordStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DiscordStartError';
  }
}

const HOUR = 3600;

/** A discord.js client with the Guilds intent only, small caches and an error listener. */
export function createClient(options: GatewayOptions): Client {
  const rest: Partial<RESTOptions> = { ...(options.apiUrl ? { api: options.apiUrl } : {}), ...options.rest };
  const clientOptions: ClientOptions = {
    intents: [GatewayIntentBits.Guilds],
    rest,
    // Names typed by students end up in cards: the bot never pings anyone through them.
    allowedMentions: { parse: [] },
    // Only what the bot reads is cached: guilds, channels, threads, roles, and its own member (for
    // permission checks). Messages are never cached; members and users met in interactions are capped.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      PresenceManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      BaseGuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      StageInstanceManager: 0,
      ThreadMemberManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      GuildScheduledEventManager: 0,
      UserManager: { maxSize: 1000, keepOverLimit: (user) => user.id === user.client.user.id },
      GuildMemberManager: { maxSize: 200, keepOverLimit: (member) => member.id === member.client.user.id },
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      users: { interval: HOUR, filter: () => (user) => user.id !== user.client.user.id },
      guildMembers: { interval: HOUR, filter: () => (member) => member.id !== member.client.user.id },
      threads: { interval: HOUR, lifetime: 24 * HOUR },
    },
  };
  const client = new Client(clientOptions);
  // Without an error listener, an error event (a rejected listener) would crash the process.
  client.on(Events.Error, (error) => options.logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    options.logger.warn({ code: event.code, shardId }, 'discord gateway disconnected'),
  );
  return client;
}

/** Words for a login failure, by what went wrong. */
export function explainLoginFailure(error: unknown, apiUrl: string | undefined): string {
  const code = (error as { code?: unknown })?.code;
  const status = (error as { status?: unknown })?.status;
  if (code === 'TokenInvalid' || status === 401 || code === 4004) {
    return 'Discord: the token in DISCORD_TOKEN was refused (401). Check the bot token in the Developer Portal (Bot > Reset Token) and set it again.';
  }
  if (code === 'TokenMissing')
    return 'Discord: DISCORD_TOKEN is empty. Copy the bot token from the Developer Portal.';
  if (code === 'DisallowedIntents' || code === 4014) {
    return 'Discord: the gateway refused the requested intents (4014). Inverso only needs the Guilds intent; check the application in the Developer Portal.';
  }
  const where = apiUrl ?? 'https://discord.com/api';
  const reason = error instanceof Error ? error.message : String(error);
  return `Discord: could not connect with the token in DISCORD_TOKEN through ${where} (${reason}).`;
}

/**
 * Logs in and waits until the client is ready. On any failure the client is destroyed (no
 * reconnection loop is left running) and a DiscordStartError explains what to do.
 */
export async function connect(
  client: Client,
  token: string,
  options: { apiUrl?: string; timeoutMs: number },
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`not ready after ${options.timeoutMs} ms`), { code: 'Timeout' })),
      options.timeoutMs,
    );
  });
  try {
    await Promise.race([client.login(token).then(() => ready), timeout]);
  } catch (error) {
    await client.destroy().catch(() => {});
    throw new DiscordStartError(explainLoginFailure(error, options.apiUrl), { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
