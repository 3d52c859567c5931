// Buttons, menus and modals. A click becomes the dispatcher's action event (acknowledged first);
// a submitted modal becomes its form event. A form's answer is awaited for a moment before the
// modal is acknowledged, so mistakes (a date in the past, a bad link) keep the modal open with the
// values typed and each problem under its field; a slow answer closes the modal and arrives as a
// message with a button that reopens the form filled in.
import type { Card } from '../../core/card.ts';
import type { FormRequest, Reply } from '../../core/commands.ts';
import type { InboundEvent, MessageRef } from '../../core/events.ts';
import { pickT } from '../../core/locale.ts';
import { type SlackContext, slackPlace } from './context.ts';
import { type ClickedElement, channelOfBlock, decodeClick } from './controls.ts';
import { type ReplyTarget, reportUnexpected, slackReply } from './delivery.ts';
import { decodeMetadata, formView, readValues, type ViewValues } from './forms.ts';
import { clip, toPlain } from './mrkdwn.ts';
import { slackRef } from './outbound.ts';

/** The parts of a block_actions payload Inverso reads. */
export interface BlockActionsBody {
  type: 'block_actions';
  user: { id: string; name?: string; username?: string; team_id?: string };
  team?: { id: string } | null;
  channel?: { id: string } | null;
  container?: { type?: string; channel_id?: string; message_ts?: string; is_ephemeral?: boolean };
  message?: { ts: string } | null;
  response_url?: string;
  trigger_id?: string;
  actions: (ClickedElement & { block_id?: string })[];
}

/** The parts of a view_submission payload Inverso reads. */
export interface ViewSubmissionBody {
  type: 'view_submission';
  user: { id: string; name?: string; username?: string; team_id?: string };
  team?: { id: string } | null;
  trigger_id?: string;
  view: { private_metadata?: string; state: { values: ViewValues } };
}

/** The modal acknowledgement Slack accepts for a view_submission. */
export type ViewAck = (response?: Record<string, unknown>) => Promise<void>;

/** Handles one click, after it was acknowledged. Never throws. */
export async function handleAction(ctx: SlackContext, body: BlockActionsBody): Promise<void> {
  const element = body.actions[0];
  if (!element) return;
  const click = decodeClick(element);
  if (click.kind !== 'action' && click.kind !== 'command') return; // links need only the ack
  let target: ReplyTarget | null = null;
  try {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const container = body.container ?? {};
    const channelId = channelOfBlock(element.block_id) ?? body.channel?.id ?? container.channel_id;
    const fromHome = container.type === 'view';
    const messageTs = container.message_ts ?? body.message?.ts;
    const messageChannel = container.channel_id ?? body.channel?.id;
    target = {
      teamId,
      userId: body.user.id,
      ...(channelId ? { channelId } : {}),
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
      ...(fromHome ? { fromHome } : {}),
    };
    const actor = await ctx.profiles.actor(teamId, body.user.id, body.user.name ?? body.user.username);
    if (actor.locale) target.locale = actor.locale;
    const reply = slackReply(
      ctx.out,
      ctx.dispatcher,
      {
        ...target,
        ...(body.trigger_id ? { triggerId: body.trigger_id } : {}),
        ...(messageTs && messageChannel
          ? {
              message: {
                channelId: messageChannel,
                ts: messageTs,
                ephemeral: container.is_ephemeral === true,
              },
            }
          : {}),
      },
      ctx.logger,
    );
    let event: InboundEvent;
    if (click.kind === 'command') {
      // A choice in a picker runs the command it was shown for (see picker.ts).
      event = { type: 'command', command: click.key, args: { [click.option]: click.value } };
    } else {
      event = { type: 'action', action: click.action, args: click.args };
      if (click.value !== undefined) event.value = click.value;
      if (messageTs && messageChannel && !container.is_ephemeral && !fromHome) {
        event.message = slackRef(teamId, messageChannel, messageTs, channelId) satisfies MessageRef;
      }
    }
    await ctx.dispatcher.handle(event, { actor, place: slackPlace(teamId, channelId), reply });
    if (fromHome) await ctx.refreshHome(teamId, body.user.id);
  } catch (error) {
    await reportUnexpected(ctx, target, error, 'Slack action failed', {
      action: click.kind === 'action' ? click.action : click.key,
    });
  }
}

