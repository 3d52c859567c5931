import type { ApiObject, FakeDiscordOptions, FakeGuild, FakeMessage, FakeUser } from './types.ts';
import { isoNow, newSnowflake } from './util.ts';

/** Permissions of a plain member: view channel, send messages, embed links, attach files, read history, use commands. */
export const DEFAULT_MEMBER_PERMISSIONS = (
  (1n << 10n) |
  (1n << 11n) |
  (1n << 14n) |
  (1n << 15n) |
  (1n << 16n) |
  (1n << 31n)
).toString();

/** Permissions the bot reports in `app_permissions`: administrator, so permission checks on the bot pass. */
export const DEFAULT_APP_PERMISSIONS = (1n << 3n).toString();

/** A guild after defaults were applied. */
export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  channelIds: string[];
  joinedAt: string;
  /** The bot's managed role, carrying the permissions it was invited with. */
  botRoleId: string;
  botPermissions: string;
}

/** What the fake remembers about one interaction it dispatched, to validate and answer callbacks. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  channelId: string;
  guildId: string | null;
  /** The message a component or modal interaction came from. */
  messageId: string | null;
  /** Callback type of the first response, null while unanswered. */
  responseType: number | null;
  /** The message `@original` refers to, once known. */
  originalMessageId: string | null;
  /** Follow-up messages, which the interaction webhook may edit or delete too. */
  followupIds: string[];
  /** Http mode: the bot's answer on its way back; webhook calls wait for it, as Discord has it first. */
  httpAnswer?: Promise<unknown>;
  /** The invoking user, as an API user object (for `interaction_metadata`). */
  user: ApiObject;
  /** Command name for application command interactions. */
  commandName: string | null;
}

/**
 * In-memory world of the fake: identity of the bot, users, guilds, channels, messages and everything the
 * REST routes create. Route handlers mutate it; tests may read it directly.
 */
export class FakeState {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  readonly heartbeatIntervalMs: number;
  /** `ws://127.0.0.1:PORT`, known once the server listens. */
  gatewayUrl = '';
  readonly users = new Map<string, FakeUser>();
  readonly guilds = new Map<string, GuildRecord>();
  /** API channel objects by id: guild channels, threads and DM channels. */
  readonly channels = new Map<string, ApiObject>();
  /** DM channel id by recipient user id, and the reverse. */
  readonly dmChannelByUser = new Map<string, string>();
  readonly dmRecipientByChannel = new Map<string, string>();
  readonly messages = new Map<string, FakeMessage>();
  /** `nonce` -> message id and creation time, for `enforce_nonce` de-duplication. */
  readonly nonces = new Map<string, { messageId: string; at: number }>();
  readonly globalCommands: ApiObject[] = [];
  readonly guildCommands = new Map<string, ApiObject[]>();
  readonly scheduledEvents = new Map<string, ApiObject>();
  readonly interactions = new Map<string, InteractionRecord>();

  constructor(options: FakeDiscordOptions = {}) {
    this.token = options.token ?? 'fake-bot-token.discord.test';
    this.applicationId = options.applicationId ?? '900000000000000001';
    this.botUser = {
      id: options.botUserId ?? this.applicationId,
      username: options.botUsername ?? 'inverso-bot',
      bot: true,
    };
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.users.set(this.botUser.id, this.botUser);
    for (const user of options.users ?? []) this.addUser(user);
    const guilds = options.guilds ?? [
      {
        id: '100000000000000001',
        name: 'Inverso Test Guild',
        channels: [{ id: '100000000000000002', name: 'general' }],
      },
    ];
    for (const guild of guilds) this.addGuild(guild);
  }

  /** Registers (or replaces) a user. Users are members of every guild. */
  addUser(user: FakeUser): FakeUser {
    this.users.set(user.id, { ...user });
    return user;
  }

  /** The user with this id; unknown ids get an auto-created user so interaction helpers accept bare ids. */
  ensureUser(idOrUser: string | FakeUser): FakeUser {
    if (typeof idOrUser !== 'string') return this.users.get(idOrUser.id) ?? this.addUser(idOrUser);
    return this.users.get(idOrUser) ?? this.addUser({ id: idOrUser, username: `user${idOrUser.slice(-4)}` });
  }

