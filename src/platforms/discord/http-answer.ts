// Interactions received over HTTP (DISCORD_MODE=http) are first answered in the HTTP response, not
// through the callback endpoint: that is what Discord waits for from an interactions URL. Only the
// first answer differs from gateway mode; later ones (filling a deferred reply, follow-ups) go to
// the interaction's webhook exactly as in gateway mode.
import type { REST } from 'discord.js';
import type { ApiModal } from './forms.ts';
import { type Answerable, answerable } from './interaction-api.ts';
import { messageBody, type RenderedMessage } from './render.ts';

/** An interaction response as Discord takes it (`{ type, data }`). */
export interface InteractionResponse {
  type: number;
  data?: Record<string, unknown>;
}

/**
 * The pending HTTP response of one interaction: the router gives the first answer, the HTTP route
 * sends it and says when it is out, so later webhook calls never overtake it.
 */
export class FirstAnswer {
  readonly response: Promise<InteractionResponse>;
  #give!: (response: InteractionResponse) => void;
  readonly #out: Promise<void>;
  #markOut!: () => void;
  #given = false;

  constructor() {
    this.response = new Promise((resolve) => {
      this.#give = resolve;
    });
    this.#out = new Promise((resolve) => {
      this.#markOut = resolve;
    });
  }

  /** Whether the first answer was given already. */
  get given(): boolean {
    return this.#given;
  }

  /** Gives the first answer; resolves once the HTTP response has left (or the connection is gone). */
  give(response: InteractionResponse): Promise<void> {
    if (this.#given) throw new Error('Discord: this interaction was already answered');
    this.#given = true;
    this.#give(response);
    return this.#out;
  }

  /** Called by the HTTP route when the response was written or the connection closed. */
  delivered(): void {
    this.#markOut();
  }
}

/** The answering calls of one interaction received over HTTP: first answer in the response. */
export function httpAnswerable(
  interaction: { applicationId: string; token: string },
  first: FirstAnswer,
  rest: REST,
): Answerable {
  // Follow-ups and edits are the gateway mode's own (interaction webhooks). discord.js keeps the
  // token out of enumerable properties, so it is copied by name.
  const webhook = answerable(
    {
      applicationId: interaction.applicationId,
      token: interaction.token,
      reply: unsupported,
      deferReply: unsupported,
    },
    rest,
  );
  // The response body is JSON: a card with files is sent as "thinking..." then filled with them.
  const withFiles = async (message: RenderedMessage, deferType: 5 | 6, flags: number): Promise<void> => {
    await first.give({ type: deferType, ...(deferType === 5 ? { data: { flags } } : {}) });
    await webhook.editOriginal(message);
  };
  return {
    async reply(message, flags) {
      if (message.files.length > 0) return withFiles(message, 5, flags);
      await first.give({ type: 4, data: { ...jsonBody(message), flags } });
    },
    async deferReply(flags) {
      await first.give({ type: 5, data: { flags } });
    },
    async showModal(modal: ApiModal) {
      await first.give({ type: 9, data: { ...modal } });
    },
    async update(message) {
      if (message.files.length > 0) return withFiles(message, 6, 0);
      await first.give({ type: 7, data: jsonBody(message) });
    },
    async deferUpdate() {
      await first.give({ type: 6 });
    },
    editOriginal: (message) => webhook.editOriginal(message),
    followUp: (message, flags) => webhook.followUp(message, flags),
  };
}

/** A card's message body without an empty `content` (Discord refuses an empty string with embeds). */
function jsonBody(message: RenderedMessage): Record<string, unknown> {
  const body = messageBody(message);
  if (!message.content) delete body.content;
  return body;
}

async function unsupported(): Promise<never> {
  throw new Error('Discord: a first answer over HTTP goes in the response');
}
