// The port every chat platform implements (hubot's adapter, vercel/chat's Adapter): the smallest
// set of outbound calls the services need, plus start/stop. Inbound traffic goes to the Dispatcher.
import type { Card } from './card.ts';
import type { Dispatcher } from './dispatcher.ts';
import type { MessageRef, PlatformId } from './events.ts';

/** Where to post: a channel of a workspace. */
export interface ChannelAddress {
  workspaceId: string;
  channelId: string;
}

/** Whom to write to privately. */
export interface UserAddress {
  workspaceId: string;
  platformUserId: string;
}

/** Outcome of a private message: `closed` when the user does not accept them (never retry). */
export type DirectResult = { status: 'sent'; ref: MessageRef } | { status: 'closed' };

/** Options of a post. A post that may be retried carries a key so a retry never shows twice. */
export interface PostOptions {
  idempotencyKey?: string;
  /** Post inside this thread (a ref returned by openThread) instead of the channel itself. */
  thread?: MessageRef;
  /**
   * An earlier attempt under the same key may have posted already (its process died, or the
   * platform's answer was lost): look for that message before posting again.
   */
  resume?: boolean;
}

/** A class session as a platform calendar event (Discord scheduled events). */
export interface SessionEvent {
  name: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  /** Set when updating an event made earlier. */
  ref?: string;
}

/** What a platform can do. Optional capabilities are absent where the platform has no such thing. */
export interface ChatPlatform {
  readonly id: PlatformId;
  /** Connects and starts delivering events to the dispatcher. Throws a clear error on bad credentials. */
  start(dispatcher: Dispatcher): Promise<void>;
  stop(): Promise<void>;
  /** Whether the connection is up now; absent means "up once started" (/readyz asks). */
  connected?(): boolean;
  post(to: ChannelAddress, card: Card, options?: PostOptions): Promise<MessageRef>;
  update(ref: MessageRef, card: Card): Promise<void>;
  sendDirect(to: UserAddress, card: Card, options?: PostOptions): Promise<DirectResult>;
  /** A discussion thread under a message; returns its ref. */
  openThread?(on: MessageRef, name: string): Promise<MessageRef>;
  /** Creates or updates a calendar event; returns its id. */
  upsertEvent?(where: ChannelAddress, event: SessionEvent): Promise<string>;
  cancelEvent?(where: ChannelAddress, ref: string): Promise<void>;
}

/** Looks up the platform a class lives on. `has` is true only once the platform has started. */
export interface PlatformRegistry {
  get(id: PlatformId): ChatPlatform;
  has(id: PlatformId): boolean;
  /** Records whether a platform is up (a platform whose start failed keeps its classes waiting). */
  setStarted(id: PlatformId, started: boolean): void;
}

export function platformRegistry(platforms: ChatPlatform[], startedAtOnce = true): PlatformRegistry {
  const byId = new Map(platforms.map((p) => [p.id, p]));
  const started = new Set(startedAtOnce ? byId.keys() : []);
  return {
    get(id) {
      const platform = byId.get(id);
      if (!platform) throw new Error(`platform ${id} is not running`);
      return platform;
    },
    has: (id) => byId.has(id) && started.has(id),
    setStarted(id, up) {
      if (up) started.add(id);
      else started.delete(id);
    },
  };
}
