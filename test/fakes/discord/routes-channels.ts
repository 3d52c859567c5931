import { createMessage, editMessage, validateMessageBody } from './messages.ts';
import { json, type Route, type RouteContext, type RouteResult, route } from './router.ts';
import type { ApiObject, FakeMessage } from './types.ts';
import { apiError, asNumber, asRecord, asString, formError, isoNow, newSnowflake } from './util.ts';

/** How long Discord remembers a nonce for `enforce_nonce` ("the past few minutes"). */
const NONCE_WINDOW_MS = 5 * 60_000;

const UNKNOWN_CHANNEL = json(404, apiError('Unknown Channel', 10003));
const UNKNOWN_MESSAGE = json(404, apiError('Unknown Message', 10008));

function messageIn(ctx: RouteContext): FakeMessage | null {
  const message = ctx.state.messages.get(ctx.params.messageId ?? '');
  return message && message.channel_id === ctx.params.channelId ? message : null;
}

function validNonce(nonce: unknown): boolean {
  if (typeof nonce === 'number') return Number.isInteger(nonce);
  return typeof nonce === 'string' && nonce.length <= 25;
}

function postMessage(ctx: RouteContext): RouteResult {
  const { state, body, files } = ctx;
  const channelId = ctx.params.channelId ?? '';
  const channel = state.channels.get(channelId);
  if (!channel) return UNKNOWN_CHANNEL;
  const recipientId = state.dmRecipientByChannel.get(channelId);
  if (recipientId && state.users.get(recipientId)?.dmClosed) {
    return json(403, apiError('Cannot send messages to this user', 50007));
  }
  const invalid = validateMessageBody(body, files, false);
  if (invalid) return json(400, invalid);
  if (body.nonce !== undefined && !validNonce(body.nonce)) {
    return json(400, formError('nonce', 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.'));
  }
  const reference = asString(asRecord(body.message_reference).message_id);
  if (
    reference &&
    !state.messages.has(reference) &&
    asRecord(body.message_reference).fail_if_not_exists !== false
  ) {
    return json(400, formError('message_reference', 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message'));
  }
  const nonceKey = body.nonce === undefined ? null : String(body.nonce);
  if (nonceKey !== null && body.enforce_nonce === true) {
    // Same author + same nonce within the window: Discord returns the first message and creates nothing.
    const seen = state.nonces.get(nonceKey);
    const previous =
      seen && Date.now() - seen.at < NONCE_WINDOW_MS ? state.messages.get(seen.messageId) : undefined;
    if (previous) return json(200, previous);
  }
  const message = createMessage(state, channelId, body, files);
  if (nonceKey !== null) state.nonces.set(nonceKey, { messageId: message.id, at: Date.now() });
  return json(200, message);
}

function threadObject(ctx: RouteContext, id: string, parent: ApiObject, type: number): ApiObject {
  const now = isoNow();
  return {
    id,
    type,
    guild_id: parent.guild_id,
    parent_id: parent.id,
    owner_id: ctx.state.botUser.id,
    name: ctx.body.name,
    last_message_id: null,
    rate_limit_per_user: asNumber(ctx.body.rate_limit_per_user) ?? 0,
    flags: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    applied_tags: [],
    thread_metadata: {
      archived: false,
      auto_archive_duration: asNumber(ctx.body.auto_archive_duration) ?? 4320,
      archive_timestamp: now,
      locked: false,
      create_timestamp: now,
      ...(type === 12 ? { invitable: ctx.body.invitable !== false } : {}),
    },
    member: { id, user_id: ctx.state.botUser.id, join_timestamp: now, flags: 0 },
  };
}

/** Validates a thread start: its parent channel, or the error answer. */
function threadParent(ctx: RouteContext): { parent: ApiObject } | { error: RouteResult } {
  const parent = ctx.state.channels.get(ctx.params.channelId ?? '');
  if (!parent) return { error: UNKNOWN_CHANNEL };
  if (parent.type !== 0 && parent.type !== 5) {
    return { error: json(400, apiError('Cannot execute action on this channel type', 50024)) };
  }
  const name = asString(ctx.body.name) ?? '';
  if (name.length < 1 || name.length > 100) {
    return {
      error: json(400, formError('name', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.')),
    };
  }
  return { parent };
}

/** Channels, messages, threads and DM channels. */
export const channelRoutes: Route[] = [
  route('POST', '/users/@me/channels', ({ state, body }) => {
    const user = state.users.get(asString(body.recipient_id) ?? '');
    if (!user || user.bot) return json(400, apiError('Invalid Recipient(s)', 50033));
    return json(200, state.dmChannel(user));
  }),
  route('GET', '/channels/:channelId', ({ state, params }) => {
    const channel = state.channels.get(params.channelId ?? '');
    return channel ? json(200, channel) : UNKNOWN_CHANNEL;
  }),
  route('POST', '/channels/:channelId/typing', ({ state, params }) =>
    state.channels.has(params.channelId ?? '') ? { status: 204 } : UNKNOWN_CHANNEL,
  ),
  route('GET', '/channels/:channelId/messages', ({ state, params, query }) => {
    if (!state.channels.has(params.channelId ?? '')) return UNKNOWN_CHANNEL;
    const limit = Math.min(Number(query.limit ?? 50) || 50, 100);
    // Discord lists newest first.
    return json(200, state.messagesIn(params.channelId).reverse().slice(0, limit));
  }),
  route('POST', '/channels/:channelId/messages', postMessage),
  route('GET', '/channels/:channelId/messages/:messageId', (ctx) => {
    const message = messageIn(ctx);
    return message ? json(200, message) : UNKNOWN_MESSAGE;
  }),
  route('PATCH', '/channels/:channelId/messages/:messageId', (ctx) => {
    const message = messageIn(ctx);
    if (!message) return UNKNOWN_MESSAGE;
    if (message.author.id !== ctx.state.botUser.id) {
      return json(403, apiError('Cannot edit a message authored by another user', 50005));
    }
    const invalid = validateMessageBody(ctx.body, ctx.files, true);
    if (invalid) return json(400, invalid);
    return json(200, editMessage(ctx.state, message, ctx.body, ctx.files));
  }),
  route('DELETE', '/channels/:channelId/messages/:messageId', (ctx) => {
    const message = messageIn(ctx);
    if (!message) return UNKNOWN_MESSAGE;
    ctx.state.messages.delete(message.id);
    return { status: 204 };
  }),
  route('POST', '/channels/:channelId/messages/:messageId/threads', (ctx) => {
    const checked = threadParent(ctx);
    if ('error' in checked) return checked.error;
    const message = messageIn(ctx);
    if (!message) return UNKNOWN_MESSAGE;
    if (message.thread)
      return json(400, apiError('A thread has already been created for this message', 160004));
    // A thread started from a message shares the message's id.
    const thread = threadObject(ctx, message.id, checked.parent, 11);
    ctx.state.channels.set(message.id, thread);
    message.thread = thread;
    message.flags |= 1 << 5;
    return json(201, thread);
  }),
  route('POST', '/channels/:channelId/threads', (ctx) => {
    const checked = threadParent(ctx);
    if ('error' in checked) return checked.error;
    const type = asNumber(ctx.body.type) === 12 ? 12 : 11;
    const thread = threadObject(ctx, newSnowflake(), checked.parent, type);
    ctx.state.channels.set(String(thread.id), thread);
    return json(201, thread);
  }),
];
