// The sandbox as a ChatPlatform: the same port Discord and Slack implement, backed by an in-memory
// log that the web page reads. Who sees what is decided here: channel posts go to everyone who may
// read the channel, private replies and direct messages only to their member.
import type { Card } from '../../core/card.ts';
import type { Clock } from '../../core/clock.ts';
import type { CommandShape, FormShape } from '../../core/commands.ts';
import type { Delivery, Suggestion, Translator } from '../../core/dispatcher.ts';
import type { InboundEvent, MessageRef, Place } from '../../core/events.ts';
import type { FormResult } from '../../core/form-check.ts';
import { type Logger, silentLogger } from '../../core/logger.ts';
import type {
  ChannelAddress,
  ChatPlatform,
  DirectResult,
  PostOptions,
  UserAddress,
} from '../../core/platform.ts';
import type { FormView } from './forms.ts';
import type { SandboxHistory } from './history.ts';
import {
  type Audience,
  type MessageKind,
  MessageLog,
  type MessageView,
  messageView,
  refOf,
  type SandboxMessage,
} from './message-log.ts';

/**
 * What the sandbox needs of the dispatcher. Any `Dispatcher<S>` fits whatever its services, which
 * the class type itself does not allow (its handlers make it invariant in S).
 */
export interface SandboxDispatcher {
  readonly catalogue: { commands: readonly CommandShape[]; forms: readonly FormShape[] };
  readonly i18n: Translator;
  handle(event: InboundEvent, delivery: Delivery): Promise<void>;
  submit(event: Extract<InboundEvent, { type: 'form' }>, delivery: Delivery): Promise<FormResult>;
  autocomplete(
    event: Extract<InboundEvent, { type: 'autocomplete' }>,
    delivery: Omit<Delivery, 'reply'>,
  ): Promise<Suggestion[]>;
  form(id: string): FormShape | undefined;
}

/** A demo person the page lets you act as. `role` is what the page shows; the class decides rights. */
export interface SandboxMember {
  id: string;
  name: string;
  role: 'teacher' | 'student';
  locale: string;
}

/** Times the clock bar can jump to; absent when there is nothing ahead of that kind. */
export interface JumpTargets {
  publish?: Date;
  reminder?: Date;
  session?: Date;
}

/** A channel besides the class channel, such as a teachers' channel for the pre-class brief. */
export interface SandboxChannel {
  id: string;
  name: string;
  audience: Audience;
}

/** What the sandbox is built from (main.ts passes the demo class and members). */
export interface SandboxOptions {
  workspaceId: string;
  /** The class channel every member sees. */
  channelId: string;
  channelName?: string;
  /** Other channels. Posts to channels not listed are shown to teachers only, to be safe. */
  channels?: SandboxChannel[];
  members: SandboxMember[];
  /** The clock the bot runs on; the page shows its time. */
  clock: Clock;
  /** Zone the page shows times in when the class does not say. */
  timeZone?: string;
  /** The class of the channel, for the page's header. */
  classInfo?: () => Promise<{ name: string; timeZone?: string } | null>;
  /** Next publish, reminder and session times. With `moveClock`, enables the clock bar. */
  jumpTargets?: () => Promise<JumpTargets>;
  /** Moves the bot's clock and runs the jobs that fell due. Absent when real platforms run. */
  moveClock?: (to: Date) => Promise<void>;
  logger?: Logger;
  /** Entries kept per channel log and per member. */
  historyLimit?: number;
  /** Where the log is kept across restarts (the database); without it, a restart starts empty. */
  history?: SandboxHistory;
}

/** The sandbox clock as the page shows it. */
export interface ClockView {
  now: string;
  timeZone: string;
  canMove: boolean;
}

/** A live update for one member's page. */
export type SandboxEvent =
  | { type: 'message'; message: MessageView }
  | { type: 'update'; message: MessageView }
  | { type: 'form'; form: FormView }
  | { type: 'clock'; clock: ClockView };

/** An open page of one member. */
export interface Subscriber {
  memberId: string;
  send(event: SandboxEvent): void;
  close(): void;
}

export class SandboxPlatform implements ChatPlatform {
  readonly #closedDms = new Set<string>();
  readonly id = 'sandbox' as const;
  readonly options: SandboxOptions;
  readonly log: MessageLog;
  readonly #logger: Logger;
  readonly #subscribers = new Set<Subscriber>();
  readonly #channels: Map<string, SandboxChannel>;
  #dispatcher: SandboxDispatcher | null = null;
  #restored = false;

  constructor(options: SandboxOptions) {
    if (options.members.length === 0) throw new Error('the sandbox needs at least one member');
    this.options = options;
    this.log = new MessageLog(options.historyLimit);
    this.#logger = (options.logger ?? silentLogger).child({ platform: 'sandbox' });
    const main: SandboxChannel = {
      id: options.channelId,
      name: options.channelName ?? options.channelId,
      audience: 'everyone',
    };
    this.#channels = new Map([main, ...(options.channels ?? [])].map((c) => [c.id, c]));
  }

  async start(dispatcher: SandboxDispatcher): Promise<void> {
    // Before the first event: the class's messages (and their buttons) come back after a restart.
    if (this.options.history && !this.#restored) {
      this.#restored = true;
      const limit = (this.options.historyLimit ?? 500) * (this.options.members.length + 2);
      this.log.restore(await this.options.history.load(limit));
    }
    this.#dispatcher = dispatcher;
    this.#logger.info({ members: this.options.members.length }, 'sandbox ready');
  }

