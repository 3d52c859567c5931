// INTERACTION_CREATE, turned into the dispatcher's neutral events: slash commands, buttons, menus,
// modal submissions and autocomplete. Who acts (Actor) and where (Place) are read here; what they
// may do is decided by the core.

import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type BaseInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  type REST,
} from 'discord.js';
import type { Card } from '../../core/card.ts';
import type { CommandSpec } from '../../core/commands.ts';
import { opensForm } from '../../core/commands.ts';
import type { Dispatcher } from '../../core/dispatcher.ts';
import type { Actor, Args, InboundEvent, MessageRef, Place } from '../../core/events.ts';
import { Limiter } from '../../core/limiter.ts';
import { pickT } from '../../core/locale.ts';
import type { Logger } from '../../core/logger.ts';
import { logUnexpected } from '../../core/unexpected.ts';
import { type CustomIdStore, OPEN_FORM_PREFIX, PICK_PREFIX } from './custom-ids.ts';
import { buildModal, parseModalId } from './forms.ts';
import { type FirstAnswer, httpAnswerable } from './http-answer.ts';
import { answerable } from './interaction-api.ts';
import { clip, LIMITS } from './limits.ts';
import { renderCard } from './render.ts';
import { InteractionReply } from './reply.ts';
import type { ThreadParents } from './thread-parents.ts';

/** What the router needs from the platform. */
export interface RouterDeps {
  dispatcher: Dispatcher;
  ids: CustomIdStore;
  threads: ThreadParents;
  /** REST client for interaction webhooks (see interaction-api.ts). */
  webhooks: REST;
  /** Posts a public answer to the class channel. */
  postPublic(place: Place, card: Card): Promise<MessageRef>;
  deferAfterMs: number;
  logger: Logger;
  /** Told when an interaction is fully handled (every answer sent), with how long it took. */
  onHandled?: (interactionId: string, ms: number) => void;
  /** How many interactions run in the core at once (the others wait, in arrival order). */
  concurrency: number;
  /** HTTP mode: the pending HTTP response of an interaction, which takes its first answer. */
  firstAnswer?: (interactionId: string) => FirstAnswer | undefined;
}

type Repliable = ChatInputCommandInteraction | MessageComponentInteraction | ModalSubmitInteraction;

/** The command key (`capsule schedule`) and raw option values of a slash command. */
export function commandOf(interaction: ChatInputCommandInteraction | AutocompleteInteraction): {
  key: string;
  args: Args;
} {
  const sub = interaction.options.getSubcommand(false);
  let options: readonly CommandInteractionOption[] = interaction.options.data;
  while (
    options.length === 1 &&
    (options[0]?.type === ApplicationCommandOptionType.Subcommand ||
      options[0]?.type === ApplicationCommandOptionType.SubcommandGroup)
  ) {
    options = options[0].options ?? [];
  }
  const args: Args = {};
  // Users come as their id (a `user` option holds the id; names are the platform's business).
  for (const option of options) if (option.value !== undefined) args[option.name] = option.value;
  return { key: sub ? `${interaction.commandName} ${sub}` : interaction.commandName, args };
}

