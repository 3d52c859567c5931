import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { DEFAULT_LIMITS, looksLikeGift, parseGift, parseQuiz } from '../../src/domain/quiz-text/index.ts';

function userError(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

const FRENCH = { true: 'Vrai', false: 'Faux' };

describe('parseGift, multiple choice', () => {
  it('reads titles, comments, categories and per-answer feedback', () => {
    const text = `// Fractions, chapter 3
$CATEGORY: $course$/Fractions

::Q1:: What's between orange and green in the spectrum?
{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }`;
    expect(parseGift(text)).toEqual([
      {
        prompt: "What's between orange and green in the spectrum?",
        options: ['yellow', 'red', 'blue'],
        correct: [0],
        explanation: null,
        feedback: ['right; good!', "wrong, it's yellow", "wrong, it's yellow"],
      },
    ]);
  });

  it('reads multi-line questions and answers, with general and per-answer feedback', () => {
    const text = `::Capital:: What is the capital
of France? {
  ~Lyon#No.
  =Paris#Yes!
  // a comment line
  ~Marseille
  ####Paris has been the capital for centuries.
}`;
    expect(parseGift(text)).toEqual([
      {
        prompt: 'What is the capital\nof France?',
        options: ['Lyon', 'Paris', 'Marseille'],
        correct: [1],
        explanation: 'Paris has been the capital for centuries.',
        feedback: ['No.', 'Yes!', null],
      },
    ]);
  });

  it('unescapes \\: \\~ \\= \\# \\{ \\} and \\n', () => {
    const text = '::Escapes\\: demo:: Which is written 1\\=1? {=a\\~b ~c\\#d ~\\{e\\} ~f\\\\g}';
    const [question] = parseGift(text);
    expect(question?.prompt).toBe('Which is written 1=1?');
    expect(question?.options).toEqual(['a~b', 'c#d', '{e}', 'f\\g']);
    expect(parseGift('Two\\nlines {=a ~b}')[0]?.prompt).toBe('Two\nlines');
  });

  it('counts a positive weight as right, and reads the missing-word form', () => {
    expect(parseGift('Pick {~%50%A ~%50%B ~%-100%C}')[0]?.correct).toEqual([0, 1]);
    expect(parseGift('Moodle costs {~lots of money =nothing ~a small amount} to download.')[0]).toEqual({
      prompt: 'Moodle costs _____ to download.',
      options: ['lots of money', 'nothing', 'a small amount'],
      correct: [1],
      explanation: null,
    });
  });

  it('reads a question with only ~ options as an opinion question, and drops format tags', () => {
    expect(parseGift('[markdown]Did you like it? {~Yes ~No}')[0]).toEqual({
      prompt: 'Did you like it?',
      options: ['Yes', 'No'],
      correct: [],
      explanation: null,
    });
  });
});

describe('parseGift, true/false', () => {
  it.each([
    ['{T}', [0]],
    ['{TRUE}', [0]],
    ['{F}', [1]],
    ['{FALSE}', [1]],
    ['{ false }', [1]],
  ])('reads %s', (answer, correct) => {
    expect(parseGift(`1+1=2 ${answer}`, DEFAULT_LIMITS, FRENCH)).toEqual([
      { prompt: '1+1=2', options: ['Vrai', 'Faux'], correct, explanation: null },
    ]);
  });

  it('keeps the feedback for a wrong and a right answer, and the general feedback', () => {
    const text = "Le Soleil tourne autour de la Terre. {F#Non : c'est l'inverse.#Exact.}";
    expect(parseGift(text, DEFAULT_LIMITS, FRENCH)[0]?.feedback).toEqual([
      "Non : c'est l'inverse.",
      'Exact.',
    ]);
    expect(parseGift('Water is wet. {T#No.#Yes.####Mostly.}')[0]).toMatchObject({
      explanation: 'Mostly.',
      feedback: ['Yes.', 'No.'],
    });
    expect(parseGift('Water is wet. {T#Think again.}')[0]?.feedback).toEqual([null, 'Think again.']);
    expect(parseGift('Water is wet. {T}')[0]?.options).toEqual(['True', 'False']);
  });
});

describe('parseGift refuses what buttons cannot ask', () => {
  it.each([
    ["::Tomb:: Who's buried in Grant's tomb? {=Grant =Ulysses S. Grant}", 'Tomb', 'shortAnswer'],
    ['::Food:: Which animal eats which food? { =cat -> cat food =dog -> dog food }', 'Food', 'matching'],
    ['::Num:: When was Grant born? {#1822:2}', 'Num', 'numeric'],
    ['::Essay:: Describe your favourite film. {}', 'Essay', 'essay'],
    ['::Intro:: In this quiz, you may use a calculator.', 'Intro', 'description'],
    ['::Two:: {=a ~b} and {=c ~d}', 'Two', 'malformed'],
    ['::Lead:: Pick one {junk ~a =b}', 'Lead', 'malformed'],
  ])('%j', (text, title, kind) => {
    expect(userError(() => parseGift(text))).toMatchObject({
      key: `parse:gift.${kind}`,
      params: { line: 1, title },
    });
  });

  it('names an untitled question by the start of its text, on the right line', () => {
    const text =
      '// comment\n::A:: ok {=a ~b}\n\n// about the next one\nWhat is the square root of two, to two decimal places? {#1.41}';
    expect(userError(() => parseGift(text))).toMatchObject({
      key: 'parse:gift.numeric',
      params: { line: 5, title: 'What is the square root of two, to two …' },
    });
  });

  it('reports an answer block that never closes', () => {
    expect(userError(() => parseGift('::Open::\nQuestion\n{=a ~b'))).toMatchObject({
      key: 'parse:gift.unclosed',
      params: { line: 3, title: 'Open' },
    });
  });
});

describe('parseGift applies the quiz limits with line numbers', () => {
  it('points at the option past the limit, counting comment lines', () => {
    const text = '::Q:: Question {\n// note\n~a\n=b\n~c\n}';
    expect(userError(() => parseGift(text, { ...DEFAULT_LIMITS, maxOptions: 2 }))).toMatchObject({
      key: 'parse:quiz.tooManyOptions',
      params: { line: 5, max: 2 },
    });
  });

  it('checks question count, duplicates, lengths and empty options', () => {
    const limits = { ...DEFAULT_LIMITS, maxQuestions: 1, maxOptionLength: 5 };
    expect(userError(() => parseGift('A {=a ~b}\n\nB {=a ~b}', limits))).toMatchObject({
      key: 'parse:quiz.tooManyQuestions',
      params: { line: 3, max: 1 },
    });
    expect(userError(() => parseGift('A {\n=a\n~A\n}'))).toMatchObject({
      key: 'parse:quiz.duplicateOption',
      params: { line: 3, first: 2 },
    });
    expect(userError(() => parseGift('A {=a ~toolong}', limits))).toMatchObject({
      key: 'parse:quiz.optionTooLong',
      params: { line: 1, max: 5 },
    });
    expect(userError(() => parseGift('A {=a ~ }'))).toMatchObject({ key: 'parse:quiz.emptyOption' });
    expect(userError(() => parseGift('A {~a}'))).toMatchObject({
      key: 'parse:quiz.tooFewOptions',
      params: { line: 1 },
    });
    expect(userError(() => parseGift('{T}'))).toMatchObject({
      key: 'parse:quiz.emptyPrompt',
      params: { line: 1 },
    });
  });

  it('reports a file of comments only as an empty quiz', () => {
    expect(userError(() => parseQuiz('// nothing yet\n$CATEGORY: x\n'))).toMatchObject({
      key: 'parse:quiz.empty',
    });
  });
});

describe('looksLikeGift', () => {
  it.each([
    ['::T:: Q {T}', true],
    ['// comment\nQuestion {=a ~b}', true],
    ['Question\n{\n=a\n~b\n}', true],
    ['? Q {x}\n- a\n- b', false],
    ['? Q\n- a\n- b', false],
    ['Plain text', false],
    ['Escaped \\{ only', false],
    ['', false],
  ])('%j -> %s', (text, expected) => {
    expect(looksLikeGift(text)).toBe(expected);
  });
});
