// A chat platform that only records: the outside world for service tests, behind the same port
// as Discord, Slack and the sandbox.
import type { Card } from '../../src/core/card.ts';
import type { Dispatcher } from '../../src/core/dispatcher.ts';
import type { MessageRef, PlatformId } from '../../src/core/events.ts';
import type {
  ChannelAddress,
  ChatPlatform,
  DirectResult,
  PostOptions,
  SessionEvent,
  UserAddress,
} from '../../src/core/platform.ts';

/** A message as the recording platform saw it, with its latest version. */
export interface Recorded {
  ref: MessageRef;
  card: Card;
  versions: Card[];
  thread?: string;
  key?: string;
}

export class RecordingPlatform implements ChatPlatform {
  readonly id: PlatformId;
  readonly channel: Recorded[] = [];
  readonly direct = new Map<string, Card[]>();
  readonly events = new Map<string, SessionEvent>();
  readonly closedDms = new Set<string>();
  updates = 0;
  dispatcher: Dispatcher | null = null;
  #next = 1;

  constructor(id: PlatformId = 'sandbox') {
    this.id = id;
  }

  async start(dispatcher: Dispatcher): Promise<void> {
    this.dispatcher = dispatcher;
  }

  async stop(): Promise<void> {}

  async post(to: ChannelAddress, card: Card, options?: PostOptions): Promise<MessageRef> {
    const again = options?.idempotencyKey && this.channel.find((m) => m.key === options.idempotencyKey);
    if (again) return again.ref;
    const ref: MessageRef = { platform: this.id, channelId: to.channelId, messageId: `m${this.#next++}` };
    this.channel.push({
      ref,
      card,
      versions: [card],
      ...(options?.thread ? { thread: options.thread.messageId } : {}),
      ...(options?.idempotencyKey ? { key: options.idempotencyKey } : {}),
    });
    return ref;
  }

  async update(ref: MessageRef, card: Card): Promise<void> {
    const message = this.channel.find((m) => m.ref.messageId === ref.messageId);
    if (!message) throw new Error(`unknown message ${ref.messageId}`);
    message.card = card;
    message.versions.push(card);
    this.updates++;
  }

  async sendDirect(to: UserAddress, card: Card): Promise<DirectResult> {
    if (this.closedDms.has(to.platformUserId)) return { status: 'closed' };
    const list = this.direct.get(to.platformUserId) ?? [];
    list.push(card);
    this.direct.set(to.platformUserId, list);
    return {
      status: 'sent',
      ref: { platform: this.id, channelId: `dm-${to.platformUserId}`, messageId: `d${this.#next++}` },
    };
  }

  async openThread(on: MessageRef, name: string): Promise<MessageRef> {
    return { ...on, messageId: `thread-${on.messageId}`, extra: { name } };
  }

  async upsertEvent(_where: ChannelAddress, event: SessionEvent): Promise<string> {
    const ref = event.ref ?? `e${this.#next++}`;
    this.events.set(ref, event);
    return ref;
  }

  async cancelEvent(_where: ChannelAddress, ref: string): Promise<void> {
    this.events.delete(ref);
  }

  /** Channel messages whose title contains the text. */
  find(text: string): Recorded[] {
    return this.channel.filter(
      (m) => (m.card.title ?? '').includes(text) || (m.card.text ?? '').includes(text),
    );
  }
}
