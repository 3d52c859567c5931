// How a quiz question looks: in the channel (options + a tally with no names) and in private
// (feedback to the one student who answered).
import type { Card, CardControl } from '../../core/card.ts';
import type { Translate } from '../../core/i18n-types.ts';
import type { Quiz, QuizQuestion } from '../../db/models.ts';
import { decodeReviews, type StoredReviews } from '../../domain/quiz-text/index.ts';
import { formatMoment } from '../../domain/video-moment.ts';
import { quizAnswer, quizRetry } from './actions.ts';

/** Platforms show at most this many buttons comfortably; beyond, a menu reads better. */
export const BUTTONS_MAX = 5;

/**
 * Questions posted in one channel message: one row of controls each, and Discord allows 5 rows.
 * One message per 5 questions keeps a publication within a few requests (ADR 0021).
 */
export const QUESTIONS_PER_MESSAGE = 5;

/** A question with its options and correct indexes decoded. */
export interface QuestionView {
  id: string;
  position: number;
  prompt: string;
  options: string[];
  correct: number[];
  explanation: string | null;
  /** Per-option feedback (GIFT `#...`), shown to the student who picked that option. */
  feedback: (string | null)[];
  /** Where a wrong answer sends the student back to (question-level and per option). */
  reviews: StoredReviews;
}

export function questionView(q: QuizQuestion): QuestionView {
  return {
    id: q.id,
    position: q.position,
    prompt: q.prompt,
    options: JSON.parse(q.options) as string[],
    correct: JSON.parse(q.correct) as number[],
    explanation: q.explanation,
    feedback: q.feedback ? (JSON.parse(q.feedback) as (string | null)[]) : [],
    reviews: decodeReviews(q.review),
  };
}

export const letter = (index: number) => String.fromCharCode(65 + index);

/**
 * Option buttons (or a menu when there are many) that answer the question. `numbered` puts the
 * question's number on them, for a message holding several questions (one row each).
 */
export function answerControls(q: QuestionView, t: Translate, numbered = false): CardControl[][] {
  const number = numbered ? String(q.position + 1) : '';
  if (q.options.length > BUTTONS_MAX) {
    return [
      [
        {
          kind: 'select',
          ...quizAnswer.with({ questionId: q.id }),
          placeholder: numbered
            ? t('cards:quiz.chooseFor', { position: q.position + 1 })
            : t('cards:quiz.choose'),
          options: q.options.map((label, i) => ({
            value: String(i),
            label: `${letter(i)}. ${label}`.slice(0, 75),
          })),
        },
      ],
    ];
  }
  return [
    q.options.map((label, i) => ({
      kind: 'button' as const,
      ...quizAnswer.with({ questionId: q.id, choice: String(i) }),
      label: `${number}${letter(i)}. ${label}`.slice(0, 75),
      style: 'secondary' as const,
    })),
  ];
}

/** Answer counts per option; never names. */
export interface Tally {
  total: number;
  perOption: number[];
}

/** The channel message of one question, with its tally. */
export function questionCard(
  quiz: Pick<Quiz, 'title' | 'resultsVisibility' | 'kind'>,
  q: QuestionView,
  count: number,
  tally: Tally,
  state: { closed: boolean; t: Translate },
): Card {
  const { t } = state;
  const showResults = state.closed || quiz.resultsVisibility === 'live';
  const lines = q.options.map((option, i) => {
    const mark = state.closed && q.correct.includes(i) ? ' ✅' : '';
    const votes = showResults ? ` — ${tally.perOption[i] ?? 0}` : '';
    return `**${letter(i)}.** ${option}${votes}${mark}`;
  });
  const summary = showResults
    ? t('cards:quiz.tally', { count: tally.total })
    : t('cards:quiz.tallyHidden', { count: tally.total });
  const card: Card = {
    title: t('cards:quiz.questionTitle', { title: quiz.title, position: q.position + 1, count }),
    text: `${q.prompt}\n\n${lines.join('\n')}`,
    fields: [{ label: state.closed ? t('cards:quiz.closed') : t('cards:quiz.answers'), value: summary }],
    tone: state.closed ? 'success' : 'info',
  };
  if (state.closed && q.explanation)
    card.fields?.push({ label: t('cards:quiz.explanation'), value: q.explanation });
  if (!state.closed) card.controls = answerControls(q, t);
  return card;
}

