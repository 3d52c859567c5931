// Command arguments. Discord sends typed options; Slack and the sandbox send text, which is read
// here the same way for both: `name:value` or `name="a value"` pairs, and bare words that fill the
// options in their declared order. Every platform's values are then checked against the spec.
import type { CommandSpec, OptionSpec } from './commands.ts';
import { UserError } from './errors.ts';
import type { Args } from './events.ts';

/** A piece of command text: a bare word, or a `name:value` pair, and where it sits in the text. */
export interface Token {
  name?: string;
  value: string;
  /** Whether the value was written between quotes (which `value` no longer has). */
  quoted: boolean;
  start: number;
  end: number;
}

/** Splits command text into tokens, keeping quoted values together. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /(?:([A-Za-z-]+)[:=](?=\S))?(?:"([^"]*)"|“([^”]*)”|«\s?([^»]*?)\s?»|(\S+))/g;
  for (const m of text.matchAll(re)) {
    const value = m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
    const at = { quoted: m[5] === undefined, start: m.index, end: m.index + m[0].length };
    tokens.push(m[1] ? { name: m[1], value, ...at } : { value, ...at });
  }
  return tokens;
}

/**
 * The words of `text` from the first to the last of `words`, exactly as typed, less the named
 * options typed among them: `/ask why x=5 and "two  words"?` keeps its `=`, quotes and spaces.
 * A rest that is one quoted value alone is that value, without its quotes.
 */
function literal(text: string, words: Token[], named: Token[]): string {
  const first = words[0];
  const last = words.at(-1);
  if (!first || !last) return '';
  if (words.length === 1 && first.quoted && !first.name) return first.value;
  let out = '';
  let at = first.start;
  for (const cut of named.filter((n) => n.start > first.start && n.end < last.end)) {
    out = `${out}${text.slice(at, cut.start).trimEnd()} `;
    at = cut.end;
    while (/\s/.test(text[at] ?? '')) at++;
  }
  return `${out}${text.slice(at, last.end)}`;
}

/** Reads command text into raw (string) option values. */
export function parseText(spec: Pick<CommandSpec, 'options'>, text: string): Record<string, string> {
  const raw: Record<string, string> = {};
  const names = new Map(spec.options.map((o) => [o.name.toLowerCase(), o.name]));
  const free: Token[] = [];
  const named: Token[] = [];
  const line = text.trim();
  for (const token of tokenize(line)) {
    const name = token.name ? names.get(token.name.toLowerCase()) : undefined;
    if (name) {
      raw[name] = token.value;
      named.push(token);
    }
    // A word like https://… or 8:30 is not an option name: it stays a bare value, whole.
    else free.push(token);
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
    const words = takesRest ? free.splice(0) : free.splice(0, 1);
    raw[option.name] = literal(line, words, named);
  }
  const stray = free[0];
  if (stray) {
    throw new UserError('errors:unknownOption', {
      option: line.slice(stray.start, stray.end).slice(0, 60),
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
      const min = option.min ?? -2_147_483_648; // a 32-bit column, unless the option says less
      const max = option.max ?? 2_147_483_647;
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
