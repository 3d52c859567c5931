// Web API methods for modals, App Home and the files.uploadV2 flow (getUploadURLExternal, the upload
// itself on the fake server, then completeUploadExternal).
import { fail, type MethodHandler, str } from './api-result.ts';
import { isRecord } from './http-utils.ts';
import type { FakeView, SlackState } from './state.ts';

function viewJson(state: SlackState, v: FakeView): Record<string, unknown> {
  const { identity } = state;
  return {
    blocks: [],
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: null,
    ...v.definition,
    id: v.id,
    team_id: identity.teamId,
    type: v.type,
    private_metadata: v.privateMetadata,
    callback_id: v.callbackId,
    external_id: v.externalId,
    state: { values: {} },
    hash: v.hash,
    previous_view_id: null,
    root_view_id: v.rootViewId,
    app_id: identity.appId,
    app_installed_team_id: identity.teamId,
    bot_id: identity.botId,
  };
}

/** Stores a view definition; a string result is an error code. */
function storeView(state: SlackState, definition: unknown, base: Partial<FakeView>): FakeView | string {
  if (!isRecord(definition) || typeof definition.type !== 'string') return 'invalid_arguments';
  const id = base.id ?? state.nextId('V');
  const view: FakeView = {
    id,
    type: definition.type,
    callbackId: str(definition.callback_id) ?? '',
    privateMetadata: str(definition.private_metadata) ?? '',
    externalId: str(definition.external_id) ?? '',
    hash: `${state.nextTs()}.${id.toLowerCase()}`,
    rootViewId: base.rootViewId ?? id,
    definition,
    ...(base.userId !== undefined ? { userId: base.userId } : {}),
    ...(base.triggerId !== undefined ? { triggerId: base.triggerId } : {}),
  };
  state.views.set(id, view);
  return view;
}

function openView(): MethodHandler {
  return (args, { state }) => {
    const triggerId = str(args.trigger_id);
    if (!triggerId) return fail('invalid_trigger_id');
    // Slack trigger ids are single-use: a second views.open with the same one fails.
    if (state.usedTriggers.has(triggerId)) return fail('exchanged_trigger_id');
    const view = storeView(state, args.view, { triggerId });
    if (typeof view === 'string') return fail(view);
    state.usedTriggers.add(triggerId);
    return { ok: true, view: viewJson(state, view) };
  };
}

function mimeOf(filename: string): string {
  const ext = filename.split('.').pop()?.toLowerCase() ?? '';
  const known: Record<string, string> = {
    png: 'image/png',
    jpg: 'image/jpeg',
    pdf: 'application/pdf',
    csv: 'text/csv',
    txt: 'text/plain',
    json: 'application/json',
  };
  return known[ext] ?? 'application/octet-stream';
}

export const viewAndFileHandlers: Record<string, MethodHandler> = {
  'views.open': openView(),
  'views.push': openView(),

  'views.update': (args, { state }) => {
    const viewId = str(args.view_id);
    const externalId = str(args.external_id);
    const current = viewId
      ? state.views.get(viewId)
      : [...state.views.values()].find((v) => externalId && v.externalId === externalId);
    if (!current) return fail('not_found');
    if (str(args.hash) && str(args.hash) !== current.hash) return fail('hash_conflict');
    const view = storeView(state, args.view, current);
    return typeof view === 'string' ? fail(view) : { ok: true, view: viewJson(state, view) };
  },

  'views.publish': (args, { state }) => {
    const userId = str(args.user_id);
    if (!userId || !state.users.has(userId)) return fail('user_not_found');
    const previous = state.homes.get(userId);
    if (previous && str(args.hash) && str(args.hash) !== previous.hash) return fail('hash_conflict');
    if (!isRecord(args.view) || args.view.type !== 'home') return fail('invalid_arguments');
    const view = storeView(state, args.view, { ...(previous ? { id: previous.id } : {}), userId });
    if (typeof view === 'string') return fail(view);
    state.homes.set(userId, view);
    return { ok: true, view: viewJson(state, view) };
  },

  'files.getUploadURLExternal': (args, { state, baseUrl }) => {
    const filename = str(args.filename);
    const length = Number(str(args.length));
    if (!filename || !Number.isFinite(length)) return fail('invalid_arguments');
    const id = state.nextId('F');
    state.files.set(id, { id, filename, length, completed: false, altText: str(args.alt_text) });
    return { ok: true, upload_url: `${baseUrl}/upload/${id}`, file_id: id };
  },

  'files.completeUploadExternal': (args, { state }) => {
    const entries = Array.isArray(args.files) ? args.files.filter(isRecord) : [];
    if (entries.length === 0) return fail('invalid_arguments');
    const channelId = str(args.channel_id) ?? str(args.channels);
    if (channelId && !state.resolveChannel(channelId)) return fail('channel_not_found');
    const files = entries.map((entry) => state.files.get(str(entry.id) ?? ''));
    if (files.some((f) => !f || f.data === undefined)) return fail('file_not_found');
    const out = files.flatMap((file) => {
      if (!file) return [];
      file.completed = true;
      file.title = str(entries.find((e) => e.id === file.id)?.title) ?? file.filename;
      if (channelId) file.channelId = channelId;
      file.initialComment = str(args.initial_comment);
      file.threadTs = str(args.thread_ts);
      const { teamDomain } = state.identity;
      return [
        {
          id: file.id,
          name: file.filename,
          title: file.title,
          mimetype: mimeOf(file.filename),
          filetype: file.filename.split('.').pop() ?? 'binary',
          size: file.data?.length ?? file.length,
          user: state.identity.botUserId,
          url_private: `https://files.slack.com/files-pri/${state.identity.teamId}-${file.id}/${file.filename}`,
          permalink: `https://${teamDomain}.slack.com/files/${state.identity.botUserId}/${file.id}/${file.filename}`,
          channels: channelId ? [channelId] : [],
        },
      ];
    });
    return { ok: true, files: out };
  },
};
