// The one entry point for quiz text: read what a teacher typed (compact format or Moodle GIFT) and
// write questions back for editing. Callers import from here, never from the readers themselves.

import { parseCompactQuiz } from './compact.ts';
import { looksLikeGift, parseGift } from './gift.ts';
import {
  DEFAULT_LIMITS,
  DEFAULT_TRUE_FALSE_LABELS,
  type ParsedQuestion,
  type QuizLimits,
  type TrueFalseLabels,
} from './model.ts';

export { formatQuiz, parseCompactQuiz } from './compact.ts';
export { looksLikeGift, parseGift } from './gift.ts';
export {
  checkQuestion,
  DEFAULT_LIMITS,
  DEFAULT_TRUE_FALSE_LABELS,
  excerpt,
  type ParsedQuestion,
  type QuestionLines,
  type QuizLimits,
  type ReviewResource,
  splitLines,
  type TrueFalseLabels,
} from './model.ts';
export {
  decodeReviews,
  encodeReviews,
  formatReview,
  REVIEW_URL_MAX,
  reviewTarget,
  type StoredReviews,
} from './review.ts';

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
