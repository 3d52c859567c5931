import { createMessage, editMessage, validateMessageBody } from './messages.ts';
import { json, type Route, type RouteContext, type RouteResult, route } from './router.ts';
import type { FakeState, InteractionRecord } from './state.ts';
import type { ApiObject, FakeMessage } from './types.ts';
import { apiError, asArray, asNumber, asRecord, asString, formError } from './util.ts';

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
const UNKNOWN_WEBHOOK = json(404, apiError('Unknown Webhook', 10015));
const UNKNOWN_MESSAGE = json(404, apiError('Unknown Message', 10008));
const INVALID_TYPE = json(
  400,
  formError('type', 'INTERACTION_RESPONSE_TYPE_INVALID', 'Invalid interaction response type'),
);

/** Fields Discord adds to messages created through an interaction. */
function interactionExtras(state: FakeState, record: InteractionRecord): Partial<FakeMessage> {
  return {
    webhook_id: state.applicationId,
    application_id: state.applicationId,
    // 20 = CHAT_INPUT_COMMAND reply, 0 = DEFAULT for component/modal replies.
    type: record.type === 2 ? 20 : 0,
    interaction_metadata: {
      id: record.id,
      type: record.type,
      user: record.user,
      authorizing_integration_owners: record.guildId ? { '0': record.guildId } : { '1': record.user.id },
      ...(record.commandName ? { name: record.commandName, command_type: 1 } : {}),
    },
  };
}

function newInteractionMessage(ctx: RouteContext, record: InteractionRecord, data: ApiObject): FakeMessage {
  const message = createMessage(
    ctx.state,
    record.channelId,
    data,
    ctx.files,
    interactionExtras(ctx.state, record),
  );
  // EPHEMERAL is only settable through interactions, and must survive createMessage's flag filter.
  message.flags |= (asNumber(data.flags) ?? 0) & EPHEMERAL;
  return message;
}

