// Answers of the Web API methods Inverso uses, shaped like Slack's (ok, ids, ts) and backed by SlackState
// so that, e.g., chat.update only works on a message that chat.postMessage really created.
import { type ApiResult, fail, flag, type MethodHandler, str } from './api-result.ts';
import { historyHandlers } from './history.ts';
import type { FakeChannel, FakeMessage, SlackState } from './state.ts';
import { viewAndFileHandlers } from './views-files.ts';

export type { ApiResult, MethodContext, MethodHandler } from './api-result.ts';

function messageJson(state: SlackState, m: FakeMessage): Record<string, unknown> {
  const { identity } = state;
  return {
    type: 'message',
    text: m.text,
    user: identity.botUserId,
    bot_id: identity.botId,
    app_id: identity.appId,
    team: identity.teamId,
    ts: m.ts,
    ...(m.blocks !== undefined ? { blocks: m.blocks } : {}),
    ...(m.attachments !== undefined ? { attachments: m.attachments } : {}),
    ...(m.threadTs !== undefined ? { thread_ts: m.threadTs } : {}),
    ...(m.edited ? { edited: { user: identity.botUserId, ts: m.ts } } : {}),
    bot_profile: {
      id: identity.botId,
      app_id: identity.appId,
      name: identity.botName,
      team_id: identity.teamId,
    },
  };
}

/** Common checks of chat.postMessage / chat.postEphemeral, in Slack's order; a string is an error code. */
function postable(state: SlackState, args: Record<string, unknown>): FakeChannel | string {
  const id = str(args.channel);
  if (!id) return 'channel_not_found';
  if (!str(args.text) && args.blocks === undefined && args.attachments === undefined) return 'no_text';
  const channel = state.resolveChannel(id);
  if (!channel) return 'channel_not_found';
  if (channel.archived) return 'is_archived';
  if (!channel.botIsMember) return 'not_in_channel';
  return channel;
}

export const methodHandlers: Record<string, MethodHandler> = {
  'auth.test': (_args, { state: { identity } }) => ({
    ok: true,
    url: `https://${identity.teamDomain}.slack.com/`,
    team: identity.teamName,
    user: identity.botName,
    team_id: identity.teamId,
    user_id: identity.botUserId,
    bot_id: identity.botId,
    is_enterprise_install: false,
  }),

  'chat.postMessage': (args, { state }) => {
    const channel = postable(state, args);
    if (typeof channel === 'string') return fail(channel);
    const user = channel.imUser !== undefined ? state.users.get(channel.imUser) : undefined;
    if (user?.dmError) return fail(user.dmError);
    const message: FakeMessage = {
      channel: channel.id,
      ts: state.nextTs(),
      text: str(args.text) ?? '',
      blocks: args.blocks,
      attachments: args.attachments,
      ...(str(args.thread_ts) ? { threadTs: str(args.thread_ts) } : {}),
      ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
    };
    state.messages.push(message);
    return { ok: true, channel: channel.id, ts: message.ts, message: messageJson(state, message) };
  },

  'chat.postEphemeral': (args, { state }) => {
    const channel = postable(state, args);
    if (typeof channel === 'string') return fail(channel);
    const userId = str(args.user);
    if (!userId || !state.users.has(userId)) return fail('user_not_in_channel');
    const ts = state.nextTs();
    state.messages.push({
      channel: channel.id,
      ts,
      text: str(args.text) ?? '',
      blocks: args.blocks,
      ephemeralFor: userId,
    });
    return { ok: true, message_ts: ts };
  },

  'chat.update': (args, { state }) => {
    const channel = state.resolveChannel(str(args.channel) ?? '');
    if (!channel) return fail('channel_not_found');
    const message = state.findMessage(channel.id, str(args.ts) ?? '');
    if (!message) return fail('message_not_found');
    if (args.text !== undefined) message.text = str(args.text) ?? '';
    if (args.blocks !== undefined) message.blocks = args.blocks;
    if (args.attachments !== undefined) message.attachments = args.attachments;
    message.edited = true;
    const json = messageJson(state, message);
    return { ok: true, channel: message.channel, ts: message.ts, text: message.text, message: json };
  },

  'chat.delete': (args, { state }) => {
    const message = state.findMessage(str(args.channel) ?? '', str(args.ts) ?? '');
    if (!message) return fail('message_not_found');
    state.messages.splice(state.messages.indexOf(message), 1);
    return { ok: true, channel: message.channel, ts: message.ts };
  },

  'chat.getPermalink': (args, { state }) => {
    const channel = str(args.channel) ?? '';
    const ts = str(args.message_ts) ?? '';
    if (!state.channels.has(channel)) return fail('channel_not_found');
    if (!state.findMessage(channel, ts)) return fail('message_not_found');
    const permalink = `https://${state.identity.teamDomain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
    return { ok: true, channel, permalink };
  },

  'conversations.open': (args, { state }) => {
    const ids = (str(args.users) ?? '').split(',').filter(Boolean);
    if (ids.length === 0)
      return str(args.channel)
        ? conversationsInfo(state, str(args.channel))
        : fail('users_list_not_supplied');
    if (ids.length > 1) return fail('fake_slack_mpim_not_supported');
    const user = state.users.get(ids[0] ?? '');
    if (!user) return fail('user_not_found');
    if (user.deleted) return fail('user_disabled');
    const existed = [...state.channels.values()].some((c) => c.imUser === user.id);
    const channel = state.dmWith(user.id);
    const full = flag(args.return_im) ? channelJson(state, channel) : { id: channel.id };
    return { ok: true, ...(existed ? { no_op: true, already_open: true } : {}), channel: full };
  },

  'conversations.info': (args, { state }) => conversationsInfo(state, str(args.channel)),

  'users.info': (args, { state }) => {
    const user = state.users.get(str(args.user) ?? '');
    if (!user) return fail('user_not_found');
    const profile = {
      display_name: user.displayName,
      display_name_normalized: user.displayName,
      real_name: user.realName,
      real_name_normalized: user.realName,
    };
    return {
      ok: true,
      user: {
        id: user.id,
        team_id: state.identity.teamId,
        name: user.name,
        deleted: user.deleted,
        real_name: user.realName,
        tz: user.tz,
        is_bot: user.isBot,
        profile,
        // Slack only sends the locale when asked to.
        ...(flag(args.include_locale) ? { locale: user.locale } : {}),
      },
    };
  },

  ...viewAndFileHandlers,
  ...historyHandlers,
};

function channelJson(state: SlackState, c: FakeChannel): Record<string, unknown> {
  return {
    id: c.id,
    name: c.isIm ? undefined : c.name,
    is_channel: !c.isIm && !c.isPrivate,
    is_group: false,
    is_im: c.isIm,
    is_mpim: false,
    is_private: c.isPrivate,
    is_archived: c.archived,
    is_member: c.botIsMember,
    created: c.created,
    context_team_id: state.identity.teamId,
    ...(c.imUser !== undefined ? { user: c.imUser } : {}),
  };
}

function conversationsInfo(state: SlackState, id: string | undefined): ApiResult {
  const channel = id ? state.channels.get(id) : undefined;
  return channel ? { ok: true, channel: channelJson(state, channel) } : fail('channel_not_found');
}
