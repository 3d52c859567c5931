// Every language has every key, with the same interpolation variables, and no value is empty.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { namespaces } from '../../src/core/i18n-types.ts';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

const languages = readdirSync('locales').filter((d) => !d.startsWith('.'));
const load = (lang: string, ns: string) =>
  flatten(JSON.parse(readFileSync(path.join('locales', lang, `${ns}.json`), 'utf8')) as Tree);
const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('locales', () => {
  it('French and English exist', () => {
    expect(languages).toEqual(expect.arrayContaining(['fr', 'en']));
  });

  for (const ns of namespaces) {
    it(`${ns}: same keys and variables in every language`, () => {
      const [first, ...others] = languages.map((lang) => ({ lang, keys: load(lang, ns) }));
      for (const other of others) {
        expect([...other.keys.keys()].sort(), `${other.lang}/${ns}.json`).toEqual(
          [...first!.keys.keys()].sort(),
        );
        for (const [key, value] of first!.keys) {
          expect(value.trim(), `${first!.lang} ${ns}:${key}`).not.toBe('');
          expect(variables(other.keys.get(key) ?? ''), `${other.lang} ${ns}:${key}`).toEqual(
            variables(value),
          );
        }
      }
    });
  }
});
