// The quiz a teacher writes, whatever the text format: the parsed question, the limits that fit the
// chat platforms' messages and buttons, and the checks both readers (compact, GIFT) share so they
// say the same thing about the same mistake.
import { UserError } from '../../core/errors.ts';

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
  /** Where to send a student who got the question wrong (any wrong option without its own). */
  review?: ReviewResource;
  /** Per option: where to send the student who picked it (wrong options only); absent when none. */
  reviews?: (ReviewResource | null)[];
}

/** A review resource: a link, a moment of the video, or both; a moment alone means the capsule's video. */
export interface ReviewResource {
  /** An http(s) link, or null for the capsule's own video. */
  url: string | null;
  /** Seconds into the video, or null. */
  at: number | null;
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

/** What the two options of a true/false question are called, in the class's language. */
export interface TrueFalseLabels {
  true: string;
  false: string;
}

export const DEFAULT_TRUE_FALSE_LABELS: Readonly<TrueFalseLabels> = Object.freeze({
  true: 'True',
  false: 'False',
});

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

/** The text's lines, without a byte-order mark, whatever the line endings. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/** A short quote of what the teacher wrote, for an error message. */
export function excerpt(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
