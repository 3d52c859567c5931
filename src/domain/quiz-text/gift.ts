// Moodle GIFT import, for teachers who already have their quizzes in Moodle: multiple choice and
// true/false only, since a chat quiz is answered with buttons. Reference: docs.moodle.org, "GIFT format".
// Self-contained on purpose (it only needs the shared question checks): see docs/decisions/0013.
//
// Read as Moodle does: a blank line always ends a question; `//` comment lines and `$CATEGORY:` lines
// are skipped; `::Title::` (optional); a format marker `[html]` (tags dropped, entities decoded),
// `[markdown]`, `[moodle]`, `[plain]`; one `{ ... }` answer block, before, inside (missing word: the
// blank becomes `_____`) or after the text; `=right ~wrong #feedback for that answer`, `####general
// feedback`; weights `~%50%` (a positive weight makes an option right, so several may be right);
// `{T}` `{TRUE}` `{F}` `{FALSE}` with `#feedback if wrong#feedback if right`; escapes
// `\: \~ \= \# \{ \} \\ \n`.
// The explanation is the general feedback; each answer's own feedback is kept with it.
// Review resources (Inverso's own, see compact.ts): a comment line `// -> <link> @2:13` inside a
// question's block, so Moodle still imports the file and ignores it. Inside the braces, right after a
// wrong `~` answer, it is that answer's; anywhere else in the block it is the question's.
// Other types are refused by name (matching, numeric, short answer, essay, description), and
// malformed text (a `{` never closed, a stray `}`, text before the first answer) with its line.
import { UserError } from '../../core/errors.ts';
import {
  checkQuestion,
  DEFAULT_LIMITS,
  DEFAULT_TRUE_FALSE_LABELS,
  excerpt,
  type ParsedQuestion,
  type QuizLimits,
  splitLines,
  type TrueFalseLabels,
} from './model.ts';
import { readReviewComments } from './review.ts';

interface Block {
  /** 1-based line of the block's first line. */
  line: number;
  text: string;
  /** `// ->` review comments: their line, their offset in `text`, and what follows the arrow. */
  reviews: { line: number; offset: number; body: string }[];
}

const REVIEW_COMMENT = /^\/\/\s*->(.*)$/;

/** True when the text is GIFT rather than the compact format: it opens with something other than a marker and holds `{`. */
export function looksLikeGift(text: string): boolean {
  const first = splitLines(text)
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('//') && !line.startsWith('$CATEGORY'));
  // Only comments and categories: a GIFT file with no question, reported as an empty quiz.
  if (first === undefined) return text.trim() !== '';
  return !'?*->'.includes(first[0]!) && indexOfUnescaped(text, '{') >= 0;
}

/** Reads GIFT multiple-choice and true/false questions. Throws `parse:gift.*` and the `parse:quiz.*` limit errors. */
export function parseGift(
  text: string,
  limits: QuizLimits = DEFAULT_LIMITS,
  labels: TrueFalseLabels = DEFAULT_TRUE_FALSE_LABELS,
): ParsedQuestion[] {
  const questions: ParsedQuestion[] = [];
  for (const block of splitBlocks(text)) {
    const orphan = block.reviews[0];
    if (orphan && block.text.trim() === '')
      throw new UserError('parse:gift.reviewOutside', { line: orphan.line });
    if (questions.length >= limits.maxQuestions) {
      throw new UserError('parse:quiz.tooManyQuestions', { line: block.line, max: limits.maxQuestions });
    }
    questions.push(parseBlock(block, limits, labels));
  }
  if (questions.length === 0) throw new UserError('parse:quiz.empty');
  return questions;
}

function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: { line: number; lines: string[]; reviews: Block['reviews'] } | null = null;
  const close = (): void => {
    if (current)
      blocks.push({ line: current.line, text: current.lines.join('\n'), reviews: current.reviews });
    current = null;
  };
  for (const [index, raw] of splitLines(text).entries()) {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('$CATEGORY')) {
      close();
      continue;
    }
    const comment = trimmed.startsWith('//');
    const review = comment ? REVIEW_COMMENT.exec(trimmed) : null;
    // A review comment opening a block is the question's (a lone one is reported by parseGift).
    if (!current && comment && !review) continue;
    current ??= { line: index + 1, lines: [], reviews: [] };
    if (review) {
      const offset = current.lines.reduce((sum, line) => sum + line.length + 1, 0);
      current.reviews.push({ line: index + 1, offset, body: review[1] ?? '' });
    }
    // Comment lines stay as empty lines, so offsets in the block still map to the teacher's lines.
    current.lines.push(comment ? '' : raw);
  }
  close();
  return blocks;
}