  addGuild(guild: FakeGuild): GuildRecord {
    const channels = guild.channels ?? [{ id: newSnowflake(), name: 'general' }];
    const record: GuildRecord = {
      id: guild.id,
      name: guild.name ?? `Guild ${guild.id}`,
      ownerId: guild.ownerId ?? '100000000000000099',
      preferredLocale: guild.preferredLocale ?? 'en-US',
      channelIds: channels.map((c) => c.id),
      joinedAt: isoNow(),
      botRoleId: newSnowflake(),
      botPermissions: String(guild.botPermissions ?? DEFAULT_APP_PERMISSIONS),
    };
    channels.forEach((channel, position) => {
      this.channels.set(channel.id, {
        id: channel.id,
        type: channel.type ?? 0,
        guild_id: guild.id,
        name: channel.name,
        position,
        permission_overwrites: [],
        parent_id: channel.parentId ?? null,
        topic: null,
        nsfw: false,
        last_message_id: null,
        rate_limit_per_user: 0,
        flags: 0,
      });
    });
    this.guilds.set(record.id, record);
    return record;
  }

  /** The first guild, used as default by interaction helpers. */
  defaultGuild(): GuildRecord {
    const first = this.guilds.values().next();
    if (first.done) throw new Error('The fake has no guild');
    return first.value;
  }

  /** The first text channel (type 0) of a guild. */
  defaultChannelId(guildId: string): string {
    const ids = this.guilds.get(guildId)?.channelIds ?? [];
    const text = ids.find((id) => this.channels.get(id)?.type === 0) ?? ids[0];
    if (!text) throw new Error(`Guild ${guildId} has no channel`);
    return text;
  }

  apiUser(user: FakeUser): ApiObject {
    return {
      id: user.id,
      username: user.username,
      global_name: user.globalName ?? null,
      discriminator: '0',
      avatar: null,
      bot: user.bot ?? false,
      system: false,
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
    };
  }

  /** A guild member object; interaction members also carry `permissions`. */
  apiMember(user: FakeUser, extra: ApiObject = {}): ApiObject {
    return {
      user: this.apiUser(user),
      nick: null,
      avatar: null,
      banner: null,
      roles: [],
      joined_at: '2024-09-01T08:00:00.000000+00:00',
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
      ...extra,
    };
  }

  /** The full guild object of GUILD_CREATE / `GET /guilds/{id}`. */
  apiGuild(guild: GuildRecord, withState = true): ApiObject {
    const everyone = {
      id: guild.id,
      name: '@everyone',
      color: 0,
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: 0,
      permissions: DEFAULT_MEMBER_PERMISSIONS,
      managed: false,
      mentionable: false,
      flags: 0,
    };
    const botRole = {
      ...everyone,
      id: guild.botRoleId,
      name: this.botUser.username,
      position: 1,
      permissions: guild.botPermissions,
      managed: true,
      tags: { bot_id: this.botUser.id },
    };
    const base: ApiObject = {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      system_channel_id: guild.channelIds[0] ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      preferred_locale: guild.preferredLocale,
      features: [],
      roles: [everyone, botRole],
      emojis: [],
      stickers: [],
      max_members: 500_000,
      max_video_channel_users: 25,
      application_id: null,
    };
    if (!withState) return base;
    return {
      ...base,
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      member_count: this.users.size,
      channels: guild.channelIds.map((id) => this.channels.get(id)),
      threads: [],
      members: [this.apiMember(this.botUser, { joined_at: guild.joinedAt, roles: [guild.botRoleId] })],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /** The DM channel with a user, created on first use with a stable id. */
  dmChannel(user: FakeUser): ApiObject {
    let id = this.dmChannelByUser.get(user.id);
    if (!id) {
      id = newSnowflake();
      this.dmChannelByUser.set(user.id, id);
      this.dmRecipientByChannel.set(id, user.id);
      this.channels.set(id, {
        id,
        type: 1,
        last_message_id: null,
        flags: 0,
        recipients: [this.apiUser(user)],
      });
    }
    return this.channels.get(id) ?? {};
  }

  /** Messages of one channel in creation order, or all messages. */
  messagesIn(channelId?: string): FakeMessage[] {
    const all = [...this.messages.values()];
    return channelId ? all.filter((m) => m.channel_id === channelId) : all;
  }

  /** The guild a channel (or thread) belongs to, if any. */
  guildIdOf(channelId: string): string | null {
    const guildId = this.channels.get(channelId)?.guild_id;
    return typeof guildId === 'string' ? guildId : null;
  }
}
