// "/capsule help": how to type a command in Slack, read from its declaration. Slack has no typed
// options, so the syntax (name:value, quotes, order) is shown with each command the caller may run.
import type { Card } from '../../core/card.ts';
import type { CommandShape, CommandSpec, OptionSpec } from '../../core/commands.ts';
import { commandKey } from '../../core/commands.ts';
import type { Translate } from '../../core/i18n-types.ts';

/** Who asks: their role in the class of the channel, or null when unknown (no class yet). */
export type Role = 'teacher' | 'student' | null;

/**
 * Whether a usage card lists a command for a role, with the core's /help rule; unknown roles see
 * everything. Only what is shown: whether someone may run a command is the dispatcher's to say
 * (`Dispatcher.mayRun`).
 */
function listedFor(spec: Pick<CommandSpec, 'access'>, role: Role): boolean {
  if (role === null || spec.access === 'anyone' || spec.access === 'member') return true;
  return spec.access === role;
}

function optionSyntax(option: OptionSpec): string {
  let value = '…';
  if (option.choices) value = option.choices.map((c) => c.value).join('|');
  else if (option.type === 'boolean') value = 'yes|no';
  else if (option.type === 'user') value = '@…';
  else if (option.type === 'integer')
    value = option.min !== undefined ? `${option.min}…${option.max ?? ''}` : 'n';
  const word = `${option.name}:${value}`;
  return option.required ? word : `[${word}]`;
}

/** One command's line: its syntax and what it does. */
export function usageLine(spec: CommandShape, t: Translate, markTeachers: boolean): string {
  const syntax = [`/${commandKey(spec)}`, ...spec.options.map(optionSyntax)].join(' ');
  const who = markTeachers && spec.access === 'teacher' ? ` (${t('common:slack.usage.teachers')})` : '';
  return `\`${syntax}\`${who}\n_${t(spec.descriptionKey)}_`;
}

/** The usage card of a top-level command (all its subcommands the caller may run). */
export function usageCard(
  name: string,
  specs: CommandShape[],
  role: Role,
  t: Translate,
  problem?: string,
): Card {
  const shown = specs.filter((s) => listedFor(s, role));
  const lines = (shown.length > 0 ? shown : specs).map((s) => usageLine(s, t, role === null));
  const notes = [t('common:slack.usage.syntax')];
  if (shown.some((s) => s.form)) notes.push(t('common:slack.usage.form'));
  if (shown.some((s) => s.options.some((o) => o.type === 'user'))) notes.push(t('common:slack.usage.people'));
  notes.push(t('common:slack.usage.help'));
  const text = [problem, lines.join('\n\n')].filter(Boolean).join('\n\n');
  return {
    title: t('common:slack.usage.title', { command: name }),
    text,
    footer: notes.join(' '),
    ...(problem ? { tone: 'warning' as const } : {}),
  };
}