/** Who acts: Discord's id, the name the server shows, their client language, and Manage Server. */
function actorOf(interaction: BaseInteraction): Actor {
  const member = interaction.member;
  const nick = member && 'nickname' in member ? member.nickname : (member?.nick ?? null);
  return {
    platformUserId: interaction.user.id,
    displayName: nick ?? interaction.user.displayName,
    locale: interaction.locale,
    isAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}

/** Whether a command with a form lacks a required option: then the form opens, prefilled. */
function wantsForm(spec: CommandSpec | undefined, args: Args): spec is CommandSpec & { form: string } {
  return spec !== undefined && opensForm(spec, args);
}

/** A form to show as the first answer; `command` when it stands in for a command's options. */
interface FormToOpen {
  open: { form: string; state?: string[]; values?: Record<string, string> };
  command?: Extract<InboundEvent, { type: 'command' }>;
}

/** Turns each interaction into a dispatcher call (or a modal, or an autocomplete answer). */
export class InteractionRouter {
  readonly #deps: RouterDeps;
  readonly #limiter: Limiter;

  constructor(deps: RouterDeps) {
    this.#deps = deps;
    this.#limiter = new Limiter(deps.concurrency);
  }

  /**
   * Handles one interaction; never throws. An unforeseen failure is logged once under a short id,
   * which the person is given privately when the interaction can still be answered.
   */
  async handle(interaction: Interaction): Promise<void> {
    const started = performance.now();
    try {
      if (interaction.isAutocomplete()) return await this.#autocomplete(interaction);
      if (
        interaction.isChatInputCommand() ||
        interaction.isMessageComponent() ||
        interaction.isModalSubmit()
      ) {
        await this.#repliable(interaction);
      }
    } catch (error) {
      logUnexpected(this.#deps.logger, error, 'discord interaction failed', { type: interaction.type });
    } finally {
      this.#deps.onHandled?.(interaction.id, performance.now() - started);
    }
  }

  /** The class channel: a thread (a capsule's discussion) belongs to its parent channel's class. */
  #place(interaction: BaseInteraction): Place | null {
    if (!interaction.inGuild() || !interaction.channelId) return null;
    const channel = interaction.channel;
    const parent =
      (channel?.isThread() ? channel.parentId : null) ?? this.#deps.threads.parentOf(interaction.channelId);
    return {
      platform: 'discord',
      workspaceId: interaction.guildId,
      channelId: parent ?? interaction.channelId,
    };
  }

  async #autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const place = this.#place(interaction);
    const focused = interaction.options.getFocused(true);
    const suggestions = place
      ? await this.#deps.dispatcher.autocomplete(
          {
            type: 'autocomplete',
            command: commandOf(interaction).key,
            option: focused.name,
            partial: String(focused.value),
          },
          { actor: actorOf(interaction), place },
        )
      : [];
    const choices = suggestions.slice(0, LIMITS.autocompleteChoices).map((s) => ({
      name: clip(s.label, LIMITS.choiceName),
      value: clip(s.value, LIMITS.optionValue),
    }));
    const first = this.#deps.firstAnswer?.(interaction.id);
    if (first) await first.give({ type: 8, data: { choices } });
    else await interaction.respond(choices);
  }

  async #repliable(interaction: Repliable): Promise<void> {
    const { dispatcher, ids } = this.#deps;
    const actor = actorOf(interaction);
    const t = pickT(dispatcher.i18n, actor.locale);
    const place = this.#place(interaction);
    const fromComponent = interaction.isMessageComponent();
    const first = this.#deps.firstAnswer?.(interaction.id);
    const reply = new InteractionReply({
      interaction: first
        ? httpAnswerable(interaction, first, this.#deps.webhooks)
        : answerable(interaction, this.#deps.webhooks),
      fromComponent,
      canShowModal: !interaction.isModalSubmit(),
      render: (card) => renderCard(card, ids),
      modal: (request) => {
        const spec = dispatcher.form(request.form);
        return spec ? buildModal(spec, request, t, ids) : null;
      },
      postPublic: (card) => {
        if (!place) throw new Error('no channel to post in');
        return this.#deps.postPublic(place, card);
      },
      t,
      deferAfterMs: this.#deps.deferAfterMs,
      logger: this.#deps.logger,
    });
    try {
      if (!place) {
        // Slash commands are registered for servers only, but an old client may still send one from a DM.
        await reply.private({ text: t('common:discord.guildOnly'), tone: 'warning' });
        return;
      }
      let event = this.#event(interaction);
      if (event === null) {
        await reply.private({ text: t('common:discord.formExpired'), tone: 'error' });
        return;
      }
      // The 3-second guard: a form shown first needs none (no work before it, unless its rights are
      // checked below), and is not armed from the platform's "open the form" button.
      if (!('open' in event) || event.command) reply.arm();
      if ('open' in event) {
        const { command } = event;
        // A form straight from a command: nobody fills a whole form to be refused at the end, so
        // the rights come first (one lookup; if it were slow the guard below defers, and the form
        // comes as a button). Refused, the command goes to the dispatcher without its form, which
        // answers with its own refusal. From the platform's "open the form" button, the command
        // was allowed already: the form's own access is checked on submission.
        if (command && !(await dispatcher.mayRun(command.command, { actor, place }))) event = command;
        if ('open' in event) {
          await reply.openForm(event.open);
          await reply.finish();
          return;
        }
      }
      const inbound = event;
      await this.#limiter.run(() => dispatcher.handle(inbound, { actor, place, reply }));
      await reply.finish();
    } catch (error) {
      // Outside the dispatcher (a modal Discord refused, a form this process does not know): without
      // an answer Discord would only say "This interaction failed".
      const errorId = logUnexpected(this.#deps.logger, error, 'discord interaction failed', {
        type: interaction.type,
      });
      // A failed answer is already logged by the reply's queue.
      await reply.private({ text: t('errors:unexpected', { id: errorId }), tone: 'error' }).catch(() => {});
    }
  }

  /**
   * The neutral event of an interaction; `open` for a form to show (with the command it stands in
   * for, when it comes from one); null for a forgotten form.
   */
  #event(interaction: Repliable): InboundEvent | FormToOpen | null {
    const { dispatcher, ids } = this.#deps;
    if (interaction.isChatInputCommand()) {
      const { key, args } = commandOf(interaction);
      const spec = dispatcher.command(key);
      const command = { type: 'command' as const, command: key, args };
      if (wantsForm(spec, args)) {
        const values = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)]));
        return { open: { form: spec.form, values }, command };
      }
      return command;
    }
    if (interaction.isModalSubmit()) {
      const target = parseModalId(interaction.customId, ids);
      if (!target) return null;
      const fields = dispatcher.form(target.form)?.fields.map((f) => f.id) ?? [];
      const values: Record<string, string> = {};
      for (const id of fields) {
        try {
          values[id] = interaction.fields.getTextInputValue(id);
        } catch {
          values[id] = ''; // an optional field left out
        }
      }
      return { type: 'form', form: target.form, state: target.state, values };
    }
    // A message in a channel discord.js has not cached (always so over HTTP) stays raw API data.
    const source = interaction.message as { id: string; channelId?: string; channel_id?: string };
    const message: MessageRef = {
      platform: 'discord',
      channelId: source.channelId ?? source.channel_id ?? interaction.channelId,
      messageId: source.id,
    };
    let decoded = ids.decode(interaction.customId);
    let value: string | undefined;
    if (interaction.isStringSelectMenu()) {
      value = interaction.values[0];
      // A menu the platform made from buttons that did not fit: the choice is the action itself.
      if (decoded?.action === PICK_PREFIX) {
        decoded = value ? ids.decode(value) : null;
        value = undefined;
      }
    }
    if (decoded?.action === OPEN_FORM_PREFIX && decoded.args[0]) {
      const [form, ...state] = decoded.args;
      return { open: { form, state } };
    }
    // A forgotten token becomes an unknown action, which the dispatcher answers as a stale button.
    const action = decoded?.action ?? '';
    const args = decoded?.args ?? [];
    return value === undefined
      ? { type: 'action', action, args, message }
      : { type: 'action', action, args, value, message };
  }
}
