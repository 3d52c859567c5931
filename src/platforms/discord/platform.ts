// Discord as a ChatPlatform: the same port as the sandbox and Slack. Outbound calls go through
// discord.js's REST client (its queue waits out 429s and per-route buckets, so a burst of edits
// never trips Discord's rate limits); inbound interactions go to the InteractionRouter.
import { createHash } from 'node:crypto';
import {
  type APIChannel,
  type APIMessage,
  type Client,
  Events,
  type REST,
  type RESTOptions,
  Routes,
  Status,
} from 'discord.js';
import type { Card } from '../../core/card.ts';
import type { Dispatcher, Translator } from '../../core/dispatcher.ts';
import { UserError } from '../../core/errors.ts';
import type { MessageRef, Place } from '../../core/events.ts';
import type { Logger } from '../../core/logger.ts';
import type { Metrics } from '../../core/metrics.ts';
import type {
  ChannelAddress,
  ChatPlatform,
  DirectResult,
  PostOptions,
  SessionEvent,
  UserAddress,
} from '../../core/platform.ts';
import { buildCommands } from './command-builder.ts';
import { CustomIdStore } from './custom-ids.ts';
import { CODES, codeOf, hasCode } from './discord-errors.ts';
import { connect, createClient, DiscordStartError } from './gateway.ts';
import { HttpInbox, loginOverHttp, type PendingAnswer, type RawInteraction } from './http-mode.ts';
import { InteractionRouter } from './inbound.ts';
import { webhookRest } from './interaction-api.ts';
import { clip, LIMITS } from './limits.ts';
import { messageBody, type RenderedMessage, renderCard } from './render.ts';
import { observeRest } from './rest-metrics.ts';
import { cancelEvent, upsertEvent } from './scheduled-events.ts';
import { ThreadParents } from './thread-parents.ts';

/** How to run the Discord platform (main.ts fills it from Config.discord). */
export interface DiscordPlatformOptions {
  /** The bot token (DISCORD_TOKEN). */
  token: string;
  /** DISCORD_APPLICATION_ID: only checked against the token's application (a warning if they differ). */
  applicationId?: string;
  /** DISCORD_GUILD_ID: register commands in this server only (instant updates) instead of globally. */
  guildId?: string;
  /** DISCORD_API_URL: a REST proxy; the gateway address then comes from its `/gateway/bot`. */
  apiUrl?: string;
  /** DISCORD_MODE: `gateway` (default) connects; `http` receives interactions at /discord/interactions. */
  mode?: 'gateway' | 'http';
  logger: Logger;
  /** Translations for command names and descriptions; defaults to the dispatcher's. */
  i18n?: Translator;
  /** Register slash commands at start (default true). */
  registerCommands?: boolean;
  /** Defer an unanswered interaction after this long (default 1500 ms; Discord allows 3 s). */
  deferAfterMs?: number;
  /** Give up connecting after this long (default 30 s). */
  readyTimeoutMs?: number;
  /** Extra REST options (tests: `{ retries: 0, timeout: 2000 }`). */
  rest?: Partial<RESTOptions>;
  /** Interactions handled by the core at once; the others wait in arrival order (default 8). */
  concurrency?: number;
  /** Told when an interaction is fully handled, with its duration (metrics, tests). */
  onInteractionHandled?: (interactionId: string, ms: number) => void;
  /** Counts API errors and rate-limit waits. */
  metrics?: Metrics;
}

/** A nonce for `enforce_nonce`: Discord takes at most 25 characters, so long keys are hashed. */
export function nonceOf(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, LIMITS.nonce);
}

/** Discord behind the ChatPlatform port. Create it with createDiscordPlatform. */
export class DiscordPlatform implements ChatPlatform {
  readonly id = 'discord' as const;
  readonly #options: DiscordPlatformOptions;
  readonly #logger: Logger;
  readonly #ids = new CustomIdStore();
  readonly #threads = new ThreadParents();
  /** DM channel per user: opening one is a REST call, reused for every nudge. */
  readonly #dmChannels = new Map<string, string>();
  readonly #inbox = new HttpInbox();
  #client: Client | null = null;
  #webhooks: REST | null = null;

