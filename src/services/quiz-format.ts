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
 * - Blank lines are for the eye: a new `?` is what starts a new question. Spaces before a marker and
 *   between a marker and its text do not matter.
 * - Options of one question must differ (ignoring case and spacing).
 * - Lengths are counted in UTF-16 units, as the chat platforms count them.
 *
 * Text whose first line is not one of these markers and that holds `{ ... }` answer blocks is read as
 * Moodle GIFT instead (multiple choice and true/false; see gift.ts).
 *
 * Mistakes are reported as `UserError('parse:quiz.<problem>', { line, ... })` with the 1-based line.
 * @module
 */
import { UserError } from '../core/errors.ts';
// gift.ts imports checkQuestion back from here. The cycle is safe: neither module calls the other
// while loading, only when a quiz is parsed.
import { DEFAULT_TRUE_FALSE_LABELS, looksLikeGift, parseGift, type TrueFalseLabels } from './gift.ts';

/** One question of a quiz, as parsed from what the teacher typed. */
export interface ParsedQuestion {
  /** The question text; may hold line breaks. */
  prompt: string;
  /** The options, in the teacher's order. */
  options: string[];
  /** Indexes into `options` of the right answers; empty for an opinion question. */
  correct: number[];
  /** Shown after answering, or null. */
  explanation: string | null;
  /** Feedback for each option (GIFT `#...`), shown to the student who picked it; absent when none. */
  feedback?: (string | null)[];
}

/** What a quiz may hold; the defaults fit Discord's and Slack's message and button limits. */
export interface QuizLimits {
  maxQuestions: number;
  maxOptions: number;
  maxOptionLength: number;
  maxPromptLength: number;
}

export const DEFAULT_LIMITS: Readonly<QuizLimits> = Object.freeze({
  maxQuestions: 10,
  maxOptions: 10,
  maxOptionLength: 80,
  maxPromptLength: 300,
});

/** Where a question's parts were written (1-based lines), to name them in errors. */
export interface QuestionLines {
  prompt: number;
  options: number[];
}

/** Options for {@link parseQuiz}. */
export interface ParseQuizOptions {
  /** Names of the two options of a GIFT true/false question, in the class's language. */
  trueFalseLabels?: TrueFalseLabels;
}

/** Reads a quiz in the compact format, or in GIFT when it looks like GIFT. Throws `parse:quiz.*`/`parse:gift.*`. */
export function parseQuiz(
  text: string,
  limits: QuizLimits = DEFAULT_LIMITS,
  options: ParseQuizOptions = {},
): ParsedQuestion[] {
  if (looksLikeGift(text))
    return parseGift(text, limits, options.trueFalseLabels ?? DEFAULT_TRUE_FALSE_LABELS);
  return parseCompactQuiz(text, limits);
}

interface Draft {
  prompt: string[];
  options: string[];
  correct: number[];
  explanation: string[];
  lines: QuestionLines;
}

/** Reads the compact format only (no GIFT detection). */
export function parseCompactQuiz(text: string, limits: QuizLimits = DEFAULT_LIMITS): ParsedQuestion[] {
  const questions: ParsedQuestion[] = [];
  let draft: Draft | null = null;
  let afterPrompt = false; // unmarked lines continue the question text only right after it

  const finish = (): void => {
    if (!draft) return;
    const explanation = draft.explanation.join('\n').trim();
    const question: ParsedQuestion = {
      prompt: draft.prompt.filter((part) => part !== '').join('\n'),
      options: draft.options,
      correct: draft.correct,
      explanation: explanation === '' ? null : explanation,
    };
    checkQuestion(question, draft.lines, limits);
    questions.push(question);
    draft = null;
  };

  splitLines(text).forEach((raw, index) => {
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
      if (questions.length >= limits.maxQuestions) {
        throw new UserError('parse:quiz.tooManyQuestions', { line, max: limits.maxQuestions });
      }
      draft = {
        prompt: [body],
        options: [],
        correct: [],
        explanation: [],
        lines: { prompt: line, options: [] },
      };
      afterPrompt = true;
      return;
    }
    afterPrompt = afterPrompt && marker !== '*' && marker !== '-' && marker !== '>';
    if (marker === '*' || marker === '-') {
      if (!draft) throw new UserError('parse:quiz.optionBeforeQuestion', { line });
      if (marker === '*') draft.correct.push(draft.options.length);
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
  });
  finish();
  if (questions.length === 0) throw new UserError('parse:quiz.empty');
  return questions;
}

/**
 * Checks one question against the limits, reporting the first problem in line order.
 * Shared by the compact and GIFT readers so both say the same thing about the same mistake.
 */
export function checkQuestion(question: ParsedQuestion, at: QuestionLines, limits: QuizLimits): void {
  if (question.prompt.trim() === '') throw new UserError('parse:quiz.emptyPrompt', { line: at.prompt });
  if (question.prompt.length > limits.maxPromptLength) {
    throw new UserError('parse:quiz.promptTooLong', {
      line: at.prompt,
      max: limits.maxPromptLength,
      length: question.prompt.length,
    });
  }
  const seen = new Map<string, number>();
  question.options.forEach((option, index) => {
    const line = at.options[index] ?? at.prompt;
    if (index >= limits.maxOptions) {
      throw new UserError('parse:quiz.tooManyOptions', { line, max: limits.maxOptions });
    }
    if (option === '') throw new UserError('parse:quiz.emptyOption', { line });
    if (option.length > limits.maxOptionLength) {
      throw new UserError('parse:quiz.optionTooLong', {
        line,
        max: limits.maxOptionLength,
        length: option.length,
      });
    }
    const key = option.normalize('NFC').toLocaleLowerCase().replace(/\s+/g, ' ');
    const first = seen.get(key);
    if (first !== undefined) throw new UserError('parse:quiz.duplicateOption', { line, option, first });
    seen.set(key, line);
  });
  if (question.options.length < 2) throw new UserError('parse:quiz.tooFewOptions', { line: at.prompt });
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
      const options = question.options.map(
        (option, index) =>
          `${question.correct.includes(index) ? '*' : '-'} ${option.replace(/\s*\n\s*/g, ' ')}`,
      );
      const explanation =
        question.explanation === null
          ? []
          : question.explanation.split('\n').map((part) => (part.trim() === '' ? '>' : `> ${part.trim()}`));
      return [...prompt, ...options, ...explanation].join('\n');
    })
    .join('\n\n');
}

/** The text's lines, without a byte-order mark, whatever the line endings. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/** A short quote of what the teacher wrote, for an error message. */
export function excerpt(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
