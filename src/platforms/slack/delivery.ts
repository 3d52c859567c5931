// How the core's Reply reaches a Slack user. Private answers take the first way that works: the
// event's response URL (an ephemeral message where they acted, even in a channel the bot is not
// in), chat.postEphemeral in the class channel, then a DM from the app; a chart, which none of
// those can carry as a file, follows in the DM. Public answers are channel messages; forms open as
// modals with the event's trigger id.
import type { Card } from '../../core/card.ts';
import type { FormRequest, Reply } from '../../core/commands.ts';
import type { Dispatcher } from '../../core/dispatcher.ts';
import { pickT } from '../../core/locale.ts';
import type { Logger } from '../../core/logger.ts';
import { logUnexpected } from '../../core/unexpected.ts';
import { formView, metadataFor } from './forms.ts';
import { type SlackOutbound, slackRef } from './outbound.ts';
import { renderCard, type SlackMessage } from './render.ts';

/** Where an event came from and how to answer it. */
export interface ReplyTarget {
  teamId: string;
  userId: string;
  /** The class channel (a C or G id), when known. */
  channelId?: string;
  responseUrl?: string;
  triggerId?: string;
  /** The message holding the button that was pressed. */
  message?: { channelId: string; ts: string; ephemeral: boolean };
  /** The person's language, for the modal's labels. */
  locale?: string;
  /** Acted from the App Home: private answers go to the app's DM, next to the home. */
  fromHome?: boolean;
}

const asCard = (card: Card | string): Card => (typeof card === 'string' ? { text: card } : card);

/**
 * Sends a private message by the first way that works: response URL, ephemeral in the class
 * channel, DM. Throws only when none does.
 */
export async function sendPrivate(
  out: SlackOutbound,
  target: ReplyTarget,
  message: SlackMessage,
  logger: Logger,
): Promise<void> {
  if (target.responseUrl) {
    try {
      await out.respond(target.responseUrl, {
        ...message,
        response_type: 'ephemeral',
        replace_original: false,
      });
      return;
    } catch (error) {
      // Expired (after 30 minutes or 5 uses): try the next way.
      logger.debug({ err: error }, 'response_url refused; falling back');
    }
  }
  const channel = target.channelId;
  if (channel && /^[CG]/.test(channel) && !target.fromHome) {
    try {
      await out.ephemeral(target.teamId, channel, target.userId, message);
      return;
    } catch (error) {
      logger.debug({ err: error }, 'chat.postEphemeral failed; falling back to a DM');
    }
  }
  await out.directMessage(target.teamId, target.userId, message, channel);
}

/**
 * An error nobody foresaw, while handling someone's event outside the dispatcher (opening a modal,
 * reading a submission): logged once under a short id, and the person told privately, with the id
 * to pass on. Never throws. Returns the id.
 */
export async function reportUnexpected(
  ctx: { out: SlackOutbound; dispatcher: Pick<Dispatcher, 'i18n'>; logger: Logger },
  target: ReplyTarget | null,
  error: unknown,
  what: string,
  details: Record<string, unknown> = {},
): Promise<string> {
  const errorId = logUnexpected(ctx.logger, error, what, details);
  if (!target) return errorId;
  try {
    const t = pickT(ctx.dispatcher.i18n, target.locale);
    const card: Card = { text: t('errors:unexpected', { id: errorId }), tone: 'error' };
    await sendPrivate(ctx.out, target, renderCard(card, { channelId: target.channelId }), ctx.logger);
  } catch (replyError) {
    ctx.logger.warn({ err: replyError, errorId }, 'could not deliver an error reply');
  }
  return errorId;
}

/** Builds the Reply of one event. */
export function slackReply(
  out: SlackOutbound,
  dispatcher: Dispatcher,
  target: ReplyTarget,
  logger: Logger,
): Reply {
  const classChannel = target.channelId;
  const reply: Reply = {
    async private(input) {
      const card = asCard(input);
      await sendPrivate(
        out,
        target,
        renderCard(card, { channelId: classChannel, describeImage: true }),
        logger,
      );
      // A private answer cannot carry a file: the chart goes to the person's DM with the app.
      if (card.image) await out.directImage(target.teamId, target.userId, card.image);
    },

    async public(input) {
      if (!classChannel) throw new Error('no channel to post in');
      return out.post(target.teamId, classChannel, asCard(input));
    },

    async openForm(request: FormRequest) {
      const spec = dispatcher.form(request.form);
      if (!spec) throw new Error(`unknown form "${request.form}"`);
      if (!target.triggerId) throw new Error('no trigger id to open a form with');
      const view = formView(spec, {
        t: pickT(dispatcher.i18n, target.locale),
        metadata: metadataFor(request, classChannel, target.responseUrl),
        values: request.values ?? {},
      });
      await out.openView(target.teamId, target.triggerId, view);
    },
  };
  const message = target.message;
  if (message) {
    reply.update = async (card) => {
      // An ephemeral message can only be replaced through its response URL; a message everyone
      // sees goes through chat.update, paced like every other edit.
      if (message.ephemeral && target.responseUrl) {
        const body = renderCard(card, { channelId: classChannel, describeImage: true });
        await out.respond(target.responseUrl, { ...body, replace_original: true });
        return;
      }
      if (!message.ephemeral) {
        await out.update(slackRef(target.teamId, message.channelId, message.ts, classChannel), card);
        return;
      }
      await reply.private(card);
    };
  }
  return reply;
}
