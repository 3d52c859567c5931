// The catalogue as the sandbox shows it: commands with their options for help-as-you-type, and
// how a typed line finds its command (the longest name that matches). Forms are in forms.ts.
import type { CommandShape } from '../../core/commands.ts';
import { commandKey } from '../../core/commands.ts';
import type { Translate } from '../../core/i18n-types.ts';

/** An option as the composer hints it. */
export interface OptionView {
  name: string;
  type: string;
  required: boolean;
  description: string;
  choices?: { value: string; label: string }[];
  autocomplete: boolean;
  min?: number;
  max?: number;
}

/** A command as the composer suggests it. */
export interface CommandView {
  /** What follows the slash: `capsule schedule`. */
  key: string;
  name: string;
  sub?: string;
  description: string;
  options: OptionView[];
  /** Set when running the command without its options opens a dialog. */
  form?: string;
}

/** Every command, localized, in a stable order. */
export function describeCommands(commands: readonly CommandShape[], t: Translate): CommandView[] {
  return commands
    .map((spec): CommandView => {
      const view: CommandView = {
        key: commandKey(spec),
        name: spec.name,
        description: t(spec.descriptionKey),
        options: spec.options.map((o) => {
          const option: OptionView = {
            name: o.name,
            type: o.type,
            required: o.required ?? false,
            description: t(o.descriptionKey),
            autocomplete: o.autocomplete !== undefined,
          };
          if (o.choices) option.choices = o.choices.map((c) => ({ value: c.value, label: t(c.labelKey) }));
          if (o.min !== undefined) option.min = o.min;
          if (o.max !== undefined) option.max = o.max;
          return option;
        }),
      };
      if (spec.sub) view.sub = spec.sub;
      if (spec.form) view.form = spec.form;
      return view;
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** A typed line split into its command and the rest. `spec` is absent when nothing matches. */
export interface ParsedLine {
  /** The dispatcher's key (`capsule schedule`), or what was typed when unknown. */
  key: string;
  spec?: CommandShape;
  rest: string;
}

/**
 * Finds the command a line names: `/capsule schedule title:x` tries `capsule schedule`, then
 * `capsule`. Names are matched without regard to case, like Slack and Discord do.
 */
export function parseLine(line: string, commands: readonly CommandShape[]): ParsedLine {
  const body = line.trim().replace(/^\//, '');
  const words = body.split(/\s+/).filter(Boolean);
  const first = (words[0] ?? '').toLowerCase();
  const second = (words[1] ?? '').toLowerCase();
  const after = (count: number): string => body.replace(new RegExp(`^(\\S+\\s*){${count}}`), '').trim();
  const find = (key: string): CommandShape | undefined =>
    commands.find((c) => commandKey(c).toLowerCase() === key);
  const withSub = second ? find(`${first} ${second}`) : undefined;
  if (withSub) return { key: commandKey(withSub), spec: withSub, rest: after(2) };
  const alone = find(first) ?? (second ? undefined : commands.find((c) => c.isDefault && c.name === first));
  if (alone) return { key: commandKey(alone), spec: alone, rest: after(1) };
  // Unknown: name the subcommand too when the top-level name exists, so the error says what was typed.
  const knownName = commands.some((c) => c.name.toLowerCase() === first);
  return knownName && second ? { key: `${first} ${second}`, rest: after(2) } : { key: first, rest: after(1) };
}
