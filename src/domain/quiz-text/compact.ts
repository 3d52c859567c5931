/**
 * The compact quiz format teachers type in a chat box.
 *
 * ```
 * ? What is 1/2 + 1/4?
 * - 2/6
 * * 3/4
 * - 1/3
 * > Put them over the same denominator first: 2/4 + 1/4.
 *
 * ? Did the video help you?
 * - Yes
 * - A little
 * - No
 * ```
 *
 * - `?` starts a question; its text follows on the same line. Lines right after it without a marker
 *   continue the question text (for a formula or a short passage).
 * - `*` is a right answer, `-` another option. Every question needs at least two options.
 * - Several `*` are allowed: a student picks one option, and any option marked `*` counts as right.
 * - A question with no `*` is an opinion question: it has no right answer and is not scored.
 * - `>` is the explanation shown after answering; several `>` lines make a paragraph.
 * - `->` on the line after the question, or after a wrong (`-`) option, is a review resource: where
 *   to send a student who got it wrong. A link, a moment of the video, or both:
 *   `-> https://tube.example/w/abc @2:13`, `-> @1:02:03` (a moment alone is the capsule's own
 *   video). The option's own review wins over the question's. Only http(s) links.
 * - Blank lines are for the eye: a new `?` is what starts a new question. Spaces before a marker and
 *   between a marker and its text do not matter.
 * - Options of one question must differ (ignoring case and spacing).
 * - Lengths are counted in UTF-16 units, as the chat platforms count them.
 *
 * Text whose first line is not one of these markers and that holds `{ ... }` answer blocks is read as
 * Moodle GIFT instead (multiple choice and true/false; see gift.ts; index.ts picks the reader).
 *
 * Mistakes are reported as `UserError('parse:quiz.<problem>', { line, ... })` with the 1-based line;
 * the compact reader reports every mistake at once (`UserErrors`), one per line or question.
 * @module
 */
import { Checks, UserError } from '../../core/errors.ts';
import {
  checkQuestion,
  DEFAULT_LIMITS,
  excerpt,
  type ParsedQuestion,
  type QuestionLines,
  type QuizLimits,
  type ReviewResource,
  splitLines,
} from './model.ts';
import { attachReviews, formatReview, parseReview, type ReviewLines } from './review.ts';

interface Draft {
  prompt: string[];
  options: string[];
  correct: number[];
  explanation: string[];
  lines: QuestionLines;
  review: ReviewResource | null;
  reviews: Map<number, ReviewResource>;
  reviewLines: ReviewLines;
  /** What a `->` line would belong to now: -1 the question, an option index, or null (nothing). */
  target: number | null;
}

/** Reads the compact format only (no GIFT detection). */
export function parseCompactQuiz(text: string, limits: QuizLimits = DEFAULT_LIMITS): ParsedQuestion[] {
  const questions: ParsedQuestion[] = [];
  let draft: Draft | null = null;
  let afterPrompt = false; // unmarked lines continue the question text only right after it
  let started = 0;
  // Every mistake is gathered, so a teacher fixes a long quiz in one go instead of one per try.
  const problems = new Checks();

  const finish = (): void => {
    if (!draft) return;
    const lines = draft.lines;
    const explanation = draft.explanation.join('\n').trim();
    const question: ParsedQuestion = {
      prompt: draft.prompt.filter((part) => part !== '').join('\n'),
      options: draft.options,
      correct: draft.correct,
      explanation: explanation === '' ? null : explanation,
    };
    const { review, reviews, reviewLines } = draft;
    draft = null;
    problems.run(undefined, () => {
      checkQuestion(question, lines, limits);
      attachReviews(question, review, reviews, reviewLines);
      questions.push(question);
    });
  };

  const readLine = (raw: string, index: number): void => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '') {
      afterPrompt = false;
      return;
    }
    const marker = trimmed[0];
    const body = trimmed.slice(1).trim();
    if (marker === '?') {
      finish();
      started += 1;
      if (started > limits.maxQuestions) {
        throw new UserError('parse:quiz.tooManyQuestions', { line, max: limits.maxQuestions });
      }
      draft = {
        prompt: [body],
        options: [],
        correct: [],
        explanation: [],
        lines: { prompt: line, options: [] },
        review: null,
        reviews: new Map(),
        reviewLines: { options: new Map() },
        target: -1,
      };
      afterPrompt = true;
      return;
    }
    if (trimmed.startsWith('->')) {
      afterPrompt = false;
      readReview(trimmed.slice(2), line);
      return;
    }
    afterPrompt = afterPrompt && marker !== '*' && marker !== '-' && marker !== '>';
    if (draft && !afterPrompt) draft.target = null;
    if (marker === '*' || marker === '-') {
      if (!draft) throw new UserError('parse:quiz.optionBeforeQuestion', { line });
      if (marker === '*') draft.correct.push(draft.options.length);
      draft.target = draft.options.length;
      draft.options.push(body);
      draft.lines.options.push(line);
    } else if (marker === '>') {
      if (!draft) throw new UserError('parse:quiz.explanationBeforeQuestion', { line });
      draft.explanation.push(body);
    } else if (draft && afterPrompt) {
      draft.prompt.push(trimmed);
    } else {
      throw new UserError('parse:quiz.unexpectedLine', { line, text: excerpt(trimmed) });
    }
  };
  const readReview = (body: string, line: number): void => {
    if (!draft || draft.target === null) throw new UserError('parse:quiz.reviewPlacement', { line });
    const review = parseReview(body, line);
    const target = draft.target;
    draft.target = null;
    if (target === -1) {
      draft.review = review;
      draft.reviewLines.question = line;
    } else {
      draft.reviews.set(target, review);
      draft.reviewLines.options.set(target, line);
    }
  };
  const lines = splitLines(text);
  for (const [index, raw] of lines.entries()) {
    problems.run(undefined, () => readLine(raw, index));
    // Past the last question allowed, every line would be one more mistake: one says it all.
    if (started > limits.maxQuestions) {
      draft = null;
      break;
    }
  }
  finish();
  problems.done();
  if (questions.length === 0) throw new UserError('parse:quiz.empty');
  return questions;
}

/** Writes questions back in the compact format, for editing; `parseQuiz` reads the result back. */
export function formatQuiz(questions: readonly ParsedQuestion[]): string {
  return questions
    .map((question) => {
      const [first = '', ...rest] = question.prompt.split('\n').map((part) => part.trim());
      const prompt = [`? ${first}`];
      for (const part of rest) {
        if (part === '') continue;
        // A continuation line starting with a marker would be read as that marker: keep it on the line before.
        if ('?*->'.includes(part[0]!)) prompt[prompt.length - 1] += ` ${part}`;
        else prompt.push(part);
      }
      if (question.review) prompt.push(`-> ${formatReview(question.review)}`);
      const options = question.options.map((option, index) => {
        const line = `${question.correct.includes(index) ? '*' : '-'} ${option.replace(/\s*\n\s*/g, ' ')}`;
        const review = question.reviews?.[index];
        return review ? `${line}\n-> ${formatReview(review)}` : line;
      });
      const explanation =
        question.explanation === null
          ? []
          : question.explanation.split('\n').map((part) => (part.trim() === '' ? '>' : `> ${part.trim()}`));
      return [...prompt, ...options, ...explanation].join('\n');
    })
    .join('\n\n');
}
