// In-memory workspace behind the fake Web API: users, channels, DMs, messages, views and files.
// Only what Inverso's Slack adapter reads back is modelled; everything lives for one test.

/** A workspace member the fake knows about (users.info, DMs). */
export interface FakeUserInput {
  id: string;
  name?: string;
  realName?: string;
  displayName?: string;
  /** Returned by users.info only when `include_locale=true`, like Slack. */
  locale?: string;
  tz?: string;
  /**
   * The user cannot get DMs from the app: chat.postMessage to their DM fails with
   * `messages_tab_disabled` (a documented chat.postMessage error), or with the error code given here.
   */
  dmClosed?: boolean | string;
  /** Deactivated account: conversations.open answers `user_disabled`. */
  deleted?: boolean;
  isBot?: boolean;
}

/** A channel the fake knows about; posting elsewhere answers `channel_not_found`. */
export interface FakeChannelInput {
  id: string;
  name?: string;
  isPrivate?: boolean;
  /** Defaults to true; false makes chat.postMessage answer `not_in_channel`. */
  botIsMember?: boolean;
  archived?: boolean;
}

/** A user as stored, with defaults filled in; `dmError` is the error a DM to them gets, if any. */
export interface FakeUser {
  id: string;
  name: string;
  realName: string;
  displayName: string;
  locale: string;
  tz: string;
  dmError: string | undefined;
  deleted: boolean;
  isBot: boolean;
}

/** A channel as stored; DMs carry the user they are with. */
export interface FakeChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  botIsMember: boolean;
  archived: boolean;
  isIm: boolean;
  imUser?: string;
  created: number;
}

/** A message posted (or updated) by the app. Ephemeral ones record who saw them. */
export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown;
  attachments?: unknown;
  threadTs?: string;
  ephemeralFor?: string;
  edited?: boolean;
  /** chat.postMessage's `metadata` ({ event_type, event_payload }), as stored by Slack. */
  metadata?: unknown;
}

/** A modal or App Home view opened/updated/published by the app. */
export interface FakeView {
  id: string;
  type: string;
  callbackId: string;
  privateMetadata: string;
  externalId: string;
  hash: string;
  /** For App Home views, the user it was published to. */
  userId?: string;
  triggerId?: string;
  rootViewId: string;
  definition: Record<string, unknown>;
}

/** A file going through the files.uploadV2 flow. */
export interface FakeFile {
  id: string;
  filename: string;
  length: number;
  title?: string;
  altText?: string;
  data?: Buffer;
  completed: boolean;
  channelId?: string;
  initialComment?: string;
  threadTs?: string;
}

/** Identity of the fake workspace and its bot. */
export interface WorkspaceIdentity {
  teamId: string;
  teamName: string;
  teamDomain: string;
  appId: string;
  botId: string;
  botUserId: string;
  botName: string;
}

/** The identity used unless startFakeSlack is given another; payload builders default to it too. */
export const defaultIdentity: WorkspaceIdentity = {
  teamId: 'T0FAKE0001',
  teamName: 'Inverso Test',
  teamDomain: 'inverso-test',
  appId: 'A0FAKE0001',
  botId: 'B0FAKE0001',
  botUserId: 'U0FAKEBOT1',
  botName: 'inverso',
};

export class SlackState {
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  readonly messages: FakeMessage[] = [];
  readonly views = new Map<string, FakeView>();
  /** Published App Home view per user. */
  readonly homes = new Map<string, FakeView>();
  readonly files = new Map<string, FakeFile>();
  /** trigger_ids already exchanged for a view: Slack lets each open only one. */
  readonly usedTriggers = new Set<string>();
  private counter = 0;

  constructor(readonly identity: WorkspaceIdentity) {
    this.addUser({ id: identity.botUserId, name: identity.botName, isBot: true });
  }

  /** Slack-looking id: prefix + 10 upper-case characters, unique within the fake. */
  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}FK${this.counter.toString(36).toUpperCase().padStart(8, '0')}`;
  }

  /** Unique, increasing message timestamp shaped like '1700000001.000100'. */
  nextTs(): string {
    this.counter += 1;
    return `${1_700_000_000 + this.counter}.000100`;
  }

  addUser(input: FakeUserInput): FakeUser {
    const name = input.name ?? input.id.toLowerCase();
    const user: FakeUser = {
      id: input.id,
      name,
      realName: input.realName ?? name,
      displayName: input.displayName ?? name,
      locale: input.locale ?? 'en-US',
      tz: input.tz ?? 'Europe/Paris',
      dmError: input.dmClosed === true ? 'messages_tab_disabled' : input.dmClosed || undefined,
      deleted: input.deleted ?? false,
      isBot: input.isBot ?? false,
    };
    this.users.set(user.id, user);
    return user;
  }

  addChannel(input: FakeChannelInput): FakeChannel {
    const channel: FakeChannel = {
      id: input.id,
      name: input.name ?? input.id.toLowerCase(),
      isPrivate: input.isPrivate ?? false,
      botIsMember: input.botIsMember ?? true,
      archived: input.archived ?? false,
      isIm: false,
      created: 1_690_000_000,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The DM channel between the bot and a user, created on first use (conversations.open). */
  dmWith(userId: string): FakeChannel {
    for (const channel of this.channels.values()) if (channel.imUser === userId) return channel;
    const channel: FakeChannel = {
      id: this.nextId('D'),
      name: userId,
      isPrivate: true,
      botIsMember: true,
      archived: false,
      isIm: true,
      imUser: userId,
      created: 1_690_000_000,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /**
   * Resolves the `channel` argument of chat.* methods. Slack accepts a user id there and posts to the
   * app's DM with that user, so the fake does too.
   */
  resolveChannel(idOrUser: string): FakeChannel | undefined {
    const channel = this.channels.get(idOrUser);
    if (channel) return channel;
    if (/^[UW]/.test(idOrUser) && this.users.has(idOrUser)) return this.dmWith(idOrUser);
    return undefined;
  }

  findMessage(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts && m.ephemeralFor === undefined);
  }
}
