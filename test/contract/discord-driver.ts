// Drives the real Discord platform (discord.js) against the in-process fake Discord, as people would:
// slash commands, clicks, menus and modals arrive through the fake gateway, and what users see is read
// back from what the fake recorded. Shared by the contract suite and the Discord integration tests.
import type { KeyObject } from 'node:crypto';
import { decodeAction, encodeAction } from '../../src/core/card.ts';
import type { Dispatcher } from '../../src/core/dispatcher.ts';
import type { MessageRef } from '../../src/core/events.ts';
import { type Logger, silentLogger } from '../../src/core/logger.ts';
import type { Metrics } from '../../src/core/metrics.ts';
import { createHttpServer, type HttpServer } from '../../src/http/index.ts';
import { mountDiscordInteractions } from '../../src/platforms/discord/interactions-route.ts';
import { createDiscordPlatform, type DiscordPlatform } from '../../src/platforms/discord/platform.ts';
import {
  type FakeDiscord,
  type FakeMessage,
  interactionKeyPair,
  type SentInteraction,
  startFakeDiscord,
} from '../fakes/discord/fake-discord.ts';
import type {
  ContractDriver,
  ContractUser,
  ControlTarget,
  ObservedMessage,
  OpenedForm,
} from './platform-contract.ts';
import { contractUsers } from './platform-contract.ts';

export const GUILD = '110000000000000001';
export const CHANNEL = '110000000000000002';
const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;

type Row = { type: number; components?: Record<string, unknown>[] };
type Embed = {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
};

/** What a Discord message shows, as the contract reads it. */
export function observe(message: FakeMessage, customIds?: Map<string, string>): ObservedMessage {
  const embed = (message.embeds[0] ?? {}) as Embed;
  const text = [
    message.content,
    embed.description ?? '',
    ...(embed.fields ?? []).map((f) => `${f.name}\n${f.value}`),
    embed.footer?.text ?? '',
  ]
    .filter((part) => part && part !== '\u200b')
    .join('\n');
  const observed: ObservedMessage = {
    ref: { platform: 'discord', channelId: message.channel_id, messageId: message.id },
    text,
    buttons: [],
    links: [],
    selects: [],
  };
  if (embed.title) observed.title = embed.title;
  for (const row of message.components as Row[]) {
    for (const c of row.components ?? []) {
      const customId = typeof c.custom_id === 'string' ? c.custom_id : '';
      const { action, args } = decodeAction(customId);
      if (customId) customIds?.set(JSON.stringify([action, args]), customId);
      if (c.type === 2 && c.style === 5) observed.links.push({ label: String(c.label), url: String(c.url) });
      else if (c.type === 2) observed.buttons.push({ label: String(c.label), action, args });
      else if (c.type === 3) {
        observed.selects.push({
          action,
          args,
          placeholder: String(c.placeholder ?? ''),
          options: (c.options as { value: string; label: string }[]).map((o) => ({
            value: o.value,
            label: o.label,
          })),
        });
      }
    }
  }
  return observed;
}

/** The Discord driver, plus the fake and platform for Discord-specific assertions. */
export interface DiscordDriver extends ContractDriver {
  readonly platform: DiscordPlatform;
  readonly fake: FakeDiscord;
  /** Sends an interaction and resolves once the platform has fully handled it. */
  settle(sent: SentInteraction): Promise<SentInteraction>;
  /** Every interaction the platform handled, with its duration. */
  readonly handled: Map<string, number>;
  /** Http mode: the bot's interactions URL and the application's signing key. */
  readonly http: { url: string; privateKey: KeyObject } | null;
}

export interface DiscordDriverOptions {
  users?: ContractUser[];
  logger?: Logger;
  deferAfterMs?: number;
  /** Permissions of members in interactions (default: a plain member's). */
  adminIds?: string[];
  /** Handed to the platform (API errors, rate-limit waits). */
  metrics?: Metrics;
  /** `http`: interactions are POSTed, signed, to /discord/interactions on a bot HTTP server. */
  mode?: 'gateway' | 'http';
  /** REST base the bot uses instead of the fake's own (a REST proxy in front of the fake). */
  apiUrl?(fake: FakeDiscord): Promise<string> | string;
}

/** Http mode: the bot's HTTP server with the interactions route, and the fake posting to it. */
async function serveInteractions(
  fake: FakeDiscord,
  platform: DiscordPlatform,
  logger: Logger,
): Promise<{ server: HttpServer; url: string; privateKey: KeyObject }> {
  const keys = interactionKeyPair();
  const server = createHttpServer({ logger });
  mountDiscordInteractions(server, platform, { publicKey: keys.publicKeyHex });
  const { port } = await server.listen(0);
  const url = `http://127.0.0.1:${port}/discord/interactions`;
  fake.deliverOverHttp({ url, privateKey: keys.privateKey });
  return { server, url, privateKey: keys.privateKey };
}

const MANAGE_GUILD = 1n << 5n;
const PLAIN = (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n) | (1n << 31n);

