// The GIFT cases of Moodle's documentation, each read (or refused with its line) as Moodle means it.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { parseGift } from '../../src/domain/quiz-text/gift.ts';
import { parseQuiz } from '../../src/domain/quiz-text/index.ts';
import { GIFT_CORPUS } from '../support/gift-corpus.ts';

describe('GIFT corpus from the format documentation', () => {
  it('holds at least 30 cases', () => {
    expect(GIFT_CORPUS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(GIFT_CORPUS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.questions) {
      expect(parseGift(c.text)).toEqual(c.questions);
      // What the teacher pastes goes through the same detection as the compact format.
      expect(parseQuiz(c.text)).toEqual(c.questions);
      return;
    }
    let caught: unknown = null;
    try {
      parseQuiz(c.text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect(caught).toMatchObject({ key: c.error?.key, params: { line: c.error?.line } });
  });
});

describe("the README's GIFT example", () => {
  it('is read with its feedback, weights and true/false', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /#### Moodle GIFT[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const questions = parseQuiz(block);
    expect(questions).toHaveLength(3);
    expect(questions[0]).toMatchObject({
      correct: [1],
      explanation: 'Put them over the same denominator first.',
      feedback: ['Numerators and denominators are not added.', 'Yes: 2/4 + 1/4.', null],
    });
    expect(questions[1]?.correct).toEqual([0, 1]);
    expect(questions[2]).toMatchObject({ options: ['True', 'False'], correct: [1] });
  });
});
