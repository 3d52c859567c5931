// Slash commands. Slack has one command per top-level name (/capsule, /quiz…) and gives us its
// text, so the subcommand is the first word and the rest is read by the core's own parser. The
// command list is the catalogue's, read at run time: a command added to the catalogue works as
// soon as it is declared in the manifest. Every command is acknowledged first, then handled.
import { parseText } from '../../core/args.ts';
import type { Card } from '../../core/card.ts';
import type { CommandShape, OptionSpec } from '../../core/commands.ts';
import { commandKey, opensForm } from '../../core/commands.ts';
import type { Dispatcher } from '../../core/dispatcher.ts';
import { isUserError } from '../../core/errors.ts';
import type { Translate } from '../../core/i18n-types.ts';
import { type SlackContext, slackPlace } from './context.ts';
import { type ReplyTarget, reportUnexpected, sendPrivate, slackReply } from './delivery.ts';
import { type Mentions, mentionedUserId, restoreMentions, unescapeCommandText } from './mrkdwn.ts';
import { pickerMessage } from './picker.ts';
import { type Role, usageCard } from './usage.ts';

/** A slash command as Slack sends it (the fields Inverso reads). */
export interface SlashCommand {
  command: string;
  text: string;
  team_id: string;
  channel_id: string;
  user_id: string;
  user_name?: string;
  trigger_id?: string;
  response_url?: string;
}

/** What a command line asks for. */
export type Parsed =
  | { kind: 'run'; spec: CommandShape; rest: string }
  | { kind: 'usage'; name: string; specs: CommandShape[]; unknownSub?: string }
  | { kind: 'unknown'; key: string; rest: string };

