// Which class channel a thread belongs to. Discord sends the thread's parent with each interaction
// (in the raw payload, which discord.js does not keep), and the bot learns it when it opens a
// thread; remembering the last few thousand lets a click inside a capsule's discussion thread reach
// the class of its parent channel, even after the thread left discord.js's cache.

/** A bounded map from thread id to parent channel id. */
export class ThreadParents {
  readonly #parents = new Map<string, string>();
  readonly #max: number;

  constructor(max = 5000) {
    this.#max = max;
  }

  remember(threadId: string, parentId: string): void {
    this.#parents.delete(threadId);
    this.#parents.set(threadId, parentId);
    if (this.#parents.size > this.#max) {
      const oldest = this.#parents.keys().next().value;
      if (oldest !== undefined) this.#parents.delete(oldest);
    }
  }

  parentOf(channelId: string): string | null {
    return this.#parents.get(channelId) ?? null;
  }

  /** Reads a raw INTERACTION_CREATE payload: thread channels (types 10, 11, 12) carry `parent_id`. */
  observe(packet: { t?: string | null; d?: unknown }): void {
    if (packet.t !== 'INTERACTION_CREATE') return;
    const channel = (packet.d as { channel?: { id?: string; type?: number; parent_id?: string | null } })
      ?.channel;
    if (channel?.id && channel.parent_id && [10, 11, 12].includes(channel.type ?? -1)) {
      this.remember(channel.id, channel.parent_id);
    }
  }
}
