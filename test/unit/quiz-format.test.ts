import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import {
  DEFAULT_LIMITS,
  formatQuiz,
  type ParsedQuestion,
  parseCompactQuiz,
  parseQuiz,
} from '../../src/domain/quiz-text/index.ts';

function userError(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

const SAMPLE = `? What is 1/2 + 1/4?
- 2/6
* 3/4
- 1/3
> Put them over the same denominator first: 2/4 + 1/4.

? Did the video help you?
- Yes
- A little
- No`;

const SAMPLE_PARSED: ParsedQuestion[] = [
  {
    prompt: 'What is 1/2 + 1/4?',
    options: ['2/6', '3/4', '1/3'],
    correct: [1],
    explanation: 'Put them over the same denominator first: 2/4 + 1/4.',
  },
  { prompt: 'Did the video help you?', options: ['Yes', 'A little', 'No'], correct: [], explanation: null },
];

describe('parseQuiz, compact format', () => {
  it('reads the documented example, with an opinion question', () => {
    expect(parseQuiz(SAMPLE)).toEqual(SAMPLE_PARSED);
  });

  it('forgives spaces, CRLF line endings, a byte-order mark and missing blank lines', () => {
    const text = '\uFEFF  ?What is 2+2?\r\n   *4\r\n\t-  5 \r\n?Next\r\n- a\r\n- b\r\n\r\n\r\n';
    expect(parseQuiz(text)).toEqual([
      { prompt: 'What is 2+2?', options: ['4', '5'], correct: [0], explanation: null },
      { prompt: 'Next', options: ['a', 'b'], correct: [], explanation: null },
    ]);
  });

  it('allows several right options', () => {
    expect(parseQuiz('? Which are even?\n* 2\n- 3\n* 4').at(0)?.correct).toEqual([0, 2]);
  });

  it('joins explanation lines, keeping an empty > line as a paragraph break', () => {
    const [question] = parseQuiz('? Q\n- a\n* b\n> First line.\n>\n> Second paragraph.\n>');
    expect(question?.explanation).toBe('First line.\n\nSecond paragraph.');
  });

  it('continues the question text on unmarked lines right after the ?', () => {
    const [question] = parseQuiz('? Solve for x:\n3x + 1 = 7\n* 2\n- 3');
    expect(question?.prompt).toBe('Solve for x:\n3x + 1 = 7');
    expect(parseQuiz('?\nWhat is this?\n- a\n- b')[0]?.prompt).toBe('What is this?');
  });

  it('keeps blank lines cosmetic: a new ? starts a question', () => {
    expect(parseQuiz('? Q\n\n- a\n\n* b').at(0)?.options).toEqual(['a', 'b']);
  });

  it('has the documented default limits', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxQuestions: 10,
      maxOptions: 10,
      maxOptionLength: 80,
      maxPromptLength: 300,
    });
  });
});

describe('parseQuiz errors name the line', () => {
  const limits = {
    ...DEFAULT_LIMITS,
    maxQuestions: 2,
    maxOptions: 3,
    maxOptionLength: 10,
    maxPromptLength: 20,
  };
  it.each<[string, string, Record<string, unknown>]>([
    ['', 'parse:quiz.empty', {}],
    ['\n  \n', 'parse:quiz.empty', {}],
    ['- a\n? Q', 'parse:quiz.optionBeforeQuestion', { line: 1 }],
    ['\n> why', 'parse:quiz.explanationBeforeQuestion', { line: 2 }],
    ['Title\n? Q\n- a\n- b', 'parse:quiz.unexpectedLine', { line: 1, text: 'Title' }],
    ['? Q\n- a\n- b\nstray text', 'parse:quiz.unexpectedLine', { line: 4, text: 'stray text' }],
    ['? Q\n- a\n\nnot a prompt', 'parse:quiz.unexpectedLine', { line: 4 }],
    ['?\n- a\n- b', 'parse:quiz.emptyPrompt', { line: 1 }],
    ['? Q\n- a\n-\n- b', 'parse:quiz.emptyOption', { line: 3 }],
    ['? Q\n- a', 'parse:quiz.tooFewOptions', { line: 1 }],
    ['? Q\n- a\n- b\n\n? R\n* c', 'parse:quiz.tooFewOptions', { line: 5 }],
    ['? Q\n- a\n- b\n- c\n- d', 'parse:quiz.tooManyOptions', { line: 5, max: 3 }],
    ['? Q\n- a\n- 12345678901', 'parse:quiz.optionTooLong', { line: 3, max: 10, length: 11 }],
    [
      '? This question is far too long\n- a\n- b',
      'parse:quiz.promptTooLong',
      { line: 1, max: 20, length: 29 },
    ],
    ['? Q\n- Yes\n- No\n-  yes ', 'parse:quiz.duplicateOption', { line: 4, option: 'yes', first: 2 }],
    ['? A\n- a\n- b\n? B\n- a\n- b\n? C\n- a\n- b', 'parse:quiz.tooManyQuestions', { line: 7, max: 2 }],
  ])('%j -> %s', (text, key, params) => {
    expect(userError(() => parseQuiz(text, limits))).toMatchObject({ key, params });
  });

  it('reports the first problem in line order', () => {
    const error = userError(() => parseQuiz('? Q\n- a\n- a\n- 12345678901', limits));
    expect(error.key).toBe('parse:quiz.duplicateOption');
  });
});