/** Text a page may hold: under Discord's 4,096-character embed text with room for the tallies. */
const PAGE_TEXT_MAX = 3_500;

/**
 * Splits questions into channel messages: up to five each, fewer when long questions would not
 * fit one message's text (a prompt takes up to 300 characters, each option 80).
 */
export function pages<T extends { prompt: string; options: string | string[] }>(questions: T[]): T[][] {
  const size = (q: T) => {
    const options = typeof q.options === 'string' ? (JSON.parse(q.options) as string[]) : q.options;
    // The option line's markup, tally and mark ("**A.** … — 12 ✅") take about 16 more.
    return q.prompt.length + 12 + options.reduce((sum, o) => sum + o.length + 16, 0);
  };
  const result: T[][] = [];
  let page: T[] = [];
  let length = 0;
  for (const q of questions) {
    if (page.length > 0 && (page.length >= QUESTIONS_PER_MESSAGE || length + size(q) > PAGE_TEXT_MAX)) {
      result.push(page);
      page = [];
      length = 0;
    }
    page.push(q);
    length += size(q) + 2;
  }
  if (page.length > 0) result.push(page);
  return result;
}

/** The channel message holding these questions (a page of the quiz), each with its tally. */
export function quizMessageCard(
  quiz: Pick<Quiz, 'title' | 'resultsVisibility' | 'kind'>,
  page: QuestionView[],
  count: number,
  tallies: Tally[],
  state: { closed: boolean; t: Translate },
): Card {
  const [first] = page;
  // A message of one question (a one-question quiz, or one posted before pages) looks as it did.
  if (page.length === 1 && first) return questionCard(quiz, first, count, tallies[0] ?? empty(first), state);
  const { t } = state;
  const showResults = state.closed || quiz.resultsVisibility === 'live';
  const from = (first?.position ?? 0) + 1;
  const to = (page.at(-1)?.position ?? 0) + 1;
  const blocks = page.map((q, k) => {
    const tally = tallies[k] ?? empty(q);
    const lines = q.options.map((option, i) => {
      const mark = state.closed && q.correct.includes(i) ? ' ✅' : '';
      const votes = showResults ? ` — ${tally.perOption[i] ?? 0}` : '';
      return `**${letter(i)}.** ${option}${votes}${mark}`;
    });
    return `**${q.position + 1}. ${q.prompt}**\n${lines.join('\n')}`;
  });
  const summaries = page.map((q, k) => {
    const total = (tallies[k] ?? empty(q)).total;
    const summary = showResults
      ? t('cards:quiz.tally', { count: total })
      : t('cards:quiz.tallyHidden', { count: total });
    return `${q.position + 1}. ${summary}`;
  });
  const card: Card = {
    title:
      from === 1 && to === count
        ? t('cards:quiz.quizTitle', { title: quiz.title, count })
        : t('cards:quiz.pageTitle', { title: quiz.title, from, to, count }),
    text: blocks.join('\n\n'),
    fields: [
      { label: state.closed ? t('cards:quiz.closed') : t('cards:quiz.answers'), value: summaries.join('\n') },
    ],
    tone: state.closed ? 'success' : 'info',
  };
  if (state.closed) {
    for (const q of page) {
      if (q.explanation)
        card.fields?.push({
          label: `${t('cards:quiz.explanation')} — ${q.position + 1}`,
          value: q.explanation,
        });
    }
  } else {
    card.controls = page.flatMap((q) => answerControls(q, t, true));
  }
  return card;
}

/** A tally with no answers yet. */
export function emptyTally(q: Pick<QuestionView, 'options'>): Tally {
  return { total: 0, perOption: q.options.map(() => 0) };
}
const empty = emptyTally;

