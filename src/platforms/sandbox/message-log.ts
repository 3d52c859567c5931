// The sandbox's memory: what was posted in its channels and what each member received privately.
// It lives in the process, bounded so a long demo stays light; history.ts keeps a copy in the
// database so a restart brings it back.
import type { Card } from '../../core/card.ts';
import type { MessageRef } from '../../core/events.ts';
import { type CardView, cardToView } from './render.ts';

/** Who may read a channel. A teachers' channel holds what students must not see (the brief). */
export type Audience = 'everyone' | 'teachers';

/** What kind of entry: a channel post, a reply only one member sees, a private message, or the echo of what a member typed. */
export type MessageKind = 'channel' | 'ephemeral' | 'direct' | 'command';

/** One entry of the log. `to` is set for entries only one member sees. */
export interface SandboxMessage {
  id: string;
  kind: MessageKind;
  channelId: string;
  to?: string;
  card?: Card;
  /** For `command` entries: the line the member typed. */
  command?: string;
  at: Date;
  updatedAt?: Date;
}

/** An entry as the page receives it. */
export interface MessageView {
  id: string;
  kind: MessageKind;
  channelId: string;
  at: string;
  updatedAt?: string;
  card?: CardView;
  command?: string;
}

export function messageView(message: SandboxMessage): MessageView {
  const view: MessageView = {
    id: message.id,
    kind: message.kind,
    channelId: message.channelId,
    at: message.at.toISOString(),
  };
  if (message.updatedAt) view.updatedAt = message.updatedAt.toISOString();
  if (message.card) view.card = cardToView(message.card);
  if (message.command !== undefined) view.command = message.command;
  return view;
}

/** The ref the core stores for a sandbox message. */
export function refOf(message: SandboxMessage): MessageRef {
  return { platform: 'sandbox', channelId: message.channelId, messageId: message.id };
}

/** Channel posts and private entries, with the rule of who sees what in one place. */
export class MessageLog {
  readonly #limit: number;
  readonly #channel: SandboxMessage[] = [];
  readonly #private = new Map<string, SandboxMessage[]>();
  readonly #byId = new Map<string, SandboxMessage>();
  readonly #byKey = new Map<string, string>();
  #next = 0;

  constructor(limit = 500) {
    this.#limit = limit;
  }

  /** A new id; ids only grow, so the page can order by them. */
  nextId(): string {
    this.#next += 1;
    return `m${this.#next}`;
  }

  /** Puts back messages kept from before a restart (oldest first); new ids continue after theirs. */
  restore(messages: { message: SandboxMessage; key?: string }[]): void {
    for (const { message, key } of messages) {
      this.add(message, key);
      this.#next = Math.max(this.#next, Number(message.id.slice(1)) || 0);
    }
  }

  add(message: SandboxMessage, idempotencyKey?: string): SandboxMessage {
    const list = message.to ? this.#listOf(message.to) : this.#channel;
    list.push(message);
    this.#byId.set(message.id, message);
    if (idempotencyKey) this.#byKey.set(idempotencyKey, message.id);
    while (list.length > this.#limit) {
      const dropped = list.shift() as SandboxMessage;
      this.#byId.delete(dropped.id);
    }
    return message;
  }

  /** The message a retried post already made, if it is still in memory. */
  byKey(idempotencyKey: string): SandboxMessage | undefined {
    const id = this.#byKey.get(idempotencyKey);
    return id ? this.#byId.get(id) : undefined;
  }

  get(id: string): SandboxMessage | undefined {
    return this.#byId.get(id);
  }

  /** Replaces a message's card; returns the updated message, or undefined when it is gone. */
  replace(id: string, card: Card, at: Date): SandboxMessage | undefined {
    const message = this.#byId.get(id);
    if (!message) return undefined;
    message.card = card;
    message.updatedAt = at;
    return message;
  }

  /** Channel posts, oldest first, in the channels a reader may see. */
  channel(canRead: (channelId: string) => boolean): SandboxMessage[] {
    return this.#channel.filter((m) => canRead(m.channelId));
  }

  /** What only this member sees, oldest first. */
  privateOf(memberId: string): SandboxMessage[] {
    return [...(this.#private.get(memberId) ?? [])];
  }

  #listOf(memberId: string): SandboxMessage[] {
    let list = this.#private.get(memberId);
    if (!list) {
      list = [];
      this.#private.set(memberId, list);
    }
    return list;
  }
}