export async function makeDiscordDriver(options: DiscordDriverOptions = {}): Promise<DiscordDriver> {
  const users = options.users ?? Object.values(contractUsers);
  const fake = await startFakeDiscord({
    guilds: [{ id: GUILD, name: 'Collège Jean Moulin', channels: [{ id: CHANNEL, name: '4e-b' }] }],
    users: users.map((u) => ({
      id: u.id,
      username: u.name.toLowerCase(),
      globalName: u.name,
      locale: u.locale,
    })),
  });
  const handled = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const mode = options.mode ?? 'gateway';
  const platform = createDiscordPlatform({
    token: fake.token,
    applicationId: fake.applicationId,
    guildId: GUILD,
    apiUrl: options.apiUrl ? await options.apiUrl(fake) : fake.apiUrl,
    mode,
    rest: { retries: 0, timeout: 5_000 },
    logger: options.logger ?? silentLogger,
    // Production defers after 1.5 s; tests on a busy machine wait longer so answers stay first answers.
    deferAfterMs: options.deferAfterMs ?? 2500,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    onInteractionHandled(id, ms) {
      handled.set(id, ms);
      waiters.get(id)?.();
    },
  });
  const http =
    mode === 'http' ? await serveInteractions(fake, platform, options.logger ?? silentLogger) : null;
  const customIds = new Map<string, string>();
  const openedIds = new WeakMap<OpenedForm, string>();
  const admins = new Set(options.adminIds ?? []);

  const settle = async (sent: SentInteraction): Promise<SentInteraction> => {
    if (!handled.has(sent.id)) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`interaction ${sent.id} not handled in 10 s`)),
          10_000,
        );
        waiters.set(sent.id, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      waiters.delete(sent.id);
    }
    // Over HTTP the first answer reaches the fake with the response, just after the handling ends.
    await sent.http;
    return sent;
  };
  const origin = (user: ContractUser, channelId = CHANNEL) => ({
    user: user.id,
    locale: user.locale,
    channelId,
    memberPermissions: admins.has(user.id) ? PLAIN | MANAGE_GUILD : PLAIN,
  });
  const customIdOf = (control: ControlTarget) =>
    customIds.get(JSON.stringify([control.action, control.args])) ??
    encodeAction(control.action, control.args);
  const split = (command: string) => {
    const [name = '', subcommand] = command.split(' ');
    return subcommand ? { name, subcommand } : { name };
  };
  const interactionUser = (m: FakeMessage) =>
    String((m.interaction_metadata as { user?: { id?: string } } | undefined)?.user?.id ?? '');

  const driver: DiscordDriver = {
    platform,
    fake,
    handled,
    settle,
    http: http ? { url: http.url, privateKey: http.privateKey } : null,
    place: { workspaceId: GUILD, channelId: CHANNEL },
    start: (dispatcher: Dispatcher) => platform.start(dispatcher),
    async stop() {
      await platform.stop();
      await http?.server.close();
      await fake.close();
    },
    async command(user, command, args = {}) {
      await settle(fake.sendSlashCommand({ ...origin(user), ...split(command), options: args }));
    },
    async click(user, control, message?: MessageRef) {
      await settle(
        fake.sendButton({
          ...origin(user, message?.channelId),
          customId: customIdOf(control),
          ...(message ? { messageId: message.messageId } : {}),
        }),
      );
    },
    async select(user, control, value, message?: MessageRef) {
      await settle(
        fake.sendSelect({
          ...origin(user, message?.channelId),
          customId: customIdOf(control),
          values: [value],
          ...(message ? { messageId: message.messageId } : {}),
        }),
      );
    },
    async submitForm(user, form, values) {
      const customId = openedIds.get(form) ?? encodeAction('form', [form.form, ...form.state]);
      await settle(fake.sendModalSubmit({ ...origin(user), customId, fields: values }));
      // Discord cannot answer a modal with a modal: mistakes come as a private message.
      return { keptOpen: false, fieldErrors: {}, general: '' };
    },
    async autocomplete(user, command, option, partial) {
      const sent = fake.sendAutocomplete({
        ...origin(user),
        ...split(command),
        options: { [option]: partial },
        focused: option,
      });
      const callback = await sent.callback();
      const choices = (callback.body as { data: { choices: { name: string; value: string }[] } }).data
        .choices;
      return choices.map((c) => ({ value: String(c.value), label: c.name }));
    },
    async channelMessages() {
      return fake
        .messages(CHANNEL)
        .filter((m) => (m.flags & EPHEMERAL) === 0)
        .map((m) => observe(m, customIds));
    },
    async privateMessagesTo(userId) {
      return fake
        .messages()
        .filter(
          (m) => (m.flags & EPHEMERAL) !== 0 && (m.flags & LOADING) === 0 && interactionUser(m) === userId,
        )
        .map((m) => observe(m, customIds));
    },
    async directMessagesTo(userId) {
      const channel = fake.state.dmChannelByUser.get(userId);
      return channel ? fake.messages(channel).map((m) => observe(m, customIds)) : [];
    },
    async formsOpenedFor(userId) {
      const forms: OpenedForm[] = [];
      for (const call of fake.calls) {
        const match = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(call.path);
        const body = call.body as { type?: number; data?: { custom_id: string; components: Row[] } };
        if (!match || body?.type !== 9 || call.status >= 300 || !body.data) continue;
        if (fake.state.interactions.get(match[1] as string)?.user.id !== userId) continue;
        const { action, args } = decodeAction(body.data.custom_id);
        const [form = '', ...state] = action === 'form' ? args : [action];
        const opened: OpenedForm = {
          form,
          state,
          fields: body.data.components.map((row) => String(row.components?.[0]?.custom_id)),
          values: Object.fromEntries(
            body.data.components.flatMap((row) => {
              const input = row.components?.[0] as { custom_id?: string; value?: string } | undefined;
              return input?.value ? [[String(input.custom_id), input.value]] : [];
            }),
          ),
        };
        openedIds.set(opened, body.data.custom_id);
        forms.push(opened);
      }
      return forms;
    },
    async closeDms(userId) {
      const user = fake.state.users.get(userId);
      fake.addUser({ ...(user ?? { id: userId, username: `user${userId.slice(-4)}` }), dmClosed: true });
    },
    async directAttempts(userId) {
      const channel = fake.state.dmChannelByUser.get(userId);
      return channel ? fake.callsTo('POST', `/channels/${channel}/messages`).length : 0;
    },
  };
  return driver;
}