/** How this answer stands: `first` is the earlier answer that counts (null for a first answer). */
export interface FeedbackState {
  first: number | null;
  /** The teacher keeps the right answer for when the quiz closes. */
  revealLater: boolean;
  /** A wrong answer sent back to review: the bot's tracked link and the moment of the video. */
  review?: { link: string; at: number | null } | null;
}

/** Private feedback after an answer, in the student's language. */
export function feedbackCard(q: QuestionView, choice: number, t: Translate, state: FeedbackState): Card {
  const picked = `${letter(choice)}. ${q.options[choice] ?? ''}`;
  if (q.correct.length === 0) {
    const fields = explanationFields(q, choice, t);
    return {
      text: t('cards:quiz.recorded', { answer: picked }),
      tone: 'info',
      ...(fields.length ? { fields } : {}),
    };
  }
  if (state.revealLater) {
    return {
      text: t('cards:quiz.recordedLater', { answer: picked }),
      tone: 'info',
      footer: t('cards:quiz.firstCounts'),
    };
  }
  const prefix =
    state.first === null
      ? ''
      : `${t('cards:quiz.practice', { first: `${letter(state.first)}. ${q.options[state.first] ?? ''}` })}\n`;
  const right = q.correct.includes(choice);
  if (!right && state.review) return reviewCard(q, choice, t, prefix, state.review);
  const expected = q.correct.map((i) => `${letter(i)}. ${q.options[i] ?? ''}`).join(' / ');
  const text = right
    ? t('cards:quiz.right', { answer: picked })
    : t('cards:quiz.wrong', { answer: picked, expected });
  const card: Card = {
    text: prefix + text,
    tone: right ? 'success' : 'warning',
    footer: t('cards:quiz.firstCounts'),
  };
  const fields = explanationFields(q, choice, t);
  if (fields.length) card.fields = fields;
  return card;
}

/**
 * A wrong answer with somewhere to go back to: the right answer and the explanation are kept for
 * after the student has watched again and retried (the retry's feedback gives them), so the retry
 * is worth doing. The option's own feedback is about their mistake, and stays.
 */
function reviewCard(
  q: QuestionView,
  choice: number,
  t: Translate,
  prefix: string,
  review: { link: string; at: number | null },
): Card {
  const moment = review.at === null ? null : formatMoment(review.at);
  const text = [
    prefix + t('cards:quiz.wrongReview', { answer: `${letter(choice)}. ${q.options[choice] ?? ''}` }),
    moment ? t('cards:quiz.reviewAt', { moment }) : t('cards:quiz.reviewLink'),
  ].join('\n');
  const own = q.feedback[choice];
  return {
    text,
    tone: 'warning',
    ...(own ? { fields: [{ label: t('cards:quiz.feedback'), value: own }] } : {}),
    controls: [
      [
        {
          kind: 'link',
          url: review.link,
          label: moment ? t('cards:quiz.reviewButtonAt', { moment }) : t('cards:quiz.reviewButton'),
        },
        {
          kind: 'button',
          ...quizRetry.with({ questionId: q.id }),
          label: t('cards:quiz.retry'),
          style: 'primary',
        },
      ],
    ],
    footer: t('cards:quiz.firstCounts'),
  };
}

/** The feedback written for the picked option, then the question's explanation. */
function explanationFields(
  q: QuestionView,
  choice: number,
  t: Translate,
): { label: string; value: string }[] {
  const fields: { label: string; value: string }[] = [];
  const own = q.feedback[choice];
  if (own) fields.push({ label: t('cards:quiz.feedback'), value: own });
  if (q.explanation) fields.push({ label: t('cards:quiz.explanation'), value: q.explanation });
  return fields;
}

/** Feedback on a review poll ballot: an opinion, so it may change until the poll closes. */
export function pollFeedbackCard(q: QuestionView, choice: number, changed: boolean, t: Translate): Card {
  const picked = `${letter(choice)}. ${q.options[choice] ?? ''}`;
  const prefix = changed ? `${t('cards:quiz.changed')} ` : '';
  return { text: prefix + t('cards:quiz.recorded', { answer: picked }), tone: 'info' };
}
