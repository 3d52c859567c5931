// Every piece of text a person types passes here once, in the dispatcher, whatever the platform:
// composed to NFC, control characters dropped, lengths bounded, and the two things no database
// column may hold (a lone UTF-16 surrogate, U+0000) refused with an answer naming the field.
// Typed text is refused rather than repaired: a silently rewritten e-mail address or quiz answer
// is worse than a clear "this field contains characters that cannot be stored". Names the
// platform gives us are repaired instead, since the person cannot retype them per command.
import type { FieldSpec, OptionSpec } from './commands.ts';
import { UserError } from './errors.ts';
import type { Actor, Args } from './events.ts';

/** Longest value per option kind when a declaration sets no `maxLength` of its own. */
export const defaultMaxLength: Record<OptionSpec['type'], number> = {
  string: 200,
  text: 4000,
  url: 2000,
  datetime: 100,
  user: 100,
  integer: 40,
  boolean: 10,
};

/** Longest value of a form field, per style, when the form sets none. */
export const defaultFieldMax: Record<FieldSpec['style'], number> = { short: 200, paragraph: 4000 };

/** Longest button argument or menu value: ours are ids and numbers, far shorter. */
export const ACTION_VALUE_MAX = 200;
/** Longest display name kept from a platform. */
export const NAME_MAX = 100;

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 and C1 controls and DEL, except tab and line feed, which multi-line fields keep.
const controlsButTabAndNewline = /(?![\t\n])\p{Cc}/gu;

/** How one value is read: whether it may span lines, and how long it may be. */
export interface TextRule {
  /** Option or field name, quoted in the error. */
  name: string;
  multiline: boolean;
  max: number;
}

/** Where text holds something no column can store (a lone surrogate or U+0000), or -1. */
export function unstorableAt(text: string): number {
  loneSurrogate.lastIndex = 0;
  const surrogate = loneSurrogate.exec(text)?.index ?? -1;
  const nul = text.indexOf('\u0000');
  return surrogate < 0 ? nul : nul < 0 ? surrogate : Math.min(nul, surrogate);
}

/** Whether text holds something no column can store. */
export function hasUnstorable(text: string): boolean {
  return unstorableAt(text) >= 0;
}

/** Drops controls (tabs and new lines become spaces on one line) and composes to NFC. */
function tidy(text: string, multiline: boolean): string {
  const lines = text.replace(/\r\n?|[\u2028\u2029]/g, '\n');
  const kept = lines.replace(controlsButTabAndNewline, '');
  const flat = multiline ? kept : kept.replace(/[\t\n]/g, ' ');
  return flat.normalize('NFC');
}

/** One typed value, cleaned; a UserError names the field when it cannot be stored or is too long. */
export function cleanText(text: string, rule: TextRule): string {
  const bad = unstorableAt(text);
  if (bad >= 0) {
    // In a roster or a quiz, the line number is what lets the teacher find it.
    const line = text.slice(0, bad).split(/\r\n?|\n|[\u2028\u2029]/).length;
    if (rule.multiline && /[\r\n\u2028\u2029]/.test(text))
      throw new UserError('errors:badCharactersLine', { option: rule.name, line });
    throw new UserError('errors:badCharacters', { option: rule.name });
  }
  const clean = tidy(text, rule.multiline);
  if (clean.length > rule.max) throw new UserError('errors:tooLong', { option: rule.name, max: rule.max });
  return clean;
}

/** Text we must keep whatever it holds (a display name, a partial for suggestions): repaired, cut. */
export function repairText(text: string, max: number): string {
  const repaired = text.replace(loneSurrogate, '\uFFFD').replaceAll('\u0000', '');
  return tidy(repaired, false).slice(0, max).replace(loneSurrogate, '');
}

/** A command's typed values, cleaned per their declared option (Discord's numbers pass as they are). */
export function cleanArgs(options: readonly OptionSpec[], args: Args): Args {
  const out: Args = {};
  for (const [name, value] of Object.entries(args)) {
    const option = options.find((o) => o.name === name);
    // What the command does not declare is never read; it is not kept either.
    if (!option) continue;
    out[name] =
      typeof value === 'string'
        ? cleanText(value, {
            name,
            multiline: option.type === 'text',
            max: option.maxLength ?? defaultMaxLength[option.type],
          })
        : value;
  }
  return out;
}

/** A form's submitted values, cleaned per field (a value the form does not declare as one short line). */
export function cleanValues(
  fields: readonly FieldSpec[],
  values: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, value] of Object.entries(values)) {
    if (typeof value !== 'string') continue;
    const field = fields.find((f) => f.id === id);
    const style = field?.style ?? 'short';
    out[id] = cleanText(value, {
      name: id,
      multiline: style === 'paragraph',
      max: field?.maxLength ?? defaultFieldMax[style],
    });
  }
  return out;
}

/** A button's arguments and value: ours are short and plain, anything else is a forged or stale control. */
export function cleanControl(
  args: readonly string[],
  value: string | undefined,
): { args: string[]; value?: string } {
  const fine = (s: unknown) =>
    typeof s === 'string' && s.length <= ACTION_VALUE_MAX && !hasUnstorable(s) && tidy(s, false) === s;
  if (!args.every(fine) || (value !== undefined && !fine(value))) throw new UserError('errors:staleButton');
  return value === undefined ? { args: [...args] } : { args: [...args], value };
}

/** The actor with a display name safe to store and show. */
export function cleanActor(actor: Actor): Actor {
  const displayName = repairText(actor.displayName ?? '', NAME_MAX).trim();
  return displayName === actor.displayName ? actor : { ...actor, displayName };
}
