// Every parser of what people type, fed 1,000 generated inputs each (issue 12): none throws anything
// but a UserError, and every UserError's key exists in French and in English, so whatever is typed
// gets a translated answer. The generators mix each parser's own vocabulary with hostile
// characters (lone surrogates, U+0000, controls, combining marks) to reach the odd corners.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalogue } from '../../src/commands/index.ts';
import { parseText, validateArgs } from '../../src/core/args.ts';
import { isUserError } from '../../src/core/errors.ts';
import { cleanArgs, hasUnstorable } from '../../src/core/text-input.ts';
import { parseClockRange, parseDuration, parseOffsets, parseWhen } from '../../src/domain/dates.ts';
import { parseCompactQuiz, parseGift, parseQuiz } from '../../src/domain/quiz-text/index.ts';
import { parseLine } from '../../src/platforms/sandbox/commands.ts';
import { parseSlash } from '../../src/platforms/slack/commands.ts';
import { unescapeCommandText } from '../../src/platforms/slack/mrkdwn.ts';
import { parseRoster } from '../../src/reports/guardian-import.ts';

const RUNS = { numRuns: 1000 };

type Tree = { [key: string]: string | Tree };
function keysOf(lang: string): Set<string> {
  const keys = new Set<string>();
  const walk = (tree: Tree, prefix: string) => {
    for (const [k, v] of Object.entries(tree)) {
      const full = `${prefix}${k}`;
      if (typeof v === 'string') keys.add(full.replace(/_(one|other|many|few|two|zero)$/, ''));
      else walk(v, `${full}.`);
    }
  };
  for (const file of ['errors', 'parse', 'reports', 'commands', 'common']) {
    const tree = JSON.parse(readFileSync(path.join('locales', lang, `${file}.json`), 'utf8')) as Tree;
    walk(tree, `${file}:`);
  }
  return keys;
}
const fr = keysOf('fr');
const en = keysOf('en');

/** Runs a parser; a UserError with a key both locales know is a fine answer, anything else fails. */
function survives(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!isUserError(error)) throw error;
    expect(fr.has(error.key), `fr lacks ${error.key}`).toBe(true);
    expect(en.has(error.key), `en lacks ${error.key}`).toBe(true);
  }
}

const hostile = [
  '\uD800',
  '\uDFFF',
  '\u0000',
  '\u0007',
  '\u001B',
  '\u0085',
  '\u200E',
  'e\u0301',
  '\r\n',
  '\t',
];
/** Text made of a parser's words, separators and hostile characters. */
const textOf = (words: string[], maxLength = 12) =>
  fc
    .array(fc.oneof(fc.constantFrom(...words, ...hostile), fc.string({ maxLength: 4, unit: 'binary' })), {
      maxLength,
    })
    .chain((parts) =>
      fc
        .array(fc.constantFrom(' ', '  ', '\n', '', ':', '='), {
          minLength: parts.length,
          maxLength: parts.length,
        })
        .map((seps) => parts.map((p, i) => `${p}${seps[i]}`).join('')),
    );

