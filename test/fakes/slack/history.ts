// conversations.history and conversations.replies over the fake's messages, newest first, with the
// message metadata only when `include_all_metadata` is set, as Slack does. Inverso reads them to
// find a keyed post whose answer was lost instead of posting it again (issue 12).
import { fail, flag, type MethodHandler, str } from './api-result.ts';
import type { FakeMessage, SlackState } from './state.ts';

function shown(state: SlackState, m: FakeMessage, metadata: boolean): Record<string, unknown> {
  return {
    type: 'message',
    text: m.text,
    user: state.identity.botUserId,
    bot_id: state.identity.botId,
    app_id: state.identity.appId,
    ts: m.ts,
    ...(m.threadTs !== undefined ? { thread_ts: m.threadTs } : {}),
    ...(metadata && m.metadata !== undefined ? { metadata: m.metadata } : {}),
  };
}

function limitOf(args: Record<string, unknown>): number {
  const n = Number(str(args.limit) ?? 100);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 999) : 100;
}

export const historyHandlers: Record<string, MethodHandler> = {
  'conversations.history': (args, { state }) => {
    const channel = state.resolveChannel(str(args.channel) ?? '');
    if (!channel) return fail('channel_not_found');
    const visible = state.messages.filter(
      (m) => m.channel === channel.id && m.ephemeralFor === undefined && m.threadTs === undefined,
    );
    const messages = visible
      .slice(-limitOf(args))
      .reverse()
      .map((m) => shown(state, m, flag(args.include_all_metadata)));
    return { ok: true, messages, has_more: visible.length > messages.length };
  },

  'conversations.replies': (args, { state }) => {
    const channel = state.resolveChannel(str(args.channel) ?? '');
    if (!channel) return fail('channel_not_found');
    const ts = str(args.ts) ?? '';
    const parent = state.findMessage(channel.id, ts);
    if (!parent) return fail('thread_not_found');
    const thread = [parent, ...state.messages.filter((m) => m.channel === channel.id && m.threadTs === ts)];
    const messages = thread
      .slice(0, limitOf(args))
      .map((m) => shown(state, m, flag(args.include_all_metadata)));
    return { ok: true, messages, has_more: thread.length > messages.length };
  },
};
