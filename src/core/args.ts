// Command arguments. Discord sends typed options; Slack and the sandbox send text, which is read
// here the same way for both: `name:value` or `name="a value"` pairs, and bare words that fill the
// options in their declared order. Every platform's values are then checked against the spec.
import type { CommandSpec, OptionSpec } from './commands.ts';
import { UserError } from './errors.ts';
import type { Args } from './events.ts';

/** A piece of command text: a bare word, or a `name:value` pair. */
export interface Token {
  name?: string;
  value: string;
}

/** Splits command text into tokens, keeping quoted values together. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /(?:([A-Za-z-]+)[:=](?=\S))?(?:"([^"]*)"|“([^”]*)”|«\s?([^»]*?)\s?»|(\S+))/g;
  for (const m of text.matchAll(re)) {
    const value = m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
    tokens.push(m[1] ? { name: m[1], value } : { value });
  }
  return tokens;
}

/** Reads command text into raw (string) option values. */
export function parseText(spec: Pick<CommandSpec, 'options'>, text: string): Record<string, string> {
  const raw: Record<string, string> = {};
  const names = new Map(spec.options.map((o) => [o.name.toLowerCase(), o.name]));
  const free: string[] = [];
  for (const token of tokenize(text.trim())) {
    const name = token.name ? names.get(token.name.toLowerCase()) : undefined;
    if (name) raw[name] = token.value;
    // A word like https://… or 8:30 is not an option name: it stays a bare value, whole.
    else free.push(token.name ? `${token.name}:${token.value}` : token.value);
  }
  // Bare words fill the required options not named yet, in order, then a free-text option takes
  // what is left: `/ask Why is the sky blue?` is a question, not an "anonymous" flag, and
  // `/quiz create 1` names capsule 1. Other optional options need their name.
  // An optional reference to a capsule or sequence comes last: `/brief 2` names capsule 2.
  const open = [
    ...spec.options.filter((o) => o.required && raw[o.name] === undefined),
    ...spec.options.filter((o) => !o.required && o.type === 'text' && raw[o.name] === undefined),
    ...spec.options.filter(
      (o) => !o.required && o.type === 'string' && o.autocomplete && raw[o.name] === undefined,
    ),
  ];
  for (let i = 0; i < open.length && free.length > 0; i++) {
    const option = open[i] as OptionSpec;
    // Only words (not a link, a number or a date) may swallow the rest of the line.
    const takesRest = option.type === 'text' || (i === open.length - 1 && option.type === 'string');
    raw[option.name] = takesRest ? free.splice(0).join(' ') : (free.shift() as string);
  }
  if (free.length > 0) {
    throw new UserError('errors:unknownOption', {
      option: free[0],
      options: spec.options.map((o) => o.name).join(', '),
    });
  }
  return raw;
}

const yes = new Set(['true', 'yes', 'oui', 'y', 'o', '1', 'on']);
const no = new Set(['false', 'no', 'non', 'n', '0', 'off']);

/** Checks and converts values to the declared types; a UserError names the first problem. */
export function validateArgs(spec: Pick<CommandSpec, 'options'>, input: Record<string, unknown>): Args {
  const args: Args = {};
  for (const option of spec.options) {
    const value = input[option.name];
    if (value === undefined || value === null || value === '') {
      if (option.required) throw new UserError('errors:missingOption', { option: option.name });
      continue;
    }
    args[option.name] = convert(option, value);
  }
  return args;
}

function convert(option: OptionSpec, value: unknown): string | number | boolean {
  const text = String(value).trim();
  switch (option.type) {
    case 'integer': {
      const n = typeof value === 'number' ? value : Number(text);
      if (!Number.isInteger(n))
        throw new UserError('errors:badInteger', { option: option.name, value: text });
      const min = option.min ?? Number.MIN_SAFE_INTEGER;
      const max = option.max ?? Number.MAX_SAFE_INTEGER;
      if (n < min || n > max)
        throw new UserError('errors:outOfRange', { option: option.name, min, max, value: n });
      return n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (yes.has(text.toLowerCase())) return true;
      if (no.has(text.toLowerCase())) return false;
      throw new UserError('errors:badBoolean', { option: option.name });
    }
    default: {
      if (option.maxLength && text.length > option.maxLength) {
        throw new UserError('errors:tooLong', { option: option.name, max: option.maxLength });
      }
      if (option.choices && !option.choices.some((c) => c.value === text)) {
        throw new UserError('errors:badChoice', {
          option: option.name,
          choices: option.choices.map((c) => c.value).join(', '),
        });
      }
      return text;
    }
  }
}