describe('formatQuiz', () => {
  it('writes the documented example back', () => {
    expect(formatQuiz(SAMPLE_PARSED)).toBe(SAMPLE);
  });

  it('round-trips through parseQuiz', () => {
    const text = '? Solve:\n3x = 6\n* 2\n- 3\n* two\n> Divide.\n>\n> Check: 3 × 2 = 6.';
    const parsed = parseQuiz(text);
    expect(formatQuiz(parsed)).toBe(text);
    expect(parseQuiz(formatQuiz(parsed))).toEqual(parsed);
  });

  it('keeps text that would read as a marker on the line before, and flattens multi-line options', () => {
    const questions: ParsedQuestion[] = [
      { prompt: 'Compute\n-3 + 5', options: ['2\nexactly', '8'], correct: [0], explanation: null },
    ];
    expect(formatQuiz(questions)).toBe('? Compute -3 + 5\n* 2 exactly\n- 8');
    expect(parseQuiz(formatQuiz(questions))[0]?.options).toEqual(['2 exactly', '8']);
  });
});

describe('parseQuiz detects GIFT', () => {
  it('delegates text with {...} answer blocks, with localised true/false labels', () => {
    const text = '::Terre:: La Terre est plate. {F}\n\nQuelle couleur ? {=bleu ~vert}';
    expect(parseQuiz(text, DEFAULT_LIMITS, { trueFalseLabels: { true: 'Vrai', false: 'Faux' } })).toEqual([
      { prompt: 'La Terre est plate.', options: ['Vrai', 'Faux'], correct: [1], explanation: null },
      { prompt: 'Quelle couleur ?', options: ['bleu', 'vert'], correct: [0], explanation: null },
    ]);
  });

  it('keeps braces in a compact quiz as text', () => {
    expect(parseQuiz('? Is {1, 2} a set?\n* yes\n- no')[0]?.prompt).toBe('Is {1, 2} a set?');
    expect(parseCompactQuiz('? {x}\n- a\n- b')[0]?.prompt).toBe('{x}');
  });
});

describe('parse locale files', () => {
  const read = (lang: string): Record<string, unknown> =>
    JSON.parse(readFileSync(new URL(`../../locales/${lang}/parse.json`, import.meta.url), 'utf8'));
  const leaves = (tree: Record<string, unknown>, prefix = ''): Map<string, string> =>
    new Map(
      Object.entries(tree).flatMap(([key, value]) =>
        typeof value === 'string'
          ? [[prefix + key, value] as const]
          : [...leaves(value as Record<string, unknown>, `${prefix}${key}.`)],
      ),
    );
  const variables = (text: string): string[] => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();

  it('have the same keys and the same {{variables}} in English and French', () => {
    const en = leaves(read('en'));
    const fr = leaves(read('fr'));
    expect([...fr.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of en) expect(variables(fr.get(key)!), key).toEqual(variables(text));
  });
});