/** Handles a submitted modal; `ack` is called exactly once, within Slack's 3 seconds. */
export async function handleSubmission(
  ctx: SlackContext,
  body: ViewSubmissionBody,
  ack: ViewAck,
): Promise<void> {
  // Slack's 3 s count from the request: so does the form's deadline, whatever runs before the form
  // reaches the dispatcher (the profile lookup can take a second).
  const deadline = new Deadline(ctx.formDeadlineMs);
  // Whatever happens below, Slack gets exactly one answer (else it shows the person an error).
  let acked = false;
  const answer: ViewAck = async (response) => {
    if (acked) return;
    acked = true;
    await ack(response);
  };
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const meta = decodeMetadata(body.view.private_metadata);
  try {
    await submit(ctx, body, answer, deadline);
  } catch (error) {
    await answer().catch(() => {});
    const target: ReplyTarget = {
      teamId,
      userId: body.user.id,
      ...(meta?.channelId ? { channelId: meta.channelId } : {}),
      ...(meta?.responseUrl ? { responseUrl: meta.responseUrl } : {}),
    };
    await reportUnexpected(ctx, target, error, 'Slack form submission failed', { form: meta?.form });
  } finally {
    deadline.clear();
  }
}

/** A time limit started now: `reached` resolves with false when it runs out. */
class Deadline {
  readonly reached: Promise<false>;
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number) {
    this.reached = new Promise<false>((resolve) => {
      this.#timer = setTimeout(() => resolve(false), ms);
    });
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}

async function submit(
  ctx: SlackContext,
  body: ViewSubmissionBody,
  ack: ViewAck,
  deadline: Deadline,
): Promise<void> {
  const { dispatcher, logger } = ctx;
  const meta = decodeMetadata(body.view.private_metadata);
  const spec = meta ? dispatcher.form(meta.form) : undefined;
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  if (!meta || !spec) {
    await ack();
    return;
  }
  const values = readValues(spec, body.view.state.values);
  const actor = await ctx.profiles.actor(teamId, body.user.id, body.user.name ?? body.user.username);
  const t = pickT(dispatcher.i18n, actor.locale);
  const direct = slackReply(
    ctx.out,
    dispatcher,
    {
      teamId,
      userId: body.user.id,
      ...(meta.channelId ? { channelId: meta.channelId } : {}),
      ...(meta.responseUrl ? { responseUrl: meta.responseUrl } : {}),
      ...(actor.locale ? { locale: actor.locale } : {}),
    },
    logger,
  );
  // Until the modal is acknowledged, answers are held: the first decides how the modal closes.
  let holding = true;
  const held: Card[] = [];
  let next: FormRequest | undefined;
  const reply: Reply = {
    async private(card) {
      if (holding) held.push(typeof card === 'string' ? { text: card } : card);
      else await direct.private(card);
    },
    public: (card) => direct.public(card),
    async openForm(request) {
      if (holding) next = request;
      else await direct.private({ text: t('common:slack.formExpired'), tone: 'error' });
    },
  };
  const work = dispatcher.submit(
    { type: 'form', form: meta.form, state: meta.state, values },
    { actor, place: slackPlace(teamId, meta.channelId), reply },
  );
  const outcome = await Promise.race([work, deadline.reached]);
  const inTime = outcome !== false;
  deadline.clear();
  holding = false;
  const answers = held.splice(0);
  if (outcome && outcome.status === 'invalid') {
    // Every mistake at once, each under its field; the modal stays open with what was typed.
    const errors = Object.fromEntries(
      Object.entries(outcome.fields).map(([field, texts]) => [field, clip(texts.join(' '), 2000)]),
    );
    if (outcome.general.length === 0) await ack({ response_action: 'errors', errors });
    else {
      const error = outcome.general.join('\n');
      await ack({
        response_action: 'update',
        view: formView(spec, { t, metadata: meta, values, error, fieldErrors: outcome.fields }),
      });
    }
    for (const card of answers) await direct.private(card);
    return;
  }
  const [first] = answers;
  if (inTime && answers.length === 1 && first?.tone === 'error') {
    const error = toPlain(first.text ?? first.title ?? '');
    await ack({ response_action: 'update', view: formView(spec, { t, metadata: meta, values, error }) });
    return;
  }
  const nextSpec = next ? dispatcher.form(next.form) : undefined;
  if (inTime && next && nextSpec) {
    const metadata = { ...meta, form: next.form, state: next.state ?? [] };
    await ack({
      response_action: 'push',
      view: formView(nextSpec, { t, metadata, values: next.values ?? {} }),
    });
  } else {
    await ack();
    // A form asked for too late cannot open any more (the modal is gone): say so.
    if (next) answers.push({ text: t('common:slack.formExpired'), tone: 'error' });
  }
  for (const card of answers) await direct.private(card);
  const late = await work;
  // Too late to keep the modal open: the mistakes come as a message that can reopen it, filled in.
  if (late.status === 'invalid') await direct.private(await late.retry());
}
