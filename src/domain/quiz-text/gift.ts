// Moodle GIFT import, for teachers who already have their quizzes in Moodle: multiple choice and
// true/false only, since a chat quiz is answered with buttons. Reference: docs.moodle.org, "GIFT format".
//
// Read: `::Title::` (optional), the question text (several lines allowed, `[html]`-style format tags
// dropped), `{ =right ~wrong #feedback ####general feedback }`, weights `~%50%` (a positive weight makes
// an option right), `{T}` `{TRUE}` `{F}` `{FALSE}` with `#wrong feedback#right feedback`, the
// missing-word form `Moodle costs {=nothing ~lots} to download.` (the blank becomes `_____`), `//`
// comment lines, `$CATEGORY:` lines (ignored), escapes `\: \~ \= \# \{ \} \\ \n`, blank lines between
// questions (a blank line inside an open `{...}` does not end the question).
// The explanation is the general feedback, else the feedback of the first right answer.
// Anything else (short answer, matching, numeric, essay, description) is refused, naming the question.
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

interface Block {
  /** 1-based line of the block's first line. */
  line: number;
  text: string;
}

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
  let current: { line: number; lines: string[] } | null = null;
  let depth = 0;
  for (const [index, raw] of splitLines(text).entries()) {
    const trimmed = raw.trim();
    const category = trimmed.startsWith('$CATEGORY');
    if ((trimmed === '' || category) && depth === 0) {
      if (current) blocks.push({ line: current.line, text: current.lines.join('\n') });
      current = null;
      continue;
    }
    const comment = category || trimmed.startsWith('//');
    if (!current && comment) continue;
    current ??= { line: index + 1, lines: [] };
    // Comment lines stay as empty lines, so offsets in the block still map to the teacher's lines.
    const kept = comment ? '' : raw;
    current.lines.push(kept);
    depth = Math.max(0, depth + countUnescaped(kept, '{') - countUnescaped(kept, '}'));
  }
  if (current) blocks.push({ line: current.line, text: current.lines.join('\n') });
  return blocks;
}

function parseBlock(block: Block, limits: QuizLimits, labels: TrueFalseLabels): ParsedQuestion {
  const lineAt = (offset: number): number =>
    block.line + (block.text.slice(0, offset).match(/\n/g)?.length ?? 0);
  let start = block.text.length - block.text.trimStart().length;
  let title: string | null = null;
  if (block.text.startsWith('::', start)) {
    const end = indexOfUnescaped(block.text, '::', start + 2);
    if (end >= 0) {
      title = unescapeGift(block.text.slice(start + 2, end)).trim();
      start = end + 2;
    }
  }
  const formatTag = /^\s*\[(?:html|moodle|plain|markdown)\]/i.exec(block.text.slice(start));
  if (formatTag) start += formatTag[0].length;

  const open = indexOfUnescaped(block.text, '{', start);
  const close = open >= 0 ? indexOfUnescaped(block.text, '}', open + 1) : -1;
  const named = (prompt: string): string => title || excerpt(prompt) || excerpt(block.text);
  if (open < 0) {
    throw new UserError('parse:gift.unsupported', {
      line: block.line,
      title: named(cleanText(block.text.slice(start))),
    });
  }
  if (close < 0) {
    throw new UserError('parse:gift.unclosed', {
      line: lineAt(open),
      title: named(block.text.slice(start, open)),
    });
  }
  const before = cleanText(block.text.slice(start, open));
  const after = cleanText(block.text.slice(close + 1));
  const prompt = after === '' ? before : `${before} _____ ${after}`.trim();
  const name = named(prompt);
  if (indexOfUnescaped(block.text, '{', close + 1) >= 0) {
    throw new UserError('parse:gift.unsupported', { line: block.line, title: name });
  }

  let body = block.text.slice(open + 1, close);
  let general: string | null = null;
  const generalAt = indexOfUnescaped(body, '####');
  if (generalAt >= 0) {
    general = cleanText(body.slice(generalAt + 4)) || null;
    body = body.slice(0, generalAt);
  }
  const answersAt = open + 1;

  const trueFalse = /^\s*(T|TRUE|F|FALSE)\s*(?=#|$)/i.exec(body);
  if (indexOfUnescaped(body, '~') < 0) {
    // No "~": not multiple choice. Only true/false is left that we can ask with buttons.
    if (!trueFalse) throw new UserError('parse:gift.unsupported', { line: block.line, title: name });
    const [, wrongFeedback, rightFeedback] = splitUnescaped(body, '#').map(cleanText);
    const question: ParsedQuestion = {
      prompt,
      options: [labels.true, labels.false],
      correct: [trueFalse[1]!.toUpperCase().startsWith('T') ? 0 : 1],
      explanation: general ?? (rightFeedback || wrongFeedback || null),
    };
    checkQuestion(question, { prompt: block.line, options: [lineAt(answersAt), lineAt(answersAt)] }, limits);
    return question;
  }

  const question: ParsedQuestion = { prompt, options: [], correct: [], explanation: general };
  const optionLines: number[] = [];
  let firstRightFeedback: string | null = null;
  const markers = markerOffsets(body);
  if (cleanText(body.slice(0, markers[0])) !== '') {
    throw new UserError('parse:gift.unsupported', { line: block.line, title: name });
  }
  markers.forEach((at, index) => {
    const raw = body.slice(at + 1, markers[index + 1] ?? body.length);
    const weight = /^\s*%(-?\d+(?:\.\d+)?)%/.exec(raw);
    const [answer = '', feedback = ''] = splitUnescaped(weight ? raw.slice(weight[0].length) : raw, '#');
    const right = weight ? Number(weight[1]) > 0 : body[at] === '=';
    if (right) {
      question.correct.push(question.options.length);
      firstRightFeedback ??= cleanText(feedback) || null;
    }
    question.options.push(cleanText(answer).replace(/\s*\n\s*/g, ' '));
    optionLines.push(lineAt(answersAt + at));
  });
  question.explanation = general ?? firstRightFeedback;
  checkQuestion(question, { prompt: block.line, options: optionLines }, limits);
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

function countUnescaped(text: string, char: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === char) count++;
  }
  return count;
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

/** Unescaped text with each line trimmed and empty lines (left by comments) dropped. */
function cleanText(text: string): string {
  return unescapeGift(text)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}
