// A typed in-process publish/subscribe channel. Services announce what happened; wiring.ts decides
// who reacts, so no service holds a hook that another one sets on it.

/** Handles one event; the emitter waits for it. */
export type EventHandler<Payload> = (payload: Payload) => Promise<unknown>;

/**
 * Events by name, each with its payload type. Handlers run one after another in the order they
 * subscribed and are awaited, so an event's consequences are done (or have thrown to the emitter)
 * when `emit` returns: the same guarantees a direct call gives.
 */
export class EventBus<Events extends object> {
  readonly #handlers = new Map<keyof Events, EventHandler<never>[]>();

  on<K extends keyof Events>(name: K, handler: EventHandler<Events[K]>): void {
    const list = this.#handlers.get(name) ?? [];
    list.push(handler as EventHandler<never>);
    this.#handlers.set(name, list);
  }

  async emit<K extends keyof Events>(name: K, payload: Events[K]): Promise<void> {
    for (const handler of this.#handlers.get(name) ?? []) {
      await (handler as EventHandler<Events[K]>)(payload);
    }
  }
}
