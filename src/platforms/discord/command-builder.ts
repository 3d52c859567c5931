// Slash commands are built from the core catalogue, never written twice: commands sharing a name
// become one command with subcommands (`/capsule schedule`), options keep their types and limits,
// and names, descriptions and choices are localized for Discord's French and English clients.
import type { CommandSpec, OptionSpec } from '../../core/commands.ts';
import type { Translator } from '../../core/dispatcher.ts';
import type { Translate } from '../../core/i18n-types.ts';
import { clip, LIMITS } from './limits.ts';
import { baseLanguage, description, localizations, nameLocalizations, optional } from './localize.ts';

/** Discord's "Manage Server" permission bit: what hides teacher commands from students. */
export const MANAGE_GUILD = String(1n << 5n);

/** A command option as Discord's API takes it. */
export interface ApiOption {
  type: number;
  name: string;
  description: string;
  name_localizations?: Record<string, string>;
  description_localizations?: Record<string, string>;
  required?: boolean;
  choices?: { name: string; value: string; name_localizations?: Record<string, string> }[];
  autocomplete?: boolean;
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  options?: ApiOption[];
}

/** A chat input command as Discord's API takes it. */
export interface ApiCommand {
  type: 1;
  name: string;
  description: string;
  name_localizations?: Record<string, string>;
  description_localizations?: Record<string, string>;
  options: ApiOption[];
  default_member_permissions: string | null;
  /** Guild only (0): the bot works in class channels, not in DMs. */
  contexts: number[];
  integration_types: number[];
}

const TYPES = { string: 3, text: 3, url: 3, datetime: 3, integer: 4, boolean: 5, user: 6 } as const;

/** Longest string option Discord allows. */
const MAX_STRING = 6000;

function buildOption(spec: OptionSpec, i18n: Translator, required: boolean): ApiOption {
  const base = i18n.t(baseLanguage(i18n));
  const text = description(base(spec.descriptionKey));
  const option: ApiOption = {
    type: TYPES[spec.type],
    name: spec.name,
    description: text,
    name_localizations: nameLocalizations(i18n, spec.name),
    description_localizations: localizations(i18n, (t) => described(t, spec.descriptionKey)),
    required,
  };
  if (TYPES[spec.type] === 3) {
    option.max_length = Math.min(spec.maxLength ?? MAX_STRING, MAX_STRING);
  }
  if (spec.type === 'integer') {
    if (spec.min !== undefined) option.min_value = spec.min;
    if (spec.max !== undefined) option.max_value = spec.max;
  }
  if (spec.choices?.length) {
    option.choices = spec.choices.slice(0, 25).map((choice) => {
      const name = clip(base(choice.labelKey), LIMITS.choiceName);
      return {
        name,
        value: choice.value,
        name_localizations: localizations(i18n, (t) => {
          const label = optional(t, choice.labelKey);
          return label ? clip(label, LIMITS.choiceName) : null;
        }),
      };
    });
  } else if (spec.autocomplete) {
    option.autocomplete = true;
  }
  return option;
}

/**
 * The options of a command. A command with a form has every option optional on Discord: run
 * without its required ones, it opens the form (prefilled with what was typed) instead.
 */
function buildOptions(spec: CommandSpec, i18n: Translator): ApiOption[] {
  const options = spec.options.map((o) => buildOption(o, i18n, Boolean(o.required) && !spec.form));
  // Discord refuses a required option after an optional one.
  return [...options.filter((o) => o.required), ...options.filter((o) => !o.required)];
}

/** A description from locales/, or null when the key is missing there (no localization then). */
function described(t: Translate, key: string): string | null {
  const text = optional(t, key);
  return text === null ? null : description(text);
}

function commandDescription(specs: CommandSpec[], i18n: Translator, name: string) {
  const single = specs.length === 1 && !specs[0]?.sub ? specs[0] : undefined;
  const key = single ? single.descriptionKey : `common:discord.groups.${name}`;
  // Without a group text the subcommands' names still describe the command in the base language.
  const base =
    described(i18n.t(baseLanguage(i18n)), key) ?? description(specs.map((s) => s.sub ?? s.name).join(' · '));
  return { description: base, description_localizations: localizations(i18n, (t) => described(t, key)) };
}

/** Every slash command of the catalogue, ready for `application.commands.set`. */
export function buildCommands(commands: CommandSpec[], i18n: Translator): ApiCommand[] {
  const byName = new Map<string, CommandSpec[]>();
  for (const spec of commands) byName.set(spec.name, [...(byName.get(spec.name) ?? []), spec]);
  const built: ApiCommand[] = [];
  for (const [name, specs] of byName) {
    const withSub = specs.filter((s) => s.sub);
    if (withSub.length > 0 && withSub.length !== specs.length) {
      // Discord cannot run `/capsule` alone once `/capsule schedule` exists.
      throw new Error(`Discord: command "${name}" is declared both alone and with subcommands`);
    }
    // A whole command is hidden from students only when every part of it is for teachers
    // (`/capsule list` is for everyone, so `/capsule` stays visible; services check each part).
    const teacherOnly = specs.every((s) => s.access === 'teacher');
    const options =
      withSub.length > 0
        ? withSub.map((s) => {
            const sub = s.sub as string;
            const text = description(i18n.t(baseLanguage(i18n))(s.descriptionKey));
            return {
              type: 1,
              name: sub,
              description: text,
              name_localizations: nameLocalizations(i18n, sub),
              description_localizations: localizations(i18n, (t) => described(t, s.descriptionKey)),
              options: buildOptions(s, i18n),
            };
          })
        : buildOptions(specs[0] as CommandSpec, i18n);
    built.push({
      type: 1,
      name,
      ...commandDescription(specs, i18n, name),
      name_localizations: nameLocalizations(i18n, name),
      options,
      default_member_permissions: teacherOnly ? MANAGE_GUILD : null,
      contexts: [0],
      integration_types: [0],
    });
  }
  return built.map(dropUndefined);
}

/** JSON without `undefined` keys, so what is registered is exactly what is compared and logged. */
function dropUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