function parseBlock(block: Block, limits: QuizLimits, labels: TrueFalseLabels): ParsedQuestion {
  const source = block.text;
  const lineAt = (offset: number): number => block.line + (source.slice(0, offset).match(/\n/g)?.length ?? 0);
  let start = source.length - source.trimStart().length;
  let title: string | null = null;
  if (source.startsWith('::', start)) {
    const end = indexOfUnescaped(source, '::', start + 2);
    if (end >= 0) {
      title = unescapeGift(source.slice(start + 2, end)).trim();
      start = end + 2;
    }
  }
  const formatTag = /^\s*\[(html|moodle|plain|markdown)\]/i.exec(source.slice(start));
  if (formatTag) start += formatTag[0].length;
  const clean = (part: string): string => cleanText(part, formatTag?.[1]?.toLowerCase() === 'html');

  const open = indexOfUnescaped(source, '{', start);
  const named = (prompt: string): string => title || excerpt(prompt) || excerpt(source);
  const stray = indexOfUnescaped(source, '}', start);
  if (stray >= 0 && (open < 0 || stray < open)) {
    throw new UserError('parse:gift.malformed', { line: lineAt(stray), title: named(source), part: '}' });
  }
  if (open < 0)
    throw new UserError('parse:gift.description', {
      line: block.line,
      title: named(clean(source.slice(start))),
    });
  const close = indexOfUnescaped(source, '}', open + 1);
  const nested = indexOfUnescaped(source, '{', open + 1);
  if (close < 0 || (nested >= 0 && nested < close)) {
    throw new UserError('parse:gift.unclosed', {
      line: lineAt(open),
      title: named(clean(source.slice(start, open))),
    });
  }
  const before = clean(source.slice(start, open));
  const after = clean(source.slice(close + 1));
  const prompt = after === '' ? before : `${before} _____ ${after}`.trim();
  const name = named(prompt);
  const extra = Math.min(
    ...[indexOfUnescaped(source, '{', close + 1), indexOfUnescaped(source, '}', close + 1)].filter(
      (i) => i >= 0,
    ),
  );
  if (Number.isFinite(extra)) {
    throw new UserError('parse:gift.malformed', {
      line: lineAt(extra),
      title: name,
      part: source[extra] ?? '',
    });
  }

  let body = source.slice(open + 1, close);
  let general: string | null = null;
  const generalAt = indexOfUnescaped(body, '####');
  if (generalAt >= 0) {
    general = clean(body.slice(generalAt + 4)) || null;
    body = body.slice(0, generalAt);
  }
  const answersAt = open + 1;
  const refuse = (kind: 'essay' | 'numeric' | 'matching' | 'shortAnswer'): never => {
    throw new UserError(`parse:gift.${kind}`, { line: lineAt(open), title: name });
  };
  if (body.trim() === '') refuse('essay');
  if (body.trimStart().startsWith('#')) refuse('numeric');
  if (indexOfUnescaped(body, '->') >= 0) refuse('matching');

  const trueFalse = /^\s*(T|TRUE|F|FALSE)\s*(?=#|$)/i.exec(body);
  if (trueFalse) {
    const [, wrongFeedback = '', rightFeedback = ''] = splitUnescaped(body, '#').map(clean);
    const isTrue = trueFalse[1]!.toUpperCase().startsWith('T');
    const right = rightFeedback || null;
    const wrong = wrongFeedback || null;
    const question: ParsedQuestion = {
      prompt,
      options: [labels.true, labels.false],
      correct: [isTrue ? 0 : 1],
      explanation: general,
      ...(right || wrong ? { feedback: isTrue ? [right, wrong] : [wrong, right] } : {}),
    };
    checkQuestion(question, { prompt: block.line, options: [lineAt(answersAt), lineAt(answersAt)] }, limits);
    readReviewComments(block.reviews, question, { open, close, answers: [] });
    return question;
  }
  // Only "=" answers: every one is right, which is Moodle's short-answer question (typed, not picked).
  if (indexOfUnescaped(body, '~') < 0) refuse('shortAnswer');

  const question: ParsedQuestion = { prompt, options: [], correct: [], explanation: general, feedback: [] };
  const optionLines: number[] = [];
  const markers = markerOffsets(body);
  const lead = clean(body.slice(0, markers[0]));
  if (lead !== '') {
    throw new UserError('parse:gift.malformed', {
      line: lineAt(answersAt),
      title: name,
      part: excerpt(lead, 20),
    });
  }
  markers.forEach((at, index) => {
    const raw = body.slice(at + 1, markers[index + 1] ?? body.length);
    const weight = /^\s*%(-?\d+(?:\.\d+)?)%/.exec(raw);
    const [answer = '', feedback = ''] = splitUnescaped(weight ? raw.slice(weight[0].length) : raw, '#');
    const right = weight ? Number(weight[1]) > 0 : body[at] === '=';
    if (right) question.correct.push(question.options.length);
    question.options.push(clean(answer).replace(/\s*\n\s*/g, ' '));
    question.feedback?.push(clean(feedback) || null);
    optionLines.push(lineAt(answersAt + at));
  });
  if (question.feedback?.every((f) => f === null)) delete question.feedback;
  checkQuestion(question, { prompt: block.line, options: optionLines }, limits);
  readReviewComments(block.reviews, question, { open, close, answers: markers.map((at) => answersAt + at) });
  return question;
}

/** Offsets of the unescaped `=` and `~` that start the answers of a multiple-choice block. */
function markerOffsets(body: string): number[] {
  const offsets: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === '=' || body[i] === '~') offsets.push(i);
  }
  return offsets;
}

function indexOfUnescaped(text: string, token: string, from = 0): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text.startsWith(token, i)) return i;
  }
  return -1;
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let at = indexOfUnescaped(text, separator); at >= 0; at = indexOfUnescaped(text, separator, from)) {
    parts.push(text.slice(from, at));
    from = at + separator.length;
  }
  parts.push(text.slice(from));
  return parts;
}

function unescapeGift(text: string): string {
  return text.replace(/\\([\\:~=#{}n])/g, (_, char: string) => (char === 'n' ? '\n' : char));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** `[html]` text as a chat shows it: line breaks for `<br>` and paragraphs, no tags, entities decoded. */
function fromHtml(text: string): string {
  return text
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|[a-z]+);/gi, (whole, name: string) =>
      name.startsWith('#')
        ? String.fromCodePoint(Number(name.slice(1)))
        : (ENTITIES[name.toLowerCase()] ?? whole),
    );
}

/** Unescaped text with each line trimmed and empty lines (left by comments) dropped. */
function cleanText(text: string, html = false): string {
  const plain = unescapeGift(text);
  return (html ? fromHtml(plain) : plain)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}
