// What a member does on the page, turned into the dispatcher's neutral events: the same path a
// Discord interaction or a Slack payload takes. Replies go back through the sandbox's log, so
// private ones reach only the member who acted.
import { parseText } from '../../core/args.ts';
import type { Card } from '../../core/card.ts';
import type { FormRequest, Reply } from '../../core/commands.ts';
import { opensForm } from '../../core/commands.ts';
import type { Delivery, Suggestion } from '../../core/dispatcher.ts';
import { isUserError } from '../../core/errors.ts';
import type { Actor } from '../../core/events.ts';
import type { FormResult } from '../../core/form-check.ts';
import { notFound } from '../../http/errors.ts';
import { parseLine } from './commands.ts';
import { describeForm } from './forms.ts';
import { refOf } from './message-log.ts';
import type { SandboxDispatcher, SandboxMember, SandboxPlatform } from './platform.ts';
import { cardHasControl } from './render.ts';

/** Who acts, in which language (the page's language switch plays the platform's locale). */
export interface ActingMember {
  member: SandboxMember;
  locale: string;
}

/** A button press or a menu choice on a message. */
export interface ActionInput {
  messageId: string;
  action: string;
  args: string[];
  value?: string;
}

/** A submitted dialog. */
export interface FormInput {
  form: string;
  state: string[];
  values: Record<string, string>;
}

const asCard = (card: Card | string): Card => (typeof card === 'string' ? { text: card } : card);

function actorOf({ member, locale }: ActingMember): Actor {
  return { platformUserId: member.id, displayName: member.name, locale };
}

/** The reply channel of one event: private to the member's log, public to the class channel. */
function deliveryFor(
  sandbox: SandboxPlatform,
  dispatcher: SandboxDispatcher,
  who: ActingMember,
  messageId?: string,
): Delivery {
  const place = sandbox.place;
  const reply: Reply = {
    async private(card) {
      sandbox.addPrivate(who.member.id, { kind: 'ephemeral', card: asCard(card) });
    },
    public(card) {
      return sandbox.post({ workspaceId: place.workspaceId, channelId: place.channelId }, asCard(card));
    },
    async openForm(request: FormRequest) {
      const spec = dispatcher.form(request.form);
      if (!spec) throw new Error(`unknown form "${request.form}"`);
      sandbox.openForm(who.member.id, describeForm(spec, request, dispatcher.i18n.t(who.locale)));
    },
  };
  if (messageId) {
    reply.update = async (card) => {
      // A message that scrolled out of memory cannot change: show the new version privately instead.
      if (!sandbox.updateFor(who.member.id, messageId, card)) await reply.private(card);
    };
  }
  return { actor: actorOf(who), place, reply };
}

/** Runs a typed line such as `/capsule schedule title:"Fractions" …`. */
export async function runCommand(
  sandbox: SandboxPlatform,
  dispatcher: SandboxDispatcher,
  who: ActingMember,
  line: string,
): Promise<void> {
  sandbox.addPrivate(who.member.id, { kind: 'command', command: line.trim() });
  const delivery = deliveryFor(sandbox, dispatcher, who);
  const parsed = parseLine(line, dispatcher.catalogue.commands);
  if (!parsed.spec) {
    // The dispatcher owns the "unknown command" answer, in the member's language.
    await dispatcher.handle({ type: 'command', command: parsed.key, args: {}, text: parsed.rest }, delivery);
    return;
  }
  let raw: Record<string, string>;
  try {
    raw = parseText(parsed.spec, parsed.rest);
  } catch (error) {
    if (!isUserError(error)) throw error;
    const t = dispatcher.i18n.t(who.locale);
    await delivery.reply.private({ text: t(error.key, error.params), tone: 'error' });
    return;
  }
  if (opensForm(parsed.spec, raw)) {
    await delivery.reply.openForm({ form: parsed.spec.form, values: raw });
    return;
  }
  await dispatcher.handle({ type: 'command', command: parsed.key, args: raw, text: parsed.rest }, delivery);
}

/** Presses a button or picks in a menu. Only controls the message really carries are accepted. */
export async function runAction(
  sandbox: SandboxPlatform,
  dispatcher: SandboxDispatcher,
  who: ActingMember,
  input: ActionInput,
): Promise<void> {
  const message = sandbox.log.get(input.messageId);
  if (!message || !sandbox.canSee(who.member.id, message)) throw notFound('web:errors.messageGone');
  const delivery = deliveryFor(sandbox, dispatcher, who, message.id);
  if (!message.card || !cardHasControl(message.card, input.action, input.args, input.value)) {
    const t = dispatcher.i18n.t(who.locale);
    await delivery.reply.private({ text: t('errors:staleButton'), tone: 'error' });
    return;
  }
  const event = { type: 'action' as const, action: input.action, args: input.args, message: refOf(message) };
  await dispatcher.handle(input.value === undefined ? event : { ...event, value: input.value }, delivery);
}

/**
 * Submits a dialog the member filled in. Values of fields the form does not have are dropped. Its
 * mistakes come back by field, for the dialog to show while it stays open with what was typed.
 */
export async function submitForm(
  sandbox: SandboxPlatform,
  dispatcher: SandboxDispatcher,
  who: ActingMember,
  input: FormInput,
): Promise<FormResult> {
  const spec = dispatcher.form(input.form);
  const values = spec
    ? Object.fromEntries(spec.fields.map((f) => [f.id, input.values[f.id] ?? '']))
    : { ...input.values };
  const delivery = deliveryFor(sandbox, dispatcher, who);
  return dispatcher.submit({ type: 'form', form: input.form, state: input.state, values }, delivery);
}

/** Suggestions while typing an option with autocomplete. */
export function suggest(
  sandbox: SandboxPlatform,
  dispatcher: SandboxDispatcher,
  who: ActingMember,
  input: { command: string; option: string; partial: string },
): Promise<Suggestion[]> {
  return dispatcher.autocomplete(
    { type: 'autocomplete', command: input.command, option: input.option, partial: input.partial },
    { actor: actorOf(who), place: sandbox.place },
  );
}
