// One register per audience in French: "vous" to teachers and parents, "tu" to students, and
// neither in what both read (errors anyone can meet, /help, the App Home's header).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix: string, out: Map<string, string>): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const full = `${prefix}${key}`;
    if (typeof value === 'string') out.set(full, value);
    else flatten(value, `${full}.`, out);
  }
  return out;
}

const strings = new Map<string, string>();
for (const ns of [
  'cards',
  'commands',
  'common',
  'dashboard',
  'errors',
  'home',
  'mail',
  'parse',
  'reports',
  'web',
]) {
  flatten(JSON.parse(readFileSync(`locales/fr/${ns}.json`, 'utf8')) as Tree, `${ns}:`, strings);
}

const TU_WORDS = /(^|[^\p{L}])(tu|te|ton|ta|tes|toi)(?![\p{L}])|(^|[^\p{L}])t'|-toi(?![\p{L}])/iu;
/** A sentence opening on a "tu" imperative ("Tape /help", "Utilise /settings"). */
const TU_IMPERATIVE =
  /(^|[.:!?]\s+)(Utilise|Invite|Donne|Mentionne|Tape|Lance|Relance|Réessaie|Choisis|Écris|Attends|Regarde|Pose|Vérifie|Appuie|Désigne|Ajoute|Indique)(?![\p{L}])/u;
const TU = { test: (text: string) => TU_WORDS.test(text) || TU_IMPERATIVE.test(text) };
const VOUS = /(^|[^\p{L}])(vous|votre|vos)(?![\p{L}])/iu;

/** Who reads each group of strings, by key prefix (the longest prefix wins). */
const audiences: [prefix: string, audience: 'adult' | 'student' | 'everyone'][] = [
  ['parse:', 'adult'],
  ['reports:', 'adult'],
  ['reports:errors.ownProgressOnly', 'student'],
  ['reports:errors.codeForParents', 'student'],
  ['mail:', 'adult'],
  ['dashboard:', 'adult'],
  ['errors:', 'everyone'],
  ['errors:capsule.', 'adult'],
  ['errors:quiz.', 'everyone'],
  ['errors:quiz.answeredMeanwhile', 'adult'],
  ['commands:options.holdQuestions', 'adult'],
  ['commands:privacy.info.', 'student'],
  ['errors:quiz.deleteAnswered', 'adult'],
  ['errors:question.', 'student'],
  ['errors:path.', 'student'],
  ['errors:privacy.', 'adult'],
  ['errors:classExists', 'adult'],
  ['errors:language', 'adult'],
  ['errors:timeZone', 'adult'],
  ['errors:brief', 'adult'],
  ['errors:form.', 'everyone'],
  ['commands:setup.teacherHint', 'adult'],
  ['commands:setup.description', 'adult'],
  ['commands:settings.', 'adult'],
  ['commands:capsule.', 'adult'],
  ['commands:capsule.watched', 'student'],
  ['commands:quiz.', 'adult'],
  ['commands:help.', 'everyone'],
  ['commands:help.intro.teacher', 'adult'],
  ['commands:help.intro.student', 'student'],
  ['commands:ask.', 'student'],
  ['commands:privacy.', 'everyone'],
  ['commands:options.', 'everyone'],
  ['commands:options.anonymous', 'student'],
  ['commands:options.question', 'student'],
  ['commands:forms.ask.', 'student'],
  ['common:usage.', 'everyone'],
  ['common:discord.', 'everyone'],
  ['common:discord.cannotPost', 'adult'],
  ['common:slack.', 'everyone'],
  ['common:slack.notInChannel', 'adult'],
  ['common:slack.unknownUser', 'adult'],
  ['cards:capsule.', 'student'],
  ['cards:quiz.', 'student'],
  ['cards:reminder.', 'student'],
  ['cards:nudge.', 'student'],
  ['cards:failure.', 'adult'],
  ['cards:calendar.', 'student'],
  ['cards:results.', 'student'],
  ['cards:kickoff.', 'adult'],
  ['cards:kickoff.message.', 'student'],
  ['cards:kickoff.poll.', 'student'],
  ['commands:calendar.', 'adult'],
  ['commands:kickoff.', 'adult'],
  ['cards:delay.', 'adult'],
  ['cards:path.', 'student'],
  ['commands:sequence.pace.', 'adult'],
  ['home:', 'everyone'],
  ['home:teacher.', 'adult'],
  ['home:student.', 'student'],
];

function audienceOf(key: string): 'adult' | 'student' | 'everyone' | null {
  let best: (typeof audiences)[number] | undefined;
  for (const entry of audiences) {
    if (key.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best?.[1] ?? null;
}

describe('the French register', () => {
  it('says vous to teachers and parents, tu to students, and neither to everyone', () => {
    const wrong: string[] = [];
    for (const [key, text] of strings) {
      const audience = audienceOf(key);
      if (audience === 'adult' && TU.test(text)) wrong.push(`tu to an adult: ${key}: ${text}`);
      if (audience === 'student' && VOUS.test(text)) wrong.push(`vous to a student: ${key}: ${text}`);
      if (audience === 'everyone' && (TU.test(text) || VOUS.test(text)))
        wrong.push(`tu or vous to everyone: ${key}: ${text}`);
    }
    expect(wrong).toEqual([]);
  });
});