describe('parsers never fail unexpectedly (property-based)', () => {
  const now = new Date('2026-11-23T07:00:00Z');
  const dateWords = [
    'lundi',
    'mardi',
    'demain',
    'tomorrow',
    'monday',
    'next',
    'prochain',
    '8h',
    '8:30',
    '18h45',
    '25h',
    'à',
    'at',
    'le',
    '3/12',
    '31/02',
    '2026-11-30',
    '2026-11-30T08:00',
    '9999-12-31T23:59Z',
    '+02:00',
    'in',
    'dans',
    '2',
    'jours',
    'days',
    'semaine',
    'pm',
    'midi',
    'noon',
    '0',
    '99999999999',
  ];

  it('dates: parseWhen in French and English', () => {
    fc.assert(
      fc.property(
        textOf(dateWords, 6),
        fc.constantFrom('fr', 'en') as fc.Arbitrary<'fr' | 'en'>,
        (text, locale) =>
          survives(() => {
            const when = parseWhen(text, { zone: 'Europe/Paris', locale, now });
            expect(Number.isNaN(when.getTime())).toBe(false);
          }),
      ),
      RUNS,
    );
  });

  it('dates: durations, reminder offsets and quiet hours', () => {
    const words = [
      '1h',
      '30',
      'min',
      '2j',
      '24h',
      '1d',
      ',',
      '22:00-07:00',
      '25:00',
      '-',
      '1,5h',
      '0',
      '99999999',
    ];
    fc.assert(
      fc.property(textOf(words, 5), (text) => {
        survives(() => parseDuration(text));
        survives(() => parseOffsets(text));
        survives(() => parseClockRange(text));
      }),
      RUNS,
    );
  });

  const quizWords = [
    '?',
    '*',
    '-',
    'Question',
    '2 + 2',
    '4',
    '::title::',
    '{',
    '}',
    '=',
    '~',
    '#',
    '%50%',
    '\\',
    '->',
    '-> @2:13',
    '@1:02:03',
    '@9:99',
    'https://tube.example/w/abcdefgh12',
    'javascript:x',
  ];
  it('quiz text: the compact format', () => {
    fc.assert(
      fc.property(textOf(quizWords, 20), (text) => survives(() => parseCompactQuiz(text))),
      RUNS,
    );
  });

  it('quiz text: GIFT, and the entry point that picks a reader', () => {
    const gift = [
      ...quizWords,
      '{T}',
      '{FALSE}',
      '{=a ~b}',
      '{#3}',
      '//',
      '$CATEGORY:',
      '\\{',
      '=%100%a',
      '->',
      '// ->',
      '//-> @0:30',
    ];
    fc.assert(
      fc.property(textOf(gift, 20), (text) => {
        survives(() => parseGift(text));
        survives(() => parseQuiz(text));
      }),
      RUNS,
    );
  });

  const catalogue = buildCatalogue();
  const optionWords = [
    'title:',
    'url=',
    'capsule:',
    'text:',
    'anonymous:',
    'minutes:',
    '"',
    '“',
    '»',
    '«',
    'x=5',
  ];
  const lineWords = [
    '/capsule',
    'schedule',
    '/ask',
    '/quiz',
    'create',
    'close',
    '/help',
    'http://a.b',
    '8:30',
    '1',
  ];
  it('command lines: the sandbox line, then option text, then typed values', () => {
    fc.assert(
      fc.property(textOf([...lineWords, ...optionWords], 10), (line) => {
        const parsed = parseLine(line, catalogue.commands);
        if (!parsed.spec) return;
        const spec = parsed.spec;
        survives(() => {
          const raw = parseText(spec, parsed.rest);
          const args = validateArgs(spec, cleanArgs(spec.options, raw));
          for (const value of Object.values(args))
            if (typeof value === 'string') expect(hasUnstorable(value)).toBe(false);
        });
      }),
      RUNS,
    );
  });

  it('command lines: a Slack slash command with its escapes and mentions', () => {
    const slack = [
      ...optionWords,
      'schedule',
      'create',
      'help',
      '?',
      '&amp;',
      '&lt;',
      '<@U123|léa>',
      '<#C1|x>',
      '<http://a|b>',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom('/capsule', '/ask', '/quiz', '/help', '/nope'),
        textOf(slack, 10),
        (command, text) => {
          const parsed = parseSlash(command, unescapeCommandText(text), catalogue.commands);
          if (parsed.kind !== 'run') return;
          survives(() =>
            validateArgs(parsed.spec, cleanArgs(parsed.spec.options, parseText(parsed.spec, parsed.rest))),
          );
        },
      ),
      RUNS,
    );
  });

  it('free text after the options is kept exactly as typed', () => {
    const ask = catalogue.commands.find((c) => c.name === 'ask');
    if (!ask) throw new Error('the catalogue has no /ask');
    const word = fc.stringMatching(/^[a-z0-9=?"'.,;!()-]{1,8}$/).filter((w) => !/^[A-Za-z-]+[:=]/.test(w));
    const spaces = fc.constantFrom(' ', '  ', '   ');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, spaces), { minLength: 2, maxLength: 8 }), (pairs) => {
        const text = pairs
          .map(([w, s]) => `${w}${s}`)
          .join('')
          .trim();
        // A single quoted value is read without its quotes; everything else is kept as it came.
        fc.pre(!/^"[^"]*"$/.test(text));
        expect(parseText(ask, text).text).toBe(text);
      }),
      RUNS,
    );
  });

  it('CSV: the guardians roster', () => {
    const csv = [
      'Léa',
      'Hugo',
      'a@b.fr',
      'x@y',
      'fr',
      'en',
      'de',
      ',',
      ';',
      '\t',
      '"',
      'student',
      'élève',
      '\uFFFD',
    ];
    fc.assert(
      fc.property(textOf(csv, 16), (text) => {
        survives(() => {
          const { rows, problems } = parseRoster(text, ['fr', 'en']);
          for (const row of rows) {
            expect(hasUnstorable(row.email) || row.email.includes('\uFFFD')).toBe(false);
            expect(hasUnstorable(row.student)).toBe(false);
          }
          for (const problem of problems) {
            expect(fr.has(`reports:guardian.problems.${problem.reason}`)).toBe(true);
            expect(en.has(`reports:guardian.problems.${problem.reason}`)).toBe(true);
          }
        });
      }),
      RUNS,
    );
  });
});
