import type { FakeState } from './state.ts';
import type { ApiObject, FakeMessage, RecordedFile } from './types.ts';
import { apiError, asArray, asNumber, asRecord, asString, formError, isoNow, newSnowflake } from './util.ts';

/**
 * Flags a bot may set when posting: SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2. Others are
 * dropped as Discord does; EPHEMERAL is added back by the interaction routes, the only place it is valid.
 */
const SETTABLE_FLAGS = (1 << 2) | (1 << 12) | (1 << 15);

/**
 * Checks the limits Discord enforces, so the bot's real mistakes (an over-long message, an empty one, a
 * sixth button in a row) fail here as they would in production. Returns the error body, or null if valid.
 */
export function validateMessageBody(
  body: ApiObject,
  files: RecordedFile[],
  isEdit: boolean,
): ApiObject | null {
  const content = asString(body.content) ?? '';
  if (content.length > 2000)
    return formError('content', 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
  const embeds = asArray(body.embeds);
  if (embeds.length > 10)
    return formError('embeds', 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  for (const [i, raw] of embeds.entries()) {
    const embed = asRecord(raw);
    if ((asString(embed.title) ?? '').length > 256) {
      return formError(`embeds.${i}.title`, 'BASE_TYPE_MAX_LENGTH', 'Must be 256 or fewer in length.');
    }
    if ((asString(embed.description) ?? '').length > 4096) {
      return formError(`embeds.${i}.description`, 'BASE_TYPE_MAX_LENGTH', 'Must be 4096 or fewer in length.');
    }
    const fields = asArray(embed.fields);
    if (fields.length > 25) {
      return formError(`embeds.${i}.fields`, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    }
    for (const [j, field] of fields.entries()) {
      const { name, value } = asRecord(field);
      if (!asString(name) || (asString(name) ?? '').length > 256) {
        return formError(
          `embeds.${i}.fields.${j}.name`,
          'BASE_TYPE_BAD_LENGTH',
          'Must be between 1 and 256 in length.',
        );
      }
      if (!asString(value) || (asString(value) ?? '').length > 1024) {
        return formError(
          `embeds.${i}.fields.${j}.value`,
          'BASE_TYPE_BAD_LENGTH',
          'Must be between 1 and 1024 in length.',
        );
      }
    }
  }
  const rows = asArray(body.components);
  const componentsV2 = ((asNumber(body.flags) ?? 0) & (1 << 15)) !== 0;
  if (!componentsV2) {
    if (rows.length > 5)
      return formError('components', 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
    for (const [i, row] of rows.entries()) {
      const children = asArray(asRecord(row).components);
      if (children.length > 5) {
        return formError(
          `components.${i}.components`,
          'BASE_TYPE_MAX_LENGTH',
          'Must be 5 or fewer in length.',
        );
      }
      for (const [j, child] of children.entries()) {
        const customId = asString(asRecord(child).custom_id);
        if (customId !== undefined && (customId.length === 0 || customId.length > 100)) {
          return formError(
            `components.${i}.components.${j}.custom_id`,
            'BASE_TYPE_BAD_LENGTH',
            'Must be between 1 and 100 in length.',
          );
        }
      }
    }
  }
  const empty =
    content.length === 0 &&
    embeds.length === 0 &&
    rows.length === 0 &&
    files.length === 0 &&
    asArray(body.sticker_ids).length === 0 &&
    body.poll === undefined;
  if (empty && !isEdit) return apiError('Cannot send an empty message', 50006);
  return null;
}

function attachmentFromFile(channelId: string, file: RecordedFile, meta: ApiObject): ApiObject {
  const id = newSnowflake();
  const filename = asString(meta.filename) ?? file.filename;
  const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
  return {
    id,
    filename,
    size: file.data.length,
    url,
    proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
    content_type: file.contentType ?? 'application/octet-stream',
    ...(asString(meta.description) ? { description: meta.description } : {}),
  };
}

/**
 * The message's attachments after a create or edit. `body.attachments` lists kept attachments by their
 * snowflake and new ones by the index `n` of their `files[n]` part, as discord.js sends them.
 */
function resolveAttachments(
  channelId: string,
  previous: ApiObject[],
  body: ApiObject,
  files: RecordedFile[],
): ApiObject[] {
  const listed = body.attachments === undefined ? null : asArray(body.attachments).map(asRecord);
  const kept = listed
    ? previous.filter((old) => listed.some((entry) => String(entry.id) === String(old.id)))
    : previous;
  const added = files.map((file, index) => {
    const fileIndex = /\[(\d+)\]/.exec(file.field)?.[1] ?? String(index);
    const meta = listed?.find((entry) => String(entry.id) === fileIndex) ?? {};
    return attachmentFromFile(channelId, file, meta);
  });
  return [...kept, ...added];
}

function normalizeEmbeds(raw: unknown): unknown[] {
  // Discord stamps every bot embed with `type: "rich"` and drops empty arrays.
  return asArray(raw).map((embed) => ({ type: 'rich', ...asRecord(embed) }));
}

/** Stores a new message authored by the bot (or by the app's webhook when `extra.webhook_id` is set). */
export function createMessage(
  state: FakeState,
  channelId: string,
  body: ApiObject,
  files: RecordedFile[],
  extra: Partial<FakeMessage> = {},
): FakeMessage {
  const guildId = state.guildIdOf(channelId);
  const reference = asRecord(body.message_reference);
  const referenced = asString(reference.message_id);
  const message: FakeMessage = {
    id: newSnowflake(),
    channel_id: channelId,
    ...(guildId ? { guild_id: guildId } : {}),
    author: state.apiUser(state.botUser),
    content: asString(body.content) ?? '',
    embeds: normalizeEmbeds(body.embeds),
    components: asArray(body.components),
    attachments: resolveAttachments(channelId, [], body, files),
    flags: (asNumber(body.flags) ?? 0) & SETTABLE_FLAGS,
    timestamp: isoNow(),
    edited_timestamp: null,
    tts: body.tts === true,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    type: referenced ? 19 : 0,
    ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
    ...(referenced ? { message_reference: { type: 0, channel_id: channelId, message_id: referenced } } : {}),
    ...(referenced && state.messages.has(referenced)
      ? { referenced_message: state.messages.get(referenced) }
      : {}),
    ...extra,
  };
  state.messages.set(message.id, message);
  const channel = state.channels.get(channelId);
  if (channel) channel.last_message_id = message.id;
  return message;
}

/** Applies a message edit (`PATCH`) in place: only the fields present in the body change. */
export function editMessage(
  state: FakeState,
  message: FakeMessage,
  body: ApiObject,
  files: RecordedFile[],
): FakeMessage {
  const wasLoading = (message.flags & (1 << 7)) !== 0;
  if (body.content !== undefined) message.content = asString(body.content) ?? '';
  if (body.embeds !== undefined) message.embeds = normalizeEmbeds(body.embeds);
  if (body.components !== undefined) message.components = asArray(body.components);
  if (body.attachments !== undefined || files.length > 0) {
    message.attachments = resolveAttachments(message.channel_id, message.attachments, body, files);
  }
  if (body.flags !== undefined) {
    // Only SUPPRESS_EMBEDS can be toggled on edit; other flags (EPHEMERAL...) stay as created.
    message.flags = (message.flags & ~(1 << 2)) | ((asNumber(body.flags) ?? 0) & (1 << 2));
  }
  // Editing a deferred ("thinking...") reply is its first real content, not an edit.
  message.flags &= ~(1 << 7);
  message.edited_timestamp = wasLoading ? null : isoNow();
  state.messages.set(message.id, message);
  return message;
}
