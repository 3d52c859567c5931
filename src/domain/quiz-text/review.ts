// Review resources in quiz text: a question, or one of its wrong options, may send the student who
// got it wrong back to a link, at a moment of the video (`-> https://tube.example/w/abc @2:13`), or
// to the capsule's own video at a moment (`-> @2:13`). Shared by the compact and GIFT readers.
import { UserError } from '../../core/errors.ts';
import { formatMoment, parseMoment } from '../video-moment.ts';
import type { ParsedQuestion, ReviewResource } from './model.ts';

/** The longest review link accepted (characters). */
export const REVIEW_URL_MAX = 500;

/** Reads what follows `->` on a review line; errors name `line`. */
export function parseReview(body: string, line: number): ReviewResource {
  const parts = body
    .trim()
    .split(/\s+/)
    .filter((part) => part !== '');
  if (parts.length === 0) throw new UserError('parse:quiz.reviewEmpty', { line });
  let at: number | null = null;
  const last = parts[parts.length - 1]!;
  if (last.startsWith('@')) {
    at = parseMoment(last.slice(1));
    if (at === null) throw new UserError('parse:quiz.reviewMoment', { line, moment: last.slice(0, 12) });
    parts.pop();
  }
  if (parts.length > 1) throw new UserError('parse:quiz.reviewExtra', { line });
  const typed = parts[0] ?? null;
  let url: string | null = null;
  if (typed !== null) {
    url = typed;
    if (url.length > REVIEW_URL_MAX) {
      throw new UserError('parse:quiz.reviewLinkTooLong', { line, max: REVIEW_URL_MAX, length: url.length });
    }
    if (!isWebLink(url)) throw new UserError('parse:quiz.reviewLink', { line });
    // Stored as the WHATWG form (non-ASCII percent-encoded): it goes into an HTTP Location header.
    url = new URL(url).href;
  }
  return { url, at };
}

function isWebLink(text: string): boolean {
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Where a question's review lines were written, to name them in errors. */
export interface ReviewLines {
  /** Line of the question-level review, if any. */
  question?: number;
  /** Line of each option's review, by option index. */
  options: Map<number, number>;
}

/**
 * Attaches the reviews read for one question and checks they make sense: only a wrong option of
 * a graded question sends a student back (a right one, or an opinion, has nobody to send).
 */
export function attachReviews(
  question: ParsedQuestion,
  review: ReviewResource | null,
  options: Map<number, ReviewResource>,
  at: ReviewLines,
): void {
  if (review === null && options.size === 0) return;
  if (question.correct.length === 0) {
    const line = at.question ?? Math.min(...at.options.values());
    throw new UserError('parse:quiz.reviewOpinion', { line });
  }
  for (const [index, line] of at.options) {
    if (question.correct.includes(index)) throw new UserError('parse:quiz.reviewOnRight', { line });
  }
  if (review) question.review = review;
  if (options.size > 0) question.reviews = question.options.map((_, i) => options.get(i) ?? null);
}

/** A GIFT `// ->` comment: its line, its offset in the question's block, and what follows the arrow. */
export interface ReviewComment {
  line: number;
  offset: number;
  body: string;
}

/**
 * Gives a GIFT block's review comments to its question: one inside the braces (`open`..`close`)
 * after an answer is that answer's (`answers` are the answers' offsets in the block); any other is
 * the question's.
 */
export function readReviewComments(
  comments: readonly ReviewComment[],
  question: ParsedQuestion,
  at: { open: number; close: number; answers: number[] },
): void {
  let review: ReviewResource | null = null;
  const options = new Map<number, ReviewResource>();
  const lines: ReviewLines = { options: new Map() };
  for (const comment of comments) {
    const resource = parseReview(comment.body, comment.line);
    const inside = comment.offset > at.open && comment.offset < at.close;
    const index = inside ? at.answers.findLastIndex((offset) => offset < comment.offset) : -1;
    if (index < 0) {
      if (review) throw new UserError('parse:gift.reviewTwice', { line: comment.line });
      review = resource;
      lines.question = comment.line;
    } else {
      if (options.has(index)) throw new UserError('parse:gift.reviewTwice', { line: comment.line });
      options.set(index, resource);
      lines.options.set(index, comment.line);
    }
  }
  attachReviews(question, review, options, lines);
}

/** A review written back as the text after `->`. */
export function formatReview(review: ReviewResource): string {
  return [review.url, review.at === null ? null : `@${formatMoment(review.at)}`]
    .filter((part) => part !== null)
    .join(' ');
}

/** A question's review resources as stored (QuizQuestion.review). */
export interface StoredReviews {
  /** The question's own resource, for any wrong answer without its own. */
  question: ReviewResource | null;
  /** Per option, its resource (wrong options only). */
  options: (ReviewResource | null)[];
}

/** The JSON stored for a parsed question's reviews, or null when it has none. */
export function encodeReviews(question: Pick<ParsedQuestion, 'review' | 'reviews'>): string | null {
  if (!question.review && !question.reviews) return null;
  const stored: StoredReviews = { question: question.review ?? null, options: question.reviews ?? [] };
  return JSON.stringify(stored);
}

/** The stored reviews back; a missing or unreadable value is no review at all. */
export function decodeReviews(json: string | null): StoredReviews {
  if (!json) return { question: null, options: [] };
  try {
    const parsed = JSON.parse(json) as Partial<StoredReviews>;
    return {
      question: parsed.question ?? null,
      options: Array.isArray(parsed.options) ? parsed.options : [],
    };
  } catch {
    return { question: null, options: [] };
  }
}

/** Which resource a wrong `choice` sends to: the option's own (its index), else the question's (-1). */
export function reviewTarget(
  reviews: StoredReviews,
  correct: readonly number[],
  choice: number,
): { target: number; resource: ReviewResource } | null {
  if (correct.length === 0 || correct.includes(choice)) return null;
  const own = reviews.options[choice];
  if (own) return { target: choice, resource: own };
  return reviews.question ? { target: -1, resource: reviews.question } : null;
}
