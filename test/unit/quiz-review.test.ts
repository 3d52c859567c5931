// Review resources in quiz text (compact `->` lines, GIFT `// ->` comments), the moments of a video
// and the timestamp links they become (issue 14 §2). Pure functions: no database, no platform.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/core/errors.ts';
import {
  decodeReviews,
  encodeReviews,
  formatQuiz,
  type ParsedQuestion,
  parseQuiz,
  REVIEW_URL_MAX,
  reviewTarget,
} from '../../src/domain/quiz-text/index.ts';
import {
  formatMoment,
  linkAtMoment,
  MOMENT_MAX_SECONDS,
  parseMoment,
} from '../../src/domain/video-moment.ts';

/** The translation key and line of the mistake `text` is refused for. */
function refusal(text: string): { key: string; line: unknown } {
  try {
    parseQuiz(text);
  } catch (error) {
    if (isUserError(error)) return { key: error.key, line: error.params?.line };
    throw error;
  }
  throw new Error(`accepted: ${text}`);
}

describe('moments of a video', () => {
  it('reads m:ss and h:mm:ss, and writes them back', () => {
    expect(parseMoment('2:13')).toBe(133);
    expect(parseMoment('0:05')).toBe(5);
    expect(parseMoment('75:00')).toBe(4500);
    expect(parseMoment('1:02:03')).toBe(3723);
    expect(formatMoment(133)).toBe('2:13');
    expect(formatMoment(3723)).toBe('1:02:03');
    expect(formatMoment(5)).toBe('0:05');
    for (const bad of ['2:60', '2:3', '1:2:03', '1:60:00', 'abc', '', '-1:00', '2:13s', '10:00:00'])
      expect(parseMoment(bad), bad).toBeNull();
  });

  it('round-trips every moment (property-based)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MOMENT_MAX_SECONDS }), (s) => {
        expect(parseMoment(formatMoment(s))).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('timestamp links', () => {
  it('speaks each site’s own way of starting at a moment', () => {
    expect(linkAtMoment('https://tube.example/w/8kKXW5tPoM1SLMTzWfqrs5', 133)).toBe(
      'https://tube.example/w/8kKXW5tPoM1SLMTzWfqrs5?start=2m13s',
    );
    expect(linkAtMoment('https://tube.example/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d', 3723)).toBe(
      'https://tube.example/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d?start=1h2m3s',
    );
    expect(linkAtMoment('https://tube.example/w/8kKXW5tPoM1SLMTzWfqrs5', 7)).toBe(
      'https://tube.example/w/8kKXW5tPoM1SLMTzWfqrs5?start=7s',
    );
    expect(linkAtMoment('https://www.youtube.com/watch?v=abc', 133)).toBe(
      'https://www.youtube.com/watch?v=abc&t=133s',
    );
    expect(linkAtMoment('https://youtu.be/abc', 133)).toBe('https://youtu.be/abc?t=133');
    expect(linkAtMoment('https://youtu.be/abc?t=5', 133)).toBe('https://youtu.be/abc?t=133');
    expect(linkAtMoment('https://vimeo.com/76979871', 133)).toBe('https://vimeo.com/76979871#t=133s');
  });

  it('keeps other links, and links without a moment, as they are', () => {
    expect(linkAtMoment('https://example.org/cours', 133)).toBe('https://example.org/cours');
    expect(linkAtMoment('https://cdn.example/cours.mp4', 133)).toBe('https://cdn.example/cours.mp4');
    expect(linkAtMoment('https://youtu.be/abc', null)).toBe('https://youtu.be/abc');
  });

  it('percent-encodes what an HTTP Location header cannot carry, and keeps parentheses', () => {
    expect(linkAtMoment('https://fr.wikipedia.org/wiki/Sœur', null)).toBe(
      'https://fr.wikipedia.org/wiki/S%C5%93ur',
    );
    expect(linkAtMoment('https://fr.wikipedia.org/wiki/Fraction_(mathématiques)', 12)).toBe(
      'https://fr.wikipedia.org/wiki/Fraction_(math%C3%A9matiques)',
    );
    expect(parseQuiz('? Q\n-> https://fr.wikipedia.org/wiki/Sœur\n* a\n- b')[0]?.review?.url).toBe(
      'https://fr.wikipedia.org/wiki/S%C5%93ur',
    );
  });
});

describe('review resources in the compact format', () => {
  const text = `? 1/2 + 1/4 = ?
-> @2:13
- 2/6
-> https://www.youtube.com/watch?v=abc @1:02:03
* 3/4
- 1/3
-> https://example.org/fractions
> Same denominator.`;

  it('reads a question’s and wrong options’ resources, and writes them back', () => {
    const [q] = parseQuiz(text);
    expect(q?.review).toEqual({ url: null, at: 133 });
    expect(q?.reviews).toEqual([
      { url: 'https://www.youtube.com/watch?v=abc', at: 3723 },
      null,
      { url: 'https://example.org/fractions', at: null },
    ]);
    expect(formatQuiz(parseQuiz(text))).toBe(text);
  });

  it('keeps quizzes without review exactly as before', () => {
    const [q] = parseQuiz('? a\n* b\n- c');
    expect(q).toEqual({ prompt: 'a', options: ['b', 'c'], correct: [0], explanation: null });
  });

  it('refuses misplaced or malformed review lines, naming the line', () => {
    expect(refusal('? a\n- b\n* c\n-> @1:00')).toEqual({ key: 'parse:quiz.reviewOnRight', line: 4 });
    expect(refusal('? a\n- b\n- c\n-> @1:00')).toEqual({ key: 'parse:quiz.reviewOpinion', line: 4 });
    expect(refusal('-> @1:00\n? a\n* b\n- c')).toEqual({ key: 'parse:quiz.reviewPlacement', line: 1 });
    expect(refusal('? a\n* b\n- c\n> why\n-> @1:00')).toEqual({ key: 'parse:quiz.reviewPlacement', line: 5 });
    expect(refusal('? a\n-> @1:00\n-> @2:00\n* b\n- c')).toEqual({
      key: 'parse:quiz.reviewPlacement',
      line: 3,
    });
    expect(refusal('? a\n* b\n- c\n->')).toEqual({ key: 'parse:quiz.reviewEmpty', line: 4 });
    expect(refusal('? a\n* b\n- c\n-> @2:75')).toEqual({ key: 'parse:quiz.reviewMoment', line: 4 });
    expect(refusal('? a\n* b\n- c\n-> javascript:alert(1)')).toEqual({
      key: 'parse:quiz.reviewLink',
      line: 4,
    });
    expect(refusal('? a\n* b\n- c\n-> ftp://x.example/a')).toEqual({ key: 'parse:quiz.reviewLink', line: 4 });
    expect(refusal('? a\n* b\n- c\n-> https://a.example b')).toEqual({
      key: 'parse:quiz.reviewExtra',
      line: 4,
    });
    const long = `https://a.example/${'x'.repeat(REVIEW_URL_MAX)}`;
    expect(refusal(`? a\n* b\n- c\n-> ${long}`)).toEqual({ key: 'parse:quiz.reviewLinkTooLong', line: 4 });
  });
});

describe('review resources in GIFT', () => {
  it('reads `// ->` comments: after a wrong answer inside the braces it is that answer’s, elsewhere the question’s', () => {
    const [mc, tf] = parseQuiz(`::Q1:: 2 + 2 = ? {
=4
~5
// -> https://vimeo.com/76979871 @0:40
~3
}
// -> @1:10

::Q2:: The sky is blue {T
// -> @2:00
}`);
    expect(mc?.review).toEqual({ url: null, at: 70 });
    expect(mc?.reviews).toEqual([null, { url: 'https://vimeo.com/76979871', at: 40 }, null]);
    expect(tf?.review).toEqual({ url: null, at: 120 });
    expect(tf?.reviews).toBeUndefined();
  });

  it('ignores ordinary comments and refuses a review comment on a right answer or outside a question', () => {
    expect(parseQuiz('// just a note\n::a:: b {=c ~d}')[0]?.review).toBeUndefined();
    expect(refusal('::a:: b {\n=c\n// -> @1:00\n~d\n}')).toEqual({
      key: 'parse:quiz.reviewOnRight',
      line: 3,
    });
    expect(refusal('// -> @1:00\n\n::a:: b {=c ~d}')).toEqual({ key: 'parse:gift.reviewOutside', line: 1 });
    expect(refusal('::a:: b {=c ~d}\n// -> @1:00\n// -> @2:00')).toEqual({
      key: 'parse:gift.reviewTwice',
      line: 3,
    });
    expect(refusal('::a:: b {=c ~d}\n// -> mailto:x@y.example')).toEqual({
      key: 'parse:quiz.reviewLink',
      line: 2,
    });
  });
});

describe('stored reviews', () => {
  it('stores nothing for a question without review, and finds the resource of a wrong choice', () => {
    expect(encodeReviews({})).toBeNull();
    const [q] = parseQuiz('? a\n-> @1:00\n- b\n-> https://x.example/b\n* c\n- d') as ParsedQuestion[];
    const stored = decodeReviews(encodeReviews(q as ParsedQuestion));
    expect(reviewTarget(stored, [1], 0)).toEqual({
      target: 0,
      resource: { url: 'https://x.example/b', at: null },
    });
    expect(reviewTarget(stored, [1], 2)).toEqual({ target: -1, resource: { url: null, at: 60 } });
    expect(reviewTarget(stored, [1], 1)).toBeNull();
    expect(reviewTarget(decodeReviews('not json'), [1], 0)).toBeNull();
  });
});

describe('review lines survive formatting (property-based)', () => {
  const moment = fc.option(fc.integer({ min: 0, max: MOMENT_MAX_SECONDS }), { nil: null });
  const link = fc.option(
    fc.constantFrom(
      'https://tube.example/w/8kKXW5tPoM1SLMTzWfqrs5',
      'https://www.youtube.com/watch?v=abc',
      'https://youtu.be/abc',
      'http://example.org/a?b=c#d',
    ),
    { nil: null },
  );
  const resource = fc.record({ url: link, at: moment }).filter((r) => r.url !== null || r.at !== null);
  it('parses back what formatQuiz writes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.option(resource, { nil: undefined }),
        fc.array(fc.option(resource, { nil: null }), { minLength: 5, maxLength: 5 }),
        (count, review, perOption) => {
          const options = Array.from({ length: count }, (_, i) => `option ${i}`);
          const reviews = perOption.slice(0, count).map((r, i) => (i === 0 ? null : r));
          const question: ParsedQuestion = { prompt: 'Q', options, correct: [0], explanation: null };
          if (review) question.review = review;
          if (reviews.some((r) => r !== null)) question.reviews = reviews;
          expect(parseQuiz(formatQuiz([question]))).toEqual([question]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
