// GIFT cases taken from Moodle's documentation of the format (docs.moodle.org, "GIFT format"), with
// what Inverso must do with each: the questions read, or the error (key and line) that refuses them.
// Shared by test/unit/gift-corpus.test.ts and the comparison recorded in docs/decisions/0013.
import type { ParsedQuestion } from '../../src/domain/quiz-text/index.ts';

/** One documented GIFT text and the outcome expected from the importer. */
export interface GiftCase {
  name: string;
  text: string;
  /** The questions read (true/false options are named "True"/"False"). */
  questions?: ParsedQuestion[];
  /** Or the refusal: its translation key and the line it names. */
  error?: { key: string; line: number };
}

const q = (
  prompt: string,
  options: string[],
  correct: number[],
  explanation: string | null = null,
  feedback?: (string | null)[],
): ParsedQuestion => ({ prompt, options, correct, explanation, ...(feedback ? { feedback } : {}) });
const TF = ['True', 'False'];

export const GIFT_CORPUS: GiftCase[] = [
  // --- Multiple choice
  {
    name: 'multiple choice',
    text: "Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}",
    questions: [q("Who's buried in Grant's tomb?", ['Grant', 'Jefferson', 'no one'], [2])],
  },
  {
    name: 'multiple choice over several lines',
    text: "What two people are entombed in Grant's tomb? {\n~No one\n=Grant\n~Grant's wife\n}",
    questions: [q("What two people are entombed in Grant's tomb?", ['No one', 'Grant', "Grant's wife"], [1])],
  },
  {
    name: 'missing word',
    text: "Grant is {~buried =entombed ~living} in Grant's tomb.",
    questions: [q("Grant is _____ in Grant's tomb.", ['buried', 'entombed', 'living'], [1])],
  },
  {
    name: 'missing word over several lines',
    text: "Mahatma Gandhi's birthday is an Indian holiday on {\n~15th\n~3rd\n=2nd\n} of October.",
    questions: [
      q("Mahatma Gandhi's birthday is an Indian holiday on _____ of October.", ['15th', '3rd', '2nd'], [2]),
    ],
  },
  {
    name: 'answers before the question text',
    text: '{~buried =entombed ~living} is what Grant is.',
    questions: [q('_____ is what Grant is.', ['buried', 'entombed', 'living'], [1])],
  },
  {
    name: 'title',
    text: '::Thanksgiving Date::The American holiday of Thanksgiving is celebrated on the {~second ~third =fourth} Thursday of November.',
    questions: [
      q(
        'The American holiday of Thanksgiving is celebrated on the _____ Thursday of November.',
        ['second', 'third', 'fourth'],
        [2],
      ),
    ],
  },
  {
    name: 'feedback on every answer',
    text: "::Q2:: What's between orange and green in the spectrum?\n{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }",
    questions: [
      q("What's between orange and green in the spectrum?", ['yellow', 'red', 'blue'], [0], null, [
        'right; good!',
        "wrong, it's yellow",
        "wrong, it's yellow",
      ]),
    ],
  },
  {
    name: 'feedback on some answers',
    text: "What's the answer to this multiple-choice question? {\n~wrong answer#feedback comment on the wrong answer\n~another wrong answer#feedback comment on this wrong answer\n=right answer#Very good!}",
    questions: [
      q(
        "What's the answer to this multiple-choice question?",
        ['wrong answer', 'another wrong answer', 'right answer'],
        [2],
        null,
        ['feedback comment on the wrong answer', 'feedback comment on this wrong answer', 'Very good!'],
      ),
    ],
  },
  {
    name: 'feedback after the last answer (the README example)',
    text: '::Q1:: 1/2 + 1/4 = ? { ~2/6 =3/4 ~1/3 #Same denominator }',
    questions: [q('1/2 + 1/4 = ?', ['2/6', '3/4', '1/3'], [1], null, [null, null, 'Same denominator'])],
  },
  {
    name: 'general feedback',
    text: "Who's buried in Grant's tomb? {~Grant ~Jefferson =no one####Nobody is buried there: Grant lies in a sarcophagus above ground.}",
    questions: [
      q(
        "Who's buried in Grant's tomb?",
        ['Grant', 'Jefferson', 'no one'],
        [2],
        'Nobody is buried there: Grant lies in a sarcophagus above ground.',
      ),
    ],
  },
  {
    name: 'answer feedback and general feedback together',
    text: 'What is 2 + 2? {=4#Yes. ~3#Count again. ~5#Count again. ####Two and two make four.}',
    questions: [
      q('What is 2 + 2?', ['4', '3', '5'], [0], 'Two and two make four.', [
        'Yes.',
        'Count again.',
        'Count again.',
      ]),
    ],
  },
  {
    name: 'percentage weights',
    text: 'Difficult question.{~wrong answer ~%50%half credit answer =full credit answer}',
    questions: [
      q('Difficult question.', ['wrong answer', 'half credit answer', 'full credit answer'], [1, 2]),
    ],
  },
  {
    name: 'several right answers',
    text: "What two people are entombed in Grant's tomb? {\n~%-100%No one\n~%50%Grant\n~%50%Grant's wife\n~%-100%Grant's father\n}",
    questions: [
      q(
        "What two people are entombed in Grant's tomb?",
        ['No one', 'Grant', "Grant's wife", "Grant's father"],
        [1, 2],
      ),
    ],
  },
  {
    name: 'decimal weights',
    text: 'Which numbers are prime? {~%33.33333%2 ~%33.33333%3 ~%33.33333%5 ~%-100%4}',
    questions: [q('Which numbers are prime?', ['2', '3', '5', '4'], [0, 1, 2])],
  },
  {
    name: 'weights with feedback, missing word',
    text: "::Jesus' hometown::Jesus Christ was from {\n~Jerusalem#This was an important city, but the wrong answer.\n~%25%Bethlehem#He was born here, but not raised here.\n~%50%Galilee#You need to be more specific.\n=Nazareth#Yes! That's right!\n}.",
    questions: [
      q('Jesus Christ was from _____ .', ['Jerusalem', 'Bethlehem', 'Galilee', 'Nazareth'], [1, 2, 3], null, [
        'This was an important city, but the wrong answer.',
        'He was born here, but not raised here.',
        'You need to be more specific.',
        "Yes! That's right!",
      ]),
    ],
  },
  // --- True/false
  {
    name: 'true',
    text: 'The sun rises in the east.{T}',
    questions: [q('The sun rises in the east.', TF, [0])],
  },
  {
    name: 'false',
    text: "Grant is buried in Grant's tomb.{F}",
    questions: [q("Grant is buried in Grant's tomb.", TF, [1])],
  },
  { name: 'TRUE in full', text: '::Q1:: 1+1=2 {TRUE}', questions: [q('1+1=2', TF, [0])] },
  {
    name: 'FALSE with feedback for a wrong answer',
    text: "Grant is buried in Grant's tomb.{FALSE#No one is buried in Grant's tomb.}",
    questions: [
      q("Grant is buried in Grant's tomb.", TF, [1], null, ["No one is buried in Grant's tomb.", null]),
    ],
  },
  {
    name: 'true/false with both feedbacks and general feedback',
    text: 'The sun rises in the west.{F#No, it rises in the east.#Right: in the east.####The Earth turns eastward.}',
    questions: [
      q('The sun rises in the west.', TF, [1], 'The Earth turns eastward.', [
        'No, it rises in the east.',
        'Right: in the east.',
      ]),
    ],
  },
  // --- Comments, categories, several questions
  {
    name: 'comments and several questions',
    text: "// true-false\n::Q1:: 1+1=2 {T}\n\n// multiple choice\n::Q2:: What's between orange and green in the spectrum?\n{ =yellow ~red ~blue }",
    questions: [
      q('1+1=2', TF, [0]),
      q("What's between orange and green in the spectrum?", ['yellow', 'red', 'blue'], [0]),
    ],
  },
  {
    name: 'comment lines inside a question',
    text: "::Q:: Who's buried in Grant's tomb? {\n// nobody, in fact\n~Grant\n=no one\n}",
    questions: [q("Who's buried in Grant's tomb?", ['Grant', 'no one'], [1])],
  },
  {
    name: 'category lines',
    text: '$CATEGORY: tom/dick/harry\n\n::Q1:: 1+1=2 {T}',
    questions: [q('1+1=2', TF, [0])],
  },
  // --- Special characters and formats
  {
    name: 'escaped control characters',
    text: '::GIFT Control Characters\\: escapes::Which answer equals 5? {\n~ \\= 2 + 2\n= \\= 2 + 3\n~ \\= 2 + 4\n}',
    questions: [q('Which answer equals 5?', ['= 2 + 2', '= 2 + 3', '= 2 + 4'], [1])],
  },
  {
    name: 'escaped braces, tilde and hash',
    text: 'In LaTeX, which command writes \\{x\\}? {=\\\\\\{x\\\\\\} ~\\#x ~\\~x}',
    questions: [q('In LaTeX, which command writes {x}?', ['\\{x\\}', '#x', '~x'], [0])],
  },
  {
    name: 'escaped colon in the text',
    text: 'Ratio 1\\:2 means? {=one to two ~half}',
    questions: [q('Ratio 1:2 means?', ['one to two', 'half'], [0])],
  },
  {
    name: 'new line escape',
    text: 'First line\\nSecond line {=a ~b}',
    questions: [q('First line\nSecond line', ['a', 'b'], [0])],
  },
  {
    name: 'html format',
    text: '::Sun::[html]The <i>sun</i> rises in the <b>east</b> &amp; sets in the west.{T}',
    questions: [q('The sun rises in the east & sets in the west.', TF, [0])],
  },
  {
    name: 'markdown format',
    text: '[markdown]Which is **bold**? {=**this** ~that}',
    questions: [q('Which is **bold**?', ['**this**', 'that'], [0])],
  },
  { name: 'moodle format', text: '[moodle]2+2? {=4 ~5}', questions: [q('2+2?', ['4', '5'], [0])] },
  // --- Types buttons cannot ask
  {
    name: 'short answer',
    text: "Who's buried in Grant's tomb?{=no one =nobody}",
    error: { key: 'parse:gift.shortAnswer', line: 1 },
  },
  {
    name: 'fill-in-the-blank',
    text: '::Q3:: Two plus {=two =2} equals four.',
    error: { key: 'parse:gift.shortAnswer', line: 1 },
  },
  {
    name: 'matching',
    text: 'Match the following countries with their corresponding capitals. {\n=Canada -> Ottawa\n=Italy -> Rome\n=Japan -> Tokyo\n}',
    error: { key: 'parse:gift.matching', line: 1 },
  },
  {
    name: 'numerical',
    text: 'When was Ulysses S. Grant born?{#1822:5}',
    error: { key: 'parse:gift.numeric', line: 1 },
  },
  {
    name: 'numerical range',
    text: '::Q6:: What is a number from 1 to 5? {#1..5}',
    error: { key: 'parse:gift.numeric', line: 1 },
  },
  {
    name: 'numerical with several answers',
    text: 'When was Ulysses S. Grant born? {#\n=1822:0 # Correct!\n=%50%1822:2 # Close.\n}',
    error: { key: 'parse:gift.numeric', line: 1 },
  },
  { name: 'essay', text: '::Q8:: How are you? {}', error: { key: 'parse:gift.essay', line: 1 } },
  {
    name: 'description',
    text: '::Intro:: You can use your pencil and paper for these next math questions.\n\n::Q:: 2 + 2? {=4 ~5}',
    error: { key: 'parse:gift.description', line: 1 },
  },
  // --- Malformed
  {
    name: 'unclosed answers before the next question',
    text: '::Q1:: 1/2 + 1/4 = ? { ~2/6 =3/4 ~1/3\n\n::Q2:: ok {T}',
    error: { key: 'parse:gift.unclosed', line: 1 },
  },
  {
    name: 'unclosed answers on a later line',
    text: '::Open::\nQuestion\n{=a ~b',
    error: { key: 'parse:gift.unclosed', line: 3 },
  },
  { name: 'nested brace', text: 'Pick {=a ~b {=c}', error: { key: 'parse:gift.unclosed', line: 1 } },
  {
    name: 'stray closing brace',
    text: 'Pick } one {=a ~b}',
    error: { key: 'parse:gift.malformed', line: 1 },
  },
  {
    name: 'two answer blocks',
    text: '::Two:: {=a ~b} and\n{=c ~d}',
    error: { key: 'parse:gift.malformed', line: 2 },
  },
  {
    name: 'text before the first answer',
    text: 'Pick one {junk ~a =b}',
    error: { key: 'parse:gift.malformed', line: 1 },
  },
];