function checkModal(data: ApiObject): RouteResult | null {
  const customId = asString(data.custom_id) ?? '';
  const title = asString(data.title) ?? '';
  const rows = asArray(data.components);
  if (customId.length < 1 || customId.length > 100) {
    return json(
      400,
      formError('data.custom_id', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.'),
    );
  }
  if (title.length < 1 || title.length > 45) {
    return json(400, formError('data.title', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 45 in length.'));
  }
  if (rows.length < 1 || rows.length > 5) {
    return json(
      400,
      formError('data.components', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.'),
    );
  }
  return null;
}

type CallbackOutcome = { error: RouteResult } | { message: FakeMessage | null };

/** Applies one callback to the interaction's state: the message it produced, or an error answer. */
function applyCallback(ctx: RouteContext, record: InteractionRecord, type: number): CallbackOutcome {
  const data = asRecord(ctx.body.data);
  const fromMessage = record.messageId ? ctx.state.messages.get(record.messageId) : undefined;
  switch (type) {
    case 4: {
      const invalid = validateMessageBody(data, ctx.files, false);
      return invalid ? { error: json(400, invalid) } : { message: newInteractionMessage(ctx, record, data) };
    }
    case 5: {
      // The "is thinking..." placeholder: empty, LOADING, ephemeral if asked.
      const flags = (asNumber(data.flags) ?? 0) & EPHEMERAL;
      const message = newInteractionMessage(ctx, record, { content: '', flags });
      message.flags |= LOADING;
      return { message };
    }
    case 6:
    case 7: {
      if (!fromMessage) return { error: INVALID_TYPE };
      if (type === 6) return { message: fromMessage };
      const invalid = validateMessageBody(data, ctx.files, true);
      return invalid
        ? { error: json(400, invalid) }
        : { message: editMessage(ctx.state, fromMessage, data, ctx.files) };
    }
    case 8: {
      if (record.type !== 4) return { error: INVALID_TYPE };
      if (asArray(data.choices).length > 25) {
        return {
          error: json(
            400,
            formError('data.choices', 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.'),
          ),
        };
      }
      return { message: null };
    }
    case 9: {
      if (record.type === 4 || record.type === 5) return { error: INVALID_TYPE };
      const invalid = checkModal(data);
      return invalid ? { error: invalid } : { message: null };
    }
    default:
      return { error: INVALID_TYPE };
  }
}

/** The interaction callback: also applied to answers given in an HTTP response (http mode). */
export function interactionCallback(ctx: RouteContext): RouteResult {
  const record = ctx.state.interactions.get(ctx.params.interactionId ?? '');
  if (!record || record.token !== ctx.params.token) return json(404, apiError('Unknown interaction', 10062));
  if (record.responseType !== null)
    return json(400, apiError('Interaction has already been acknowledged.', 40060));
  const type = asNumber(ctx.body.type) ?? 0;
  const outcome = applyCallback(ctx, record, type);
  if ('error' in outcome) return outcome.error;
  const { message } = outcome;
  record.responseType = type;
  if (message) record.originalMessageId = message.id;
  if (ctx.query.with_response !== 'true') return { status: 204 };
  return json(200, {
    interaction: {
      id: record.id,
      type: record.type,
      activity_instance_id: null,
      response_message_id: message?.id ?? null,
      response_message_loading: type === 5,
      response_message_ephemeral: message ? (message.flags & EPHEMERAL) !== 0 : null,
    },
    resource: { type, ...(message ? { message } : {}) },
  });
}

/** The interaction a webhook route addresses, once it has been acknowledged (follow-ups need that). */
async function webhookRecord(ctx: RouteContext): Promise<InteractionRecord | null> {
  if (ctx.params.appId !== ctx.state.applicationId) return null;
  for (const record of ctx.state.interactions.values()) {
    if (record.token !== ctx.params.token) continue;
    // Http mode: the first answer left before this call; Discord has it, so the fake waits for it.
    await record.httpAnswer?.catch(() => {});
    return record.responseType === null ? null : record;
  }
  return null;
}

function webhookMessage(ctx: RouteContext, record: InteractionRecord): FakeMessage | null {
  const id = ctx.params.messageId === '@original' ? record.originalMessageId : (ctx.params.messageId ?? null);
  if (!id || (id !== record.originalMessageId && !record.followupIds.includes(id))) return null;
  return ctx.state.messages.get(id) ?? null;
}

/** Interaction callbacks and the interaction webhook (`@original` and follow-ups). No bot token needed. */
export const interactionRoutes: Route[] = [
  route('POST', '/interactions/:interactionId/:token/callback', interactionCallback, false),
  route(
    'POST',
    '/webhooks/:appId/:token',
    async (ctx) => {
      const record = await webhookRecord(ctx);
      if (!record) return UNKNOWN_WEBHOOK;
      const invalid = validateMessageBody(ctx.body, ctx.files, false);
      if (invalid) return json(400, invalid);
      const original = record.originalMessageId
        ? ctx.state.messages.get(record.originalMessageId)
        : undefined;
      let message: FakeMessage;
      if (original && (original.flags & LOADING) !== 0) {
        // The first follow-up after a deferred reply replaces the "thinking..." message.
        message = editMessage(ctx.state, original, ctx.body, ctx.files);
      } else {
        message = newInteractionMessage(ctx, record, ctx.body);
        record.followupIds.push(message.id);
      }
      return ctx.query.wait === 'true' ? json(200, message) : { status: 204 };
    },
    false,
  ),
  route(
    'GET',
    '/webhooks/:appId/:token/messages/:messageId',
    async (ctx) => {
      const record = await webhookRecord(ctx);
      if (!record) return UNKNOWN_WEBHOOK;
      const message = webhookMessage(ctx, record);
      return message ? json(200, message) : UNKNOWN_MESSAGE;
    },
    false,
  ),
  route(
    'PATCH',
    '/webhooks/:appId/:token/messages/:messageId',
    async (ctx) => {
      const record = await webhookRecord(ctx);
      if (!record) return UNKNOWN_WEBHOOK;
      const message = webhookMessage(ctx, record);
      if (!message) return UNKNOWN_MESSAGE;
      const invalid = validateMessageBody(ctx.body, ctx.files, true);
      return invalid ? json(400, invalid) : json(200, editMessage(ctx.state, message, ctx.body, ctx.files));
    },
    false,
  ),
  route(
    'DELETE',
    '/webhooks/:appId/:token/messages/:messageId',
    async (ctx) => {
      const record = await webhookRecord(ctx);
      if (!record) return UNKNOWN_WEBHOOK;
      const message = webhookMessage(ctx, record);
      if (!message) return UNKNOWN_MESSAGE;
      ctx.state.messages.delete(message.id);
      return { status: 204 };
    },
    false,
  ),
];