  constructor(options: DiscordPlatformOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ platform: 'discord' });
  }

  /** How interactions arrive: over the gateway, or posted to the bot's HTTP server. */
  get mode(): 'gateway' | 'http' {
    return this.#options.mode ?? 'gateway';
  }

  /** The discord.js client once started (tests and the bench read it). */
  get client(): Client | null {
    return this.#client;
  }

  /**
   * Connects, then registers the slash commands. Rejects with a DiscordStartError (naming Discord
   * and the token) when the login fails; nothing keeps retrying after that.
   */
  async start(dispatcher: Dispatcher): Promise<void> {
    if (this.#client) throw new Error('Discord: already started');
    const options = this.#options;
    if (!options.token.trim()) {
      throw new DiscordStartError(
        'Discord: DISCORD_TOKEN is empty. Copy the bot token from the Developer Portal.',
      );
    }
    const client = createClient({ apiUrl: options.apiUrl, rest: options.rest, logger: this.#logger });
    const webhooks = webhookRest({ ...(options.apiUrl ? { api: options.apiUrl } : {}), ...options.rest });
    this.#webhooks = webhooks;
    if (options.metrics) {
      observeRest(client.rest, options.metrics);
      observeRest(webhooks, options.metrics);
    }
    const router = new InteractionRouter({
      dispatcher,
      webhooks,
      ids: this.#ids,
      threads: this.#threads,
      postPublic: (place, card) => this.#postPublic(place, card),
      deferAfterMs: options.deferAfterMs ?? 1500,
      logger: this.#logger,
      onHandled: options.onInteractionHandled,
      concurrency: options.concurrency ?? 8,
      firstAnswer: (id) => this.#inbox.take(id),
    });
    client.on(Events.Raw, (packet: { t?: string | null; d?: unknown }) => this.#threads.observe(packet));
    client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
    try {
      if (this.mode === 'http') await loginOverHttp(client, options.token, options.apiUrl);
      else {
        await connect(client, options.token, {
          apiUrl: options.apiUrl,
          timeoutMs: options.readyTimeoutMs ?? 30_000,
        });
      }
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.#client = client;
    const appId = client.application?.id;
    if (options.applicationId && appId && options.applicationId !== appId) {
      this.#logger.warn(
        { configured: options.applicationId, actual: appId },
        'DISCORD_APPLICATION_ID is not the application of DISCORD_TOKEN; the invite URL will be wrong',
      );
    }
    if (options.registerCommands !== false) {
      await this.#register(dispatcher, options.i18n ?? dispatcher.i18n);
    }
    this.#logger.info({ guilds: client.guilds.cache.size, user: client.user?.tag }, 'discord ready');
  }

  /** Whether the gateway connection is up now (it may be resuming after a network cut). */
  connected(): boolean {
    if (this.mode === 'http') return this.#client !== null;
    return this.#client?.ws.status === Status.Ready;
  }

  /**
   * HTTP mode: a verified interaction goes through discord.js and the same router as from the
   * gateway; null before start.
   */
  receive(payload: RawInteraction): PendingAnswer | null {
    const client = this.#client;
    if (!client) return null;
    this.#threads.observe({ t: 'INTERACTION_CREATE', d: payload });
    return this.#inbox.open(client, payload);
  }

  async stop(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    this.#webhooks?.clearHashSweeper();
    this.#webhooks?.clearHandlerSweeper();
    this.#webhooks = null;
    await client?.destroy();
  }

  async post(to: ChannelAddress, card: Card, options: PostOptions = {}): Promise<MessageRef> {
    // A thread ref's channel is the thread itself.
    const channelId = options.thread?.channelId ?? to.channelId;
    const rendered = renderCard(card, this.#ids);
    const message = await this.#send(channelId, rendered, options.idempotencyKey);
    return { platform: 'discord', channelId, messageId: message.id };
  }

  async update(ref: MessageRef, card: Card): Promise<void> {
    const rendered = renderCard(card, this.#ids);
    try {
      await this.#rest().patch(Routes.channelMessage(ref.channelId, ref.messageId), {
        body: messageBody(rendered),
        files: rendered.files,
      });
    } catch (error) {
      // A teacher deleted the message (or the channel): there is nothing left to keep up to date.
      if (!hasCode(error, CODES.unknownMessage, CODES.unknownChannel)) throw error;
      this.#logger.info({ messageId: ref.messageId }, 'update of a deleted Discord message skipped');
    }
  }

  async sendDirect(to: UserAddress, card: Card, options: PostOptions = {}): Promise<DirectResult> {
    try {
      let channelId = this.#dmChannels.get(to.platformUserId);
      if (!channelId) {
        const channel = (await this.#rest().post(Routes.userChannels(), {
          body: { recipient_id: to.platformUserId },
        })) as APIChannel;
        channelId = channel.id;
        this.#dmChannels.set(to.platformUserId, channelId);
      }
      const message = await this.#send(channelId, renderCard(card, this.#ids), options.idempotencyKey);
      return { status: 'sent', ref: { platform: 'discord', channelId, messageId: message.id } };
    } catch (error) {
      // 50007: the user closed DMs from server members (or blocked the bot). Asking again would
      // only fail again, so the core remembers it and never retries.
      if (hasCode(error, CODES.cannotMessageUser, CODES.invalidRecipient, CODES.unknownUser)) {
        return { status: 'closed' };
      }
      throw error;
    }
  }

  async openThread(on: MessageRef, name: string): Promise<MessageRef> {
    let threadId: string;
    try {
      const thread = (await this.#rest().post(Routes.threads(on.channelId, on.messageId), {
        body: { name: clip(name, LIMITS.threadName), auto_archive_duration: 10080 },
      })) as APIChannel;
      threadId = thread.id;
    } catch (error) {
      // A retry after a crash: the thread exists already, and shares the message's id.
      if (!hasCode(error, CODES.threadExists)) throw error;
      threadId = on.messageId;
    }
    this.#threads.remember(threadId, on.channelId);
    return {
      platform: 'discord',
      channelId: threadId,
      messageId: on.messageId,
      extra: { threadId, parentId: on.channelId },
    };
  }

  upsertEvent(where: ChannelAddress, event: SessionEvent): Promise<string> {
    return upsertEvent(this.#started(), this.#rest(), where, event);
  }

  cancelEvent(where: ChannelAddress, ref: string): Promise<void> {
    return cancelEvent(this.#rest(), where, ref);
  }

  async #postPublic(place: Place, card: Card): Promise<MessageRef> {
    try {
      return await this.post({ workspaceId: place.workspaceId, channelId: place.channelId }, card);
    } catch (error) {
      // Commands work in channels where the bot cannot write: say so to the one who asked.
      if (hasCode(error, CODES.missingAccess, CODES.missingPermissions)) {
        throw new UserError('common:discord.cannotPost');
      }
      throw error;
    }
  }

  async #send(channelId: string, rendered: RenderedMessage, idempotencyKey?: string): Promise<APIMessage> {
    const body = {
      ...messageBody(rendered),
      // A retried post carries the same nonce: Discord returns the first message instead of a copy.
      ...(idempotencyKey ? { nonce: nonceOf(idempotencyKey), enforce_nonce: true } : {}),
    };
    return (await this.#rest().post(Routes.channelMessages(channelId), {
      body,
      files: rendered.files,
    })) as APIMessage;
  }

  async #register(dispatcher: Dispatcher, i18n: Translator): Promise<void> {
    const client = this.#started();
    const commands = buildCommands(dispatcher.catalogue.commands, i18n);
    const guildId = this.#options.guildId;
    try {
      if (guildId) await client.application?.commands.set(commands, guildId);
      else await client.application?.commands.set(commands);
      this.#logger.info(
        { commands: commands.length, scope: guildId ?? 'global' },
        'discord commands registered',
      );
    } catch (error) {
      // Commands registered earlier stay on Discord's side: the bot keeps working with them.
      this.#logger.error(
        { err: error, code: codeOf(error), guildId },
        guildId
          ? 'Discord: could not register the commands in DISCORD_GUILD_ID; is the bot in that server, invited with the applications.commands scope?'
          : 'Discord: could not register the global commands',
      );
    }
  }

  #started(): Client {
    if (!this.#client) throw new Error('Discord: the platform is not started');
    return this.#client;
  }

  #rest() {
    return this.#started().rest;
  }
}

/** The Discord platform, ready for `assembleCore({ platforms: [...] })` and `start(dispatcher)`. */
export function createDiscordPlatform(options: DiscordPlatformOptions): DiscordPlatform {
  return new DiscordPlatform(options);
}
