// Discord shows commands in the user's client language. The catalogue's words come from locales/:
// descriptions and choice labels through their keys, command and option names through the
// `common:discord.names` dictionary (a word missing there keeps its base name, so commands added by
// other parts of the bot still register).
import type { Translator } from '../../core/dispatcher.ts';
import type { TKey, Translate } from '../../core/i18n-types.ts';
import { pickLocale } from '../../core/locale.ts';
import { clip } from './limits.ts';

/** Discord locales we fill, and the language of locales/ each one reads. */
export const DISCORD_LOCALES = { fr: 'fr', 'en-US': 'en', 'en-GB': 'en' } as const;

export type DiscordLocale = keyof typeof DISCORD_LOCALES;

/** Discord's rule for the name of a chat command or option. */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** The base language of commands: English, read by every client language we do not cover. */
export function baseLanguage(i18n: Translator): string {
  return pickLocale(i18n, 'en');
}

/** A translation, or null when locales/ has no such key (i18next then echoes the key). */
export function optional(t: Translate, key: string): string | null {
  const value = t(key as TKey);
  const path = key.slice(key.indexOf(':') + 1);
  return value && value !== key && value !== path ? value : null;
}

/**
 * `{ fr: …, 'en-US': …, 'en-GB': … }`: every locale we cover, even where it reads like the base
 * text, so a missing word in locales/ shows as a missing entry (the localization test catches it)
 * rather than hiding behind the English fallback.
 */
export function localizations(
  i18n: Translator,
  text: (t: Translate) => string | null,
): Partial<Record<DiscordLocale, string>> | undefined {
  const out: Partial<Record<DiscordLocale, string>> = {};
  for (const [discord, language] of Object.entries(DISCORD_LOCALES) as [DiscordLocale, string][]) {
    const value = text(i18n.t(language));
    if (value) out[discord] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Localized names of a command or option word, dropping any Discord would refuse. */
export function nameLocalizations(i18n: Translator, name: string) {
  return localizations(i18n, (t) => {
    const value = optional(t, `common:discord.names.${name}`)?.toLowerCase() ?? null;
    return value && NAME.test(value) ? value : null;
  });
}

/** A description for Discord: 1 to 100 characters. */
export function description(text: string): string {
  return clip(text.trim() || '…', 100);
}
