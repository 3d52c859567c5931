// DISCORD_MODE=http: no gateway connection. The client is given its token, its user and its
// application through REST (what READY gives in gateway mode), and each verified interaction is
// handed to discord.js's own INTERACTION_CREATE action, so the same InteractionRouter maps it to
// the core's events as in gateway mode. Only the first answer differs (see http-answer.ts).
import { type Client, ClientApplication, ClientUser, type REST, Routes } from 'discord.js';
import { DiscordStartError, explainLoginFailure } from './gateway.ts';
import { FirstAnswer, type InteractionResponse } from './http-answer.ts';

/** An interaction as Discord posts it. */
export interface RawInteraction {
  id: string;
  type: number;
  [key: string]: unknown;
}

/** What the HTTP route waits for: the response to send, then tells when it is out. */
export interface PendingAnswer {
  /** The first answer, or null when none came in time (the route then answers 500). */
  response: Promise<InteractionResponse | null>;
  delivered(): void;
}

type Constructor<T> = new (client: Client, data: unknown) => T;
type WithActions = { actions: { InteractionCreate: { handle(data: unknown): void } } };
type Writable = { user: unknown; application: unknown; token: string | null; rest: REST };

/**
 * Logs in without a gateway: checks the token by fetching the bot user and its application, and
 * sets them on the client as READY would. Fails with a DiscordStartError naming what to do.
 */
export async function loginOverHttp(
  client: Client,
  token: string,
  apiUrl: string | undefined,
): Promise<void> {
  const writable = client as unknown as Writable;
  writable.token = token;
  client.rest.setToken(token);
  try {
    const [user, application] = await Promise.all([
      client.rest.get(Routes.user('@me')),
      client.rest.get(Routes.currentApplication()),
    ]);
    writable.user = new (ClientUser as unknown as Constructor<ClientUser>)(client, user);
    client.users.cache.set(client.user?.id ?? '', client.user as ClientUser);
    writable.application = new (ClientApplication as unknown as Constructor<ClientApplication>)(
      client,
      application,
    );
  } catch (error) {
    await client.destroy().catch(() => {});
    throw new DiscordStartError(explainLoginFailure(error, apiUrl), { cause: error });
  }
}

/** Interactions received over HTTP whose first answer is still awaited, by interaction id. */
export class HttpInbox {
  readonly #pending = new Map<string, FirstAnswer>();
  readonly #timeoutMs: number;

  /** `timeoutMs`: how long the route waits for a first answer (Discord gives up at 3 s). */
  constructor(timeoutMs = 2_800) {
    this.#timeoutMs = timeoutMs;
  }

  /** The pending answer of an interaction, taken once by the router. */
  take(interactionId: string): FirstAnswer | undefined {
    const first = this.#pending.get(interactionId);
    this.#pending.delete(interactionId);
    return first;
  }

  /** Hands the interaction to discord.js as the gateway would, and returns its pending answer. */
  open(client: Client, payload: RawInteraction): PendingAnswer {
    const first = new FirstAnswer();
    this.#pending.set(payload.id, first);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => {
        // An interaction discord.js does not build (an unknown type) or a router that failed early.
        this.#pending.delete(payload.id);
        resolve(null);
      }, this.#timeoutMs);
    });
    const response = Promise.race([first.response, late]).finally(() => clearTimeout(timer));
    (client as unknown as WithActions).actions.InteractionCreate.handle(payload);
    return { response, delivered: () => first.delivered() };
  }
}
