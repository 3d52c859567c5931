// The calls that answer one interaction. The first answer (a callback) goes through discord.js's
// interaction methods. Later ones (filling a deferred reply, follow-ups) go to the interaction's
// webhook through a REST client of their own: Discord does not count interaction webhooks against
// the bot's global rate limit (50 requests/s), but discord.js's shared client would, so in a burst
// answers would queue behind each other for seconds. That client still applies Discord's per-route
// buckets and its 429 handling.
import { REST, type RESTOptions, Routes } from 'discord.js';
import type { ApiModal } from './forms.ts';
import { messageBody, type RenderedMessage } from './render.ts';

export const EPHEMERAL = 1 << 6;

/** What one interaction can be answered with; `message` bodies are rendered cards. */
export interface Answerable {
  reply(message: RenderedMessage, flags: number): Promise<void>;
  deferReply(flags: number): Promise<void>;
  showModal?(modal: ApiModal): Promise<void>;
  /** Replaces the message a button was on (first answer). */
  update?(message: RenderedMessage): Promise<void>;
  deferUpdate?(): Promise<void>;
  /** Edits the interaction's original answer (a deferred reply, or the updated message). */
  editOriginal(message: RenderedMessage): Promise<void>;
  followUp(message: RenderedMessage, flags: number): Promise<void>;
}

/** The discord.js interaction methods used for first answers. */
interface DiscordInteraction {
  applicationId: string;
  token: string;
  reply(options: object): Promise<unknown>;
  deferReply(options: object): Promise<unknown>;
  showModal?(modal: object): Promise<unknown>;
  update?(options: object): Promise<unknown>;
  deferUpdate?(): Promise<unknown>;
}

/** discord.js message options from a rendered card. */
function options(message: RenderedMessage, flags = 0): Record<string, unknown> {
  return {
    content: message.content || undefined,
    embeds: message.embeds,
    components: message.components,
    files: message.files.map((f) => ({ attachment: f.data, name: f.name })),
    allowedMentions: { parse: [] },
    ...(flags ? { flags } : {}),
  };
}

/** A REST client for interaction webhooks only (no token: they are authorized by the interaction's). */
export function webhookRest(options: Partial<RESTOptions>): REST {
  return new REST({ ...options, globalRequestsPerSecond: 1000 });
}

/** The answering calls of one discord.js interaction. */
export function answerable(interaction: DiscordInteraction, rest: REST): Answerable {
  const { applicationId, token } = interaction;
  const api: Answerable = {
    async reply(message, flags) {
      await interaction.reply(options(message, flags));
    },
    async deferReply(flags) {
      await interaction.deferReply({ flags });
    },
    async editOriginal(message) {
      await rest.patch(Routes.webhookMessage(applicationId, token, '@original'), {
        body: messageBody(message),
        files: message.files,
        auth: false,
      });
    },
    async followUp(message, flags) {
      await rest.post(Routes.webhook(applicationId, token), {
        body: { ...messageBody(message), flags },
        files: message.files,
        query: new URLSearchParams({ wait: 'true' }),
        auth: false,
      });
    },
  };
  const { showModal, update, deferUpdate } = interaction;
  if (showModal) api.showModal = async (modal) => void (await showModal.call(interaction, modal));
  if (update) api.update = async (message) => void (await update.call(interaction, options(message)));
  if (deferUpdate) api.deferUpdate = async () => void (await deferUpdate.call(interaction));
  return api;
}
