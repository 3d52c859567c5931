// The one cleaning of typed text (src/core/text-input.ts) and the command reader that keeps free
// text as typed: what is kept, what is dropped, what is refused and how the refusal names it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/core/args.ts';
import type { OptionSpec } from '../../src/core/commands.ts';
import { UserError } from '../../src/core/errors.ts';
import {
  cleanActor,
  cleanArgs,
  cleanControl,
  cleanText,
  cleanValues,
  hasUnstorable,
  repairText,
} from '../../src/core/text-input.ts';
import { parseRoster } from '../../src/reports/guardian-import.ts';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return { key: error.key, params: error.params };
    throw error;
  }
  return null;
};

describe('cleaning typed text', () => {
  const line = { name: 'title', multiline: false, max: 20 };
  const lines = { name: 'text', multiline: true, max: 50 };

  it('composes to NFC, drops controls, keeps tabs and new lines only where lines are allowed', () => {
    expect(cleanText('e\u0301te\u0301\u0007', line)).toBe('été');
    expect(cleanText('a\tb\r\nc\u0085d\u001B', line)).toBe('a b cd');
    expect(cleanText('a\tb\r\nc\rd\u2028e', lines)).toBe('a\tb\nc\nd\ne');
  });

  it('refuses lone surrogates and U+0000, naming the option, and the line in multi-line text', () => {
    expect(refusal(() => cleanText('ab\uD800', line))).toEqual({
      key: 'errors:badCharacters',
      params: { option: 'title' },
    });
    expect(refusal(() => cleanText('one\ntwo\nth\u0000ree', lines))).toEqual({
      key: 'errors:badCharactersLine',
      params: { option: 'text', line: 3 },
    });
    expect(refusal(() => cleanText('\uDC00 alone', lines))?.key).toBe('errors:badCharacters');
    // A well-formed pair is an ordinary character.
    expect(cleanText('🙂 ok', line)).toBe('🙂 ok');
  });

  it('bounds lengths: the declared one, else a default per kind', () => {
    expect(refusal(() => cleanText('x'.repeat(21), line))).toEqual({
      key: 'errors:tooLong',
      params: { option: 'title', max: 20 },
    });
    const options: OptionSpec[] = [
      { name: 'title', type: 'string', descriptionKey: 'commands:options.title' },
      { name: 'minutes', type: 'integer', descriptionKey: 'commands:options.minutes' },
    ];
    expect(refusal(() => cleanArgs(options, { title: 'x'.repeat(201) }))?.params).toEqual({
      option: 'title',
      max: 200,
    });
    expect(cleanArgs(options, { title: ' ok ', minutes: 8, stray: 'dropped' })).toEqual({
      title: ' ok ',
      minutes: 8,
    });
    expect(
      cleanValues([{ id: 'body', labelKey: 'web:composer.label', style: 'paragraph', required: true }], {
        body: 'a\nb',
        extra: 'c\nd',
      }),
    ).toEqual({ body: 'a\nb', extra: 'c d' });
  });

  it('treats a button argument that is long or unstorable as a stale button', () => {
    expect(cleanControl(['cap-1', '0'], 'v')).toEqual({ args: ['cap-1', '0'], value: 'v' });
    expect(refusal(() => cleanControl(['x'.repeat(201)], undefined))?.key).toBe('errors:staleButton');
    expect(refusal(() => cleanControl(['ok'], '\uD800'))?.key).toBe('errors:staleButton');
  });

  it('repairs what a platform names instead of refusing it', () => {
    expect(cleanActor({ platformUserId: 'u1', displayName: 'Lé\uD800a\u0000\n' }).displayName).toBe(
      'Lé\uFFFDa',
    );
    expect(repairText('x'.repeat(120), 100)).toHaveLength(100);
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.integer({ min: 1, max: 40 }),
        (text, max) => {
          const repaired = repairText(text, max);
          expect(hasUnstorable(repaired)).toBe(false);
          expect(repaired.length).toBeLessThanOrEqual(max);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('is idempotent and leaves nothing unstorable in what it accepts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), fc.boolean(), (text, multiline) => {
        const rule = { name: 'x', multiline, max: 1000 };
        const result = refusal(() => cleanText(text, rule));
        if (result) return;
        const once = cleanText(text, rule);
        expect(cleanText(once, rule)).toBe(once);
        expect(hasUnstorable(once)).toBe(false);
        expect(/(?![\t\n])\p{Cc}/u.test(once)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('free text after the options', () => {
  const ask: OptionSpec[] = [
    { name: 'anonymous', type: 'boolean', descriptionKey: 'commands:options.anonymous' },
    { name: 'text', type: 'text', descriptionKey: 'commands:options.question' },
  ];

  it('keeps what was typed, less the named options typed among it', () => {
    expect(parseText({ options: ask }, 'why x=5 and "two  words"?')).toEqual({
      text: 'why x=5 and "two  words"?',
    });
    expect(parseText({ options: ask }, 'anonymous:yes why  x=5?')).toEqual({
      anonymous: 'yes',
      text: 'why  x=5?',
    });
    expect(parseText({ options: ask }, 'why anonymous:yes  is  it')).toEqual({
      anonymous: 'yes',
      text: 'why is  it',
    });
    expect(parseText({ options: ask }, '"Only quoted"')).toEqual({ text: 'Only quoted' });
    expect(parseText({ options: ask }, 'text:"named  value"')).toEqual({ text: 'named  value' });
  });
});

describe('the roster keeps broken characters out of addresses', () => {
  it('refuses, by number, a line with a lone surrogate or an address holding U+FFFD', () => {
    const { rows, problems } = parseRoster(
      'Léa,lea@example.fr,fr\nHugo,hu\uD800go@example.fr,en\nInès,in\uFFFDes@example.fr,fr',
      ['fr', 'en'],
    );
    expect(rows.map((r) => r.email)).toEqual(['lea@example.fr']);
    expect(problems.map((p) => [p.line, p.reason])).toEqual([
      [2, 'characters'],
      [3, 'email'],
    ]);
  });
});
