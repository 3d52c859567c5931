import type { CallLog } from './call-log.ts';
import type { Gateway } from './gateway.ts';
import { deliverOverHttp, type HttpDeliveryTarget } from './http-delivery.ts';
import {
  type BuiltInteraction,
  buildInteraction,
  commandData,
  type InteractionOrigin,
  type SlashCommandInput,
} from './interaction-payloads.ts';
import { createMessage } from './messages.ts';
import type { FakeState } from './state.ts';
import type { ApiObject, FakeMessage, SentInteraction } from './types.ts';

/** An autocomplete request: the command invocation so far, and which option the user is typing in. */
export interface AutocompleteInput extends SlashCommandInput {
  focused: string;
}

/** A click on a button of a message. */
export interface ButtonInput extends InteractionOrigin {
  customId: string;
  /** A message stored in the fake (e.g. one the bot posted). Otherwise a bot message holding the button is created. */
  messageId?: string;
}

/** A choice in a select menu. `componentType` defaults to 3 (string select). */
export interface SelectInput extends ButtonInput {
  values: string[];
  componentType?: number;
}

/** A submitted modal. `shape` picks the legacy action-row layout (default) or the newer label layout. */
export interface ModalSubmitInput extends InteractionOrigin {
  customId: string;
  fields: Record<string, string>;
  shape?: 'actionRow' | 'label';
  /** Set when the modal was opened from a message component: the interaction then carries that message. */
  messageId?: string;
}

/**
 * Builds and dispatches INTERACTION_CREATE events. Each interaction is registered in the state first, so the
 * REST routes can check the callback's id and token and enforce "acknowledge once".
 */
export class InteractionInjector {
  /** Http mode: interactions are POSTed to the bot instead of dispatched on the gateway. */
  httpTarget: HttpDeliveryTarget | null = null;

  constructor(
    private readonly state: FakeState,
    private readonly gateway: Gateway,
    private readonly log: CallLog,
  ) {}

  /** A chat input command (type 2). */
  sendSlashCommand(input: SlashCommandInput): SentInteraction {
    return this.#dispatch(input, 2, (guildId) => commandData(this.state, guildId, input), input.name);
  }

  /** An autocomplete request (type 4) with `focused: true` on one option. */
  sendAutocomplete(input: AutocompleteInput): SentInteraction {
    return this.#dispatch(
      input,
      4,
      (guildId) => commandData(this.state, guildId, input, input.focused),
      input.name,
    );
  }

  /** A button click (type 3, component_type 2). */
  sendButton(input: ButtonInput): SentInteraction {
    const component = { type: 2, style: 1, label: input.customId, custom_id: input.customId };
    return this.#component(input, { custom_id: input.customId, component_type: 2 }, component);
  }

  /** A select menu choice (type 3, component_type 3 unless given). */
  sendSelect(input: SelectInput): SentInteraction {
    const componentType = input.componentType ?? 3;
    const component = {
      type: componentType,
      custom_id: input.customId,
      ...(componentType === 3 ? { options: input.values.map((value) => ({ label: value, value })) } : {}),
    };
    return this.#component(
      input,
      { custom_id: input.customId, component_type: componentType, values: input.values },
      component,
    );
  }

  /** A modal submission (type 5). Text inputs are type 4 components with `custom_id` and `value`. */
  sendModalSubmit(input: ModalSubmitInput): SentInteraction {
    let nextId = 1;
    const components = Object.entries(input.fields).map(([customId, value]) => {
      const rowId = nextId++;
      const textInput = { type: 4, id: nextId++, custom_id: customId, value };
      return input.shape === 'label'
        ? { type: 18, id: rowId, component: textInput }
        : { type: 1, id: rowId, components: [textInput] };
    });
    const data = { custom_id: input.customId, components };
    return this.#dispatch(
      input,
      5,
      () => data,
      null,
      (built) => (input.messageId ? this.#sourceMessage(built, input.messageId, null) : null),
    );
  }

  #component(input: ButtonInput, data: ApiObject, component: ApiObject): SentInteraction {
    return this.#dispatch(
      input,
      3,
      () => data,
      null,
      (built) => this.#sourceMessage(built, input.messageId, component),
    );
  }

  /** The message a component lives on: the stored one, or a new bot message holding the component. */
  #sourceMessage(
    built: BuiltInteraction,
    messageId: string | undefined,
    component: ApiObject | null,
  ): FakeMessage {
    const existing = messageId ? this.state.messages.get(messageId) : undefined;
    if (existing) return existing;
    const components = component ? [{ type: 1, components: [component] }] : [];
    return createMessage(
      this.state,
      built.channelId,
      { content: '', components },
      [],
      messageId ? { id: messageId } : {},
    );
  }

  #dispatch(
    origin: InteractionOrigin,
    type: number,
    data: (guildId: string | null) => ApiObject,
    commandName: string | null,
    message?: (built: BuiltInteraction) => FakeMessage | null,
  ): SentInteraction {
    const guildId = origin.guildId === undefined ? this.state.defaultGuild().id : origin.guildId;
    const built = buildInteraction(this.state, origin, type, data(guildId));
    const source = message?.(built) ?? null;
    if (source) built.payload.message = source;
    const id = String(built.payload.id);
    const token = String(built.payload.token);
    this.state.interactions.set(id, {
      id,
      token,
      type,
      channelId: built.channelId,
      guildId: built.guildId,
      messageId: source?.id ?? null,
      responseType: null,
      originalMessageId: null,
      followupIds: [],
      user: this.state.apiUser(built.user),
      commandName,
    });
    let http: SentInteraction['http'];
    if (this.httpTarget) {
      http = deliverOverHttp(this.httpTarget, this.state, this.log, built.payload);
      const record = this.state.interactions.get(id);
      if (record) record.httpAnswer = http;
      // A failed delivery is read through `http` or the missing callback; never an unhandled rejection.
      http.catch(() => {});
    } else if (this.gateway.dispatch('INTERACTION_CREATE', built.payload) === 0) {
      throw new Error('No discord.js client is connected to the fake gateway: wait for clientReady first');
    }
    const path = `/interactions/${id}/${token}/callback`;
    return {
      id,
      token,
      applicationId: this.state.applicationId,
      payload: built.payload,
      ...(http ? { http } : {}),
      callback: (timeoutMs = 2_000) =>
        this.log.waitForCall((c) => c.method === 'POST' && c.path === path, timeoutMs),
    };
  }
}
