// i18next set-up: every namespace of every language is loaded synchronously at start from
// locales/<lang>/<namespace>.json, so translation never waits and a missing file fails at once.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type Resource } from 'i18next';
import { DateTime } from 'luxon';
import type { Translator } from '../core/dispatcher.ts';
import { namespaces, type TKey, type TParams, type Translate } from '../core/i18n-types.ts';
import { projectPath } from '../core/project-path.ts';
import { elideDe } from './elision.ts';

const localesRoot = projectPath('locales');

/** The languages with a folder in locales/. */
export function availableLanguages(): string[] {
  return readdirSync(localesRoot)
    .filter((d) => !d.startsWith('.'))
    .sort();
}

/** A ready translator: one i18next instance, a bound `t` per language. */
export interface I18n extends Translator {
  languages: string[];
  /** Formats a date in a time zone for a language (what the class or the member reads). */
  formatDate(
    date: Date,
    locale: string,
    timeZone: string,
    style?: 'full' | 'fullYear' | 'short' | 'time',
  ): string;
}

export function createI18n(fallback = 'fr'): I18n {
  const languages = availableLanguages();
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const lang of languages) {
    resources[lang] = {};
    for (const ns of namespaces) {
      const file = path.join(localesRoot, lang, `${ns}.json`);
      resources[lang][ns] = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    }
  }
  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources: resources as Resource,
    lng: fallback,
    fallbackLng: fallback,
    ns: [...namespaces],
    defaultNS: 'common',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // `{{name, de}}` in French sentences: "de Léa", "d'Inès".
  instance.services.formatter?.add('de', (value: unknown) => elideDe(String(value ?? '')));
  const bound = new Map<string, Translate>();
  for (const lang of languages) {
    const fixed = instance.getFixedT(lang);
    bound.set(lang, (key: TKey, params?: TParams) => fixed(key, params as Record<string, unknown>) as string);
  }
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const match = (locale: string | undefined): string | null => {
    if (!locale) return null;
    const lower = locale.toLowerCase();
    if (bound.has(lower)) return lower;
    const base = lower.split(/[-_]/)[0] ?? '';
    return bound.has(base) ? base : null;
  };
  return {
    languages,
    fallback,
    match,
    t: (locale) => bound.get(match(locale) ?? fallback) ?? (bound.get(fallback) as Translate),
    formatDate(date, locale, timeZone, style = 'full') {
      // Building an Intl formatter costs far more than using one: keep one per combination.
      const key = `${match(locale) ?? fallback}|${timeZone}|${style}`;
      let format = formatters.get(key);
      if (!format) {
        const options: Intl.DateTimeFormatOptions =
          style === 'time'
            ? { timeStyle: 'short', timeZone }
            : style === 'short'
              ? { dateStyle: 'short', timeStyle: 'short', timeZone }
              : {
                  weekday: 'long',
                  day: 'numeric',
                  month: 'long',
                  ...(style === 'fullYear' ? { year: 'numeric' as const } : {}),
                  hour: '2-digit',
                  minute: '2-digit',
                  timeZone,
                };
        format = new Intl.DateTimeFormat(match(locale) ?? fallback, options);
        formatters.set(key, format);
      }
      return format.format(date);
    },
  };
}

/** The long date style for `date` seen at `now`: with the year when it is not the current one there. */
export function longStyle(date: Date, now: Date, timeZone: string): 'full' | 'fullYear' {
  const year = (d: Date) => DateTime.fromJSDate(d, { zone: timeZone }).year;
  return year(date) === year(now) ? 'full' : 'fullYear';
}
