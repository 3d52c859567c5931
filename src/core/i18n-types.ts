// Translation keys are typed from the English locale files, so a wrong key fails the type-check.
import type cards from '../../locales/en/cards.json';
import type commands from '../../locales/en/commands.json';
import type common from '../../locales/en/common.json';
import type dashboard from '../../locales/en/dashboard.json';
import type errors from '../../locales/en/errors.json';
import type home from '../../locales/en/home.json';
import type mail from '../../locales/en/mail.json';
import type parse from '../../locales/en/parse.json';
import type reports from '../../locales/en/reports.json';
import type web from '../../locales/en/web.json';

/** The translation namespaces, one JSON file each in locales/<lang>/. */
export const namespaces = [
  'common',
  'commands',
  'errors',
  'cards',
  'parse',
  'reports',
  'mail',
  'web',
  'home',
  'dashboard',
] as const;

type Plural = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type Base<K extends string> = K extends `${infer B}_${Plural}` ? B : K;

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${P}${Base<K>}`
    : T[K] extends Record<string, unknown>
      ? Leaves<T[K], `${P}${K}.`>
      : never;
}[keyof T & string];

/** Every translation key, as `namespace:path.to.key` (plural suffixes folded). */
export type TKey =
  | `common:${Leaves<typeof common>}`
  | `commands:${Leaves<typeof commands>}`
  | `errors:${Leaves<typeof errors>}`
  | `cards:${Leaves<typeof cards>}`
  | `reports:${Leaves<typeof reports>}`
  | `mail:${Leaves<typeof mail>}`
  | `web:${Leaves<typeof web>}`
  | `parse:${Leaves<typeof parse>}`
  | `home:${Leaves<typeof home>}`
  | `dashboard:${Leaves<typeof dashboard>}`;

/** Interpolation values for a translation. */
export type TParams = Record<string, string | number | Date | undefined>;

/** A translate function bound to one language. */
export type Translate = (key: TKey, params?: TParams) => string;