/** Finds the command: `/capsule schedule title:x` is `capsule schedule` with `title:x`. */
export function parseSlash(command: string, text: string, commands: readonly CommandShape[]): Parsed {
  const name = command.replace(/^\//, '').toLowerCase();
  const specs = commands.filter((c) => c.name.toLowerCase() === name);
  const trimmed = text.trim();
  const [first = '', ...others] = trimmed.split(/\s+/);
  const asksHelp = first.toLowerCase() === 'help' || first === '?';
  if (specs.length === 0) return { kind: 'unknown', key: name, rest: trimmed };
  const single = specs.length === 1 && !specs[0]?.sub ? specs[0] : undefined;
  if (single) {
    // The core's own /help command is just run; "/x help" shows how to type /x.
    if (asksHelp && others.length === 0 && single.name !== 'help') return { kind: 'usage', name, specs };
    return { kind: 'run', spec: single, rest: trimmed };
  }
  const fallback = specs.find((s) => s.isDefault);
  if (!first && fallback) return { kind: 'run', spec: fallback, rest: '' };
  if (!first || asksHelp) return { kind: 'usage', name, specs };
  const spec = specs.find((s) => s.sub?.toLowerCase() === first.toLowerCase());
  if (!spec) return { kind: 'usage', name, specs, unknownSub: first.slice(0, 40) };
  const rest = trimmed.slice(first.length).trim();
  if (/^(help|\?)$/i.test(rest)) return { kind: 'usage', name, specs: [spec] };
  return { kind: 'run', spec, rest };
}

/** Whether the form of a command can stand in for its missing required options. */
export function formCovers(spec: CommandShape, dispatcher: Pick<Dispatcher, 'form'>): boolean {
  if (!spec.form) return false;
  const fields = new Set(dispatcher.form(spec.form)?.fields.map((f) => f.id) ?? []);
  return spec.options.filter((o) => o.required).every((o) => fields.has(o.name));
}

/** What to do with a parsed command line. */
export type Plan =
  | { kind: 'dispatch'; key: string; args: Record<string, string>; text: string }
  | { kind: 'form'; spec: CommandShape; form: string; values: Record<string, string> }
  | { kind: 'picker'; key: string; option: OptionSpec }
  | { kind: 'usage'; card: (t: Translate, role: Role) => Card }
  | { kind: 'error'; card: (t: Translate, role: Role) => Card };

/** Resolves `@name` typed by hand to a user id. */
export type NameLookup = (name: string) => Promise<string | undefined>;

/** Decides how to answer a command line (run, open the form, show usage) from its text. */
export async function planCommand(
  slash: Pick<SlashCommand, 'command' | 'text'>,
  dispatcher: Pick<Dispatcher, 'catalogue' | 'form'>,
  lookup: NameLookup,
): Promise<Plan> {
  const commands = dispatcher.catalogue.commands as CommandShape[];
  const mentions: Mentions = new Map();
  const parsed = parseSlash(slash.command, unescapeCommandText(slash.text, mentions), commands);
  if (parsed.kind === 'unknown') {
    return { kind: 'dispatch', key: parsed.key, args: {}, text: parsed.rest };
  }
  if (parsed.kind === 'usage') {
    const { name, specs, unknownSub } = parsed;
    return {
      kind: 'usage',
      card: (t, role) =>
        usageCard(
          name,
          specs,
          role,
          t,
          unknownSub ? t('common:slack.usage.unknownSub', { command: name, sub: unknownSub }) : undefined,
        ),
    };
  }
  const { spec, rest } = parsed;
  let raw: Record<string, string>;
  try {
    raw = parseText(spec, rest);
  } catch (error) {
    if (!isUserError(error)) throw error;
    const { key, params } = error;
    return { kind: 'error', card: (t, role) => usageCard(spec.name, [spec], role, t, t(key, params)) };
  }
  for (const option of spec.options) {
    const value = raw[option.name];
    if (value === undefined) continue;
    if (option.type !== 'user') {
      raw[option.name] = restoreMentions(value, mentions);
      continue;
    }
    // A person is a Slack user id; a name that matches nobody must not become a member.
    const id = await userId(value, lookup);
    if (!id) {
      const name = value.trim().slice(0, 80);
      const problem = (t: Translate) => t('common:slack.unknownUser', { name });
      return { kind: 'error', card: (t, role) => usageCard(spec.name, [spec], role, t, problem(t)) };
    }
    raw[option.name] = id;
  }
  const required = spec.options.filter((o) => o.required);
  const bare = Object.keys(raw).length === 0;
  // The one rule of every platform (core opensForm), when the form can supply what is missing.
  if (opensForm(spec, raw) && spec.form && formCovers(spec, dispatcher)) {
    return { kind: 'form', spec, form: spec.form, values: raw };
  }
  const [only] = required;
  if (required.length === 1 && only?.autocomplete && bare) {
    return { kind: 'picker', key: commandKey(spec), option: only };
  }
  if (required.length > 0 && bare) {
    return { kind: 'usage', card: (t, role) => usageCard(spec.name, [spec], role, t) };
  }
  return { kind: 'dispatch', key: commandKey(spec), args: raw, text: rest };
}

/** A user id from a mention, a bare id, or a typed `@name` that matches exactly one member. */
async function userId(value: string, lookup: NameLookup): Promise<string | undefined> {
  return mentionedUserId(value) ?? (await lookup(value.trim()));
}

/** Handles one slash command, after it was acknowledged. Never throws. */
export async function handleCommand(ctx: SlackContext, body: SlashCommand): Promise<void> {
  const { dispatcher, out, logger } = ctx;
  let target: ReplyTarget | null = null;
  try {
    const actor = await ctx.profiles.actor(body.team_id, body.user_id, body.user_name);
    const place = slackPlace(body.team_id, body.channel_id);
    target = {
      teamId: body.team_id,
      userId: body.user_id,
      channelId: body.channel_id,
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
      ...(body.trigger_id ? { triggerId: body.trigger_id } : {}),
      ...(actor.locale ? { locale: actor.locale } : {}),
    };
    const reply = slackReply(out, dispatcher, target, logger);
    const plan = await planCommand(body, dispatcher, (name) => ctx.profiles.findByName(body.team_id, name));
    switch (plan.kind) {
      case 'dispatch': {
        const event = { type: 'command' as const, command: plan.key, args: plan.args, text: plan.text };
        await dispatcher.handle(event, { actor, place, reply });
        return;
      }
      case 'form': {
        // Nobody fills a whole form to be told at the end it was not theirs to fill (the
        // dispatcher and the services check again on submission). The trigger id lives 3 s:
        // one check, then the modal. Refused, the command goes to the dispatcher without its
        // form, which answers with its own refusal (teachers only, no class here…).
        const key = commandKey(plan.spec);
        if (!(await dispatcher.mayRun(key, { actor, place }))) {
          const event = { type: 'command' as const, command: key, args: plan.values };
          await dispatcher.handle(event, { actor, place, reply });
          return;
        }
        try {
          await reply.openForm({ form: plan.form, values: plan.values });
        } catch (error) {
          if (!isUserError(error)) throw error;
          // The trigger is spent anyway: the class's language can be looked up at leisure.
          const { locale } = await dispatcher.whoIs(place, actor);
          const t = dispatcher.i18n.t(locale);
          await reply.private({ text: t(error.key, error.params), tone: 'error' });
        }
        return;
      }
      case 'picker': {
        const { locale } = await dispatcher.whoIs(place, actor);
        const t = dispatcher.i18n.t(locale);
        await sendPrivate(out, target, pickerMessage(plan.key, plan.option, t, body.channel_id), logger);
        return;
      }
      case 'usage':
      case 'error': {
        const { role, locale } = await dispatcher.whoIs(place, actor);
        const t = dispatcher.i18n.t(locale);
        await reply.private(plan.card(t, role));
        return;
      }
    }
  } catch (error) {
    await reportUnexpected(ctx, target, error, 'Slack command failed', { command: body.command });
  }
}
