// Every call Inverso makes to Slack, in one place: the token for the workspace, the Block Kit
// rendering, and Slack's error codes turned into what the core understands (a closed DM, a
// channel the bot is not in). Replies to events and the ChatPlatform port both use it.
import type { types, webApi } from '@slack/bolt';
import type { Card, CardImage } from '../../core/card.ts';
import { UserError } from '../../core/errors.ts';
import type { MessageRef } from '../../core/events.ts';
import type { Logger } from '../../core/logger.ts';
import { EditQueue, type EditRate } from './edit-queue.ts';
import { postMetadata, postOnce } from './post-once.ts';
import { renderCard, type SlackMessage } from './render.ts';
import type { TokenSource } from './tokens.ts';

/** Errors that mean "this person does not take private messages from the app": never retried. */
export const DM_CLOSED_ERRORS = new Set([
  'messages_tab_disabled',
  'cannot_dm_bot',
  'user_not_found',
  'user_disabled',
  'user_not_visible',
  'account_inactive',
  'restricted_action',
]);

/** Slack's error code of a failed Web API call, if it is one. */
export function slackError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** A keyed post: sent once, looked for first when an earlier attempt may have posted it. */
export interface KeyedPost {
  key: string;
  resume: boolean;
}

/**
 * A message ref of ours. It keeps the workspace (for the token of later edits) and, for a DM,
 * the class channel its buttons belong to.
 */
export function slackRef(teamId: string, channelId: string, ts: string, classChannel?: string): MessageRef {
  const extra: Record<string, string> = { team: teamId };
  if (classChannel && classChannel !== channelId) extra.classChannel = classChannel;
  return { platform: 'slack', channelId, messageId: ts, extra };
}

export class SlackOutbound {
  readonly client: webApi.WebClient;
  readonly tokens: TokenSource;
  readonly edits: EditQueue<MessageRef, Card>;
  readonly #logger: Logger;
  readonly #dmChannels = new Map<string, string>();
  /** Keyed posts go through a client that never re-sends on its own (see post-once.ts). */
  readonly #once: { client: webApi.WebClient; tries: number };

  constructor(
    client: webApi.WebClient,
    tokens: TokenSource,
    logger: Logger,
    editRate?: EditRate,
    once?: { client: webApi.WebClient; tries: number },
  ) {
    this.client = client;
    this.#once = once ?? { client, tries: 1 };
    this.tokens = tokens;
    this.#logger = logger;
    this.edits = new EditQueue((ref, card) => this.#update(ref, card), editRate);
  }

  /** Posts a card; a chart goes right after it as a file in the same place. */
  async post(
    teamId: string,
    channelId: string,
    card: Card,
    threadTs?: string,
    keyed?: KeyedPost,
  ): Promise<MessageRef> {
    const token = await this.tokens.tokenFor(teamId);
    const message = renderCard(card, { channelId });
    const args = {
      token,
      channel: channelId,
      ...message,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      // Capsule links are the teacher's videos: one click away is enough, no big previews.
      unfurl_links: false,
      unfurl_media: false,
    };
    let result: { channel?: string; ts?: string; found?: boolean };
    try {
      result = keyed
        ? await postOnce(
            this.client,
            { token, channel: channelId, ...(threadTs ? { threadTs } : {}) },
            keyed.key,
            {
              resume: keyed.resume,
              tries: this.#once.tries,
              send: () => this.#once.client.chat.postMessage({ ...args, metadata: postMetadata(keyed.key) }),
            },
          )
        : await this.client.chat.postMessage(args);
    } catch (error) {
      if (slackError(error) === 'not_in_channel') throw new UserError('common:slack.notInChannel');
      throw error;
    }
    const channel = result.channel ?? channelId;
    const ts = result.ts ?? '';
    if (card.image && !result.found) await this.#upload(token, channel, card.image, threadTs);
    return slackRef(teamId, channel, ts);
  }

  /** Replaces a posted message, coalesced and paced (see edit-queue.ts). */
  update(ref: MessageRef, card: Card): Promise<void> {
    const team = ref.extra?.team ?? '';
    return this.edits.edit(`${ref.channelId}|${ref.messageId}`, team, ref, card);
  }

  async #update(ref: MessageRef, card: Card): Promise<void> {
    const token = await this.tokens.tokenFor(ref.extra?.team);
    await this.client.chat.update({
      token,
      channel: ref.channelId,
      ts: ref.messageId,
      ...renderCard(card, { channelId: ref.extra?.classChannel ?? ref.channelId }),
    });
  }