  async stop(): Promise<void> {
    for (const subscriber of this.#subscribers) subscriber.close();
    this.#subscribers.clear();
    this.#dispatcher = null;
    await this.options.history?.flush();
  }

  /** The dispatcher once started; routes answer 503 before that. */
  get dispatcher(): SandboxDispatcher | null {
    return this.#dispatcher;
  }

  /** Where the members act: the class channel. */
  get place(): Place {
    return { platform: 'sandbox', workspaceId: this.options.workspaceId, channelId: this.options.channelId };
  }

  member(id: string): SandboxMember | undefined {
    return this.options.members.find((m) => m.id === id);
  }

  channelName(id: string): string {
    return this.#channels.get(id)?.name ?? id;
  }

  async post(to: ChannelAddress, card: Card, options: PostOptions = {}): Promise<MessageRef> {
    this.#checkWorkspace(to.workspaceId);
    const earlier = options.idempotencyKey ? this.log.byKey(options.idempotencyKey) : undefined;
    if (earlier) return refOf(earlier);
    const message = this.#add({ kind: 'channel', channelId: to.channelId, card }, options.idempotencyKey);
    // The core stores this ref: the message must be kept before it can be named.
    await this.options.history?.flush();
    return refOf(message);
  }

  async update(ref: MessageRef, card: Card): Promise<void> {
    const message = this.log.replace(ref.messageId, card, this.options.clock.now());
    if (!message) {
      // Messages past the log's limit (or from before a restart without history) are gone: no error.
      this.#logger.debug({ messageId: ref.messageId }, 'update of a message the sandbox no longer holds');
      return;
    }
    this.options.history?.replace(message);
    this.#broadcast(message, 'update');
  }

  /** Plays a member who does not accept direct messages (as Discord and Slack users can). */
  setDirectMessagesOpen(memberId: string, open: boolean): void {
    if (open) this.#closedDms.delete(memberId);
    else this.#closedDms.add(memberId);
  }

  async sendDirect(to: UserAddress, card: Card, options: PostOptions = {}): Promise<DirectResult> {
    if (
      to.workspaceId !== this.options.workspaceId ||
      !this.member(to.platformUserId) ||
      this.#closedDms.has(to.platformUserId)
    )
      return { status: 'closed' };
    const earlier = options.idempotencyKey ? this.log.byKey(options.idempotencyKey) : undefined;
    if (earlier) return { status: 'sent', ref: refOf(earlier) };
    const message = this.#add(
      { kind: 'direct', channelId: `dm-${to.platformUserId}`, to: to.platformUserId, card },
      options.idempotencyKey,
    );
    return { status: 'sent', ref: refOf(message) };
  }

  /** Adds an entry only this member sees (a private reply, or the echo of a typed command). */
  addPrivate(
    memberId: string,
    entry: { kind: Extract<MessageKind, 'ephemeral' | 'command'>; card?: Card; command?: string },
  ): SandboxMessage {
    return this.#add({ ...entry, channelId: this.options.channelId, to: memberId });
  }

  /** Replaces a message's card, if the member can see it. */
  updateFor(memberId: string, messageId: string, card: Card): boolean {
    const message = this.log.get(messageId);
    if (!message || !this.canSee(memberId, message)) return false;
    this.log.replace(messageId, card, this.options.clock.now());
    this.options.history?.replace(message);
    this.#broadcast(message, 'update');
    return true;
  }

  /** Sends a form to a member's open pages. */
  openForm(memberId: string, form: FormView): void {
    for (const s of this.#subscribers) if (s.memberId === memberId) s.send({ type: 'form', form });
  }

  /** Tells every page the clock moved. */
  clockMoved(clock: ClockView): void {
    for (const s of this.#subscribers) s.send({ type: 'clock', clock });
  }

  /** The one rule of visibility: private entries to their member, channels by audience. */
  canSee(memberId: string, message: SandboxMessage): boolean {
    if (message.to !== undefined) return message.to === memberId;
    return this.canRead(memberId, message.channelId);
  }

  canRead(memberId: string, channelId: string): boolean {
    const member = this.member(memberId);
    if (!member) return false;
    const audience = this.#channels.get(channelId)?.audience ?? 'teachers';
    return audience === 'everyone' || member.role === 'teacher';
  }

  /** Everything a member may see, oldest first. */
  visibleTo(memberId: string): { channel: MessageView[]; private: MessageView[] } {
    return {
      channel: this.log.channel((id) => this.canRead(memberId, id)).map(messageView),
      private: this.log.privateOf(memberId).map(messageView),
    };
  }

  /** Registers an open page; returns how to unregister it. */
  subscribe(subscriber: Subscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  async clock(): Promise<ClockView> {
    const info = await this.options.classInfo?.().catch(() => null);
    return {
      now: this.options.clock.now().toISOString(),
      timeZone: info?.timeZone ?? this.options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      canMove: this.options.moveClock !== undefined,
    };
  }

  #add(entry: Omit<SandboxMessage, 'id' | 'at'>, idempotencyKey?: string): SandboxMessage {
    const message = this.log.add(
      { ...entry, id: this.log.nextId(), at: this.options.clock.now() },
      idempotencyKey,
    );
    this.options.history?.add(message, idempotencyKey);
    this.#broadcast(message, 'message');
    return message;
  }

  #broadcast(message: SandboxMessage, type: 'message' | 'update'): void {
    const view = messageView(message);
    for (const s of this.#subscribers) {
      if (this.canSee(s.memberId, message)) s.send({ type, message: view });
    }
  }

  #checkWorkspace(workspaceId: string): void {
    if (workspaceId !== this.options.workspaceId) {
      throw new Error(`the sandbox has no workspace "${workspaceId}"`);
    }
  }
}
