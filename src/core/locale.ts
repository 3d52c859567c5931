// Locale negotiation, written once: every edge (a chat platform, a web page, an e-mail) has a few
// candidate languages in order of preference and wants the first one we can speak.
import type { Translate } from './i18n-types.ts';

/** What negotiation needs of a translator (the dispatcher's `Translator` fits). */
export interface LocaleMatcher {
  /** The supported language closest to a locale (`en-GB` -> `en`), or null. */
  match(locale: string | undefined): string | null;
  fallback: string;
}

/** A language candidate: a platform locale, a class language, an Accept-Language tag; or nothing. */
export type LocaleCandidate = string | null | undefined;

/** The first candidate we speak (matched to its supported form: `en-GB` -> `en`), or null. */
export function firstLocale(
  i18n: Pick<LocaleMatcher, 'match'>,
  candidates: readonly LocaleCandidate[],
): string | null {
  for (const candidate of candidates) {
    const matched = candidate ? i18n.match(candidate) : null;
    if (matched) return matched;
  }
  return null;
}

/** The first candidate we speak, else the fallback language. */
export function pickLocale(i18n: LocaleMatcher, ...candidates: LocaleCandidate[]): string {
  return firstLocale(i18n, candidates) ?? i18n.fallback;
}

/** The translation function of the first candidate we speak, else of the fallback language. */
export function pickT(
  i18n: LocaleMatcher & { t(locale: string): Translate },
  ...candidates: LocaleCandidate[]
): Translate {
  return i18n.t(pickLocale(i18n, ...candidates));
}