  /** A message only `userId` sees, in a channel the bot is in. */
  async ephemeral(teamId: string, channelId: string, userId: string, message: SlackMessage): Promise<void> {
    const token = await this.tokens.tokenFor(teamId);
    await this.client.chat.postEphemeral({ token, channel: channelId, user: userId, ...message });
  }

  /**
   * A card as a direct message from the app; `null` when the person does not take them. A chart
   * goes right after it as a file in the DM, as in a channel.
   */
  async direct(
    teamId: string,
    userId: string,
    card: Card,
    classChannel?: string,
    keyed?: KeyedPost,
  ): Promise<MessageRef | null> {
    const message = renderCard(card, { channelId: classChannel });
    const ref = await this.directMessage(teamId, userId, message, classChannel, keyed);
    if (ref && card.image) await this.#upload(await this.tokens.tokenFor(teamId), ref.channelId, card.image);
    return ref;
  }

  /**
   * A chart sent on its own to someone's DM with the app: what a private answer (an ephemeral
   * message, a response URL) cannot carry. Never throws: the answer itself is out.
   */
  async directImage(teamId: string, userId: string, image: CardImage): Promise<void> {
    try {
      const token = await this.tokens.tokenFor(teamId);
      const channel = await this.#dmChannel(token, teamId, userId);
      await this.#upload(token, channel, image);
    } catch (error) {
      const code = slackError(error);
      if (code && DM_CLOSED_ERRORS.has(code)) this.#dmChannels.delete(`${teamId}|${userId}`);
      this.#logger.warn({ err: error, code }, 'chart could not be sent to the DM');
    }
  }

  /** A rendered direct message; `null` when the person does not take them. */
  async directMessage(
    teamId: string,
    userId: string,
    message: SlackMessage,
    classChannel?: string,
    keyed?: KeyedPost,
  ): Promise<MessageRef | null> {
    const token = await this.tokens.tokenFor(teamId);
    try {
      const channel = await this.#dmChannel(token, teamId, userId);
      const args = { token, channel, ...message, unfurl_links: false };
      const result = keyed
        ? await postOnce(this.client, { token, channel }, keyed.key, {
            resume: keyed.resume,
            tries: this.#once.tries,
            send: () => this.#once.client.chat.postMessage({ ...args, metadata: postMetadata(keyed.key) }),
          })
        : await this.client.chat.postMessage(args);
      return slackRef(teamId, result.channel ?? channel, result.ts ?? '', classChannel);
    } catch (error) {
      const code = slackError(error);
      if (code && DM_CLOSED_ERRORS.has(code)) {
        this.#dmChannels.delete(`${teamId}|${userId}`);
        return null;
      }
      throw error;
    }
  }

  /** Posts to a response URL (valid 30 minutes, 5 times); throws when Slack refuses. */
  async respond(url: string, body: SlackMessage & Record<string, unknown>): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`response_url answered ${response.status}`);
    await response.arrayBuffer();
  }

  async openView(teamId: string, triggerId: string, view: types.ModalView): Promise<void> {
    const token = await this.tokens.tokenFor(teamId);
    try {
      await this.client.views.open({ token, trigger_id: triggerId, view });
    } catch (error) {
      const code = slackError(error);
      if (code === 'expired_trigger_id' || code === 'exchanged_trigger_id' || code === 'invalid_trigger_id') {
        throw new UserError('common:slack.formExpired');
      }
      throw error;
    }
  }

  async publishHome(teamId: string, userId: string, view: types.HomeView): Promise<void> {
    const token = await this.tokens.tokenFor(teamId);
    await this.client.views.publish({ token, user_id: userId, view });
  }

  async #dmChannel(token: string, teamId: string, userId: string): Promise<string> {
    const key = `${teamId}|${userId}`;
    const known = this.#dmChannels.get(key);
    if (known) return known;
    const opened = await this.client.conversations.open({ token, users: userId });
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    this.#dmChannels.set(key, id);
    return id;
  }

  async #upload(token: string, channel: string, image: CardImage, threadTs?: string): Promise<void> {
    try {
      const destination = threadTs ? { channel_id: channel, thread_ts: threadTs } : { channel_id: channel };
      await this.client.filesUploadV2({
        token,
        ...destination,
        file: Buffer.from(image.png),
        filename: image.filename,
        title: image.alt.slice(0, 250),
        alt_text: image.alt.slice(0, 1000),
      });
    } catch (error) {
      // The card is out; a chart that cannot follow (no files:write) must not make the post fail
      // and be posted again by the scheduler.
      this.#logger.warn({ err: error, code: slackError(error) }, 'chart upload to Slack failed');
    }
  }
}
