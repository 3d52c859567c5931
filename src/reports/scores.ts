// Pure arithmetic on quiz answers, shared by the brief, the groups, progress and the digest, so a
// score means the same everywhere: right answers over the graded questions of the capsule, with a
// question left unanswered counting as not right (see docs/groups.md).

/** A quiz question as the reports read it. */
export interface QuestionFacts {
  id: string;
  position: number;
  prompt: string;
  options: string[];
  /** Indexes of the right options; empty for an opinion question (not graded). */
  correct: number[];
}

/** One answer: who chose what. `choice` is the first answer, the one that counts. */
export interface AnswerFacts {
  questionId: string;
  memberId: string;
  choice: number;
  /** The latest practice try after the first answer, if any (never scored). */
  lastChoice?: number | null;
}

/** How the class answered one question. */
export interface QuestionStat extends QuestionFacts {
  graded: boolean;
  answers: number;
  right: number;
  /** Wrong at first, right on their latest practice try: they got there later. */
  laterRight: number;
  /** How many chose each option. */
  counts: number[];
  /** The most chosen wrong option (lowest index on a tie), or null when nobody got it wrong. */
  topWrong: { index: number; label: string; count: number } | null;
  /** The most chosen option of all (opinion questions). */
  topChoice: { index: number; label: string; count: number } | null;
}

/** One student's result on a set of graded questions. */
export interface ScoreFacts {
  answered: number;
  right: number;
  graded: number;
  /** right / graded, in 0..1; null when the student answered no graded question (level unknown). */
  score: number | null;
}

export function parseList<T>(json: string, fallback: T[] = []): T[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as T[]) : fallback;
  } catch {
    return fallback;
  }
}

export function isRight(question: Pick<QuestionFacts, 'correct'>, choice: number): boolean {
  return question.correct.includes(choice);
}

/** Per-question statistics, in question order. */
export function questionStats(questions: QuestionFacts[], answers: AnswerFacts[]): QuestionStat[] {
  const byQuestion = new Map<string, AnswerFacts[]>();
  for (const answer of answers) {
    const list = byQuestion.get(answer.questionId);
    if (list) list.push(answer);
    else byQuestion.set(answer.questionId, [answer]);
  }
  return questions.map((q) => {
    const list = byQuestion.get(q.id) ?? [];
    const counts = q.options.map(() => 0);
    let right = 0;
    let laterRight = 0;
    for (const a of list) {
      if (a.choice >= 0 && a.choice < counts.length) counts[a.choice] = (counts[a.choice] ?? 0) + 1;
      if (isRight(q, a.choice)) right++;
      else if (a.lastChoice != null && isRight(q, a.lastChoice)) laterRight++;
    }
    const pick = (filter: (index: number) => boolean) => {
      let best: { index: number; label: string; count: number } | null = null;
      counts.forEach((count, index) => {
        if (count > 0 && filter(index) && (!best || count > best.count))
          best = { index, label: q.options[index] ?? '', count };
      });
      return best;
    };
    return {
      ...q,
      graded: q.correct.length > 0,
      answers: list.length,
      right,
      laterRight,
      counts,
      topWrong: q.correct.length > 0 ? pick((i) => !q.correct.includes(i)) : null,
      topChoice: pick(() => true),
    };
  });
}

/** A student's score on the graded questions among `questions`. */
export function scoreOf(memberId: string, questions: QuestionFacts[], answers: AnswerFacts[]): ScoreFacts {
  const graded = questions.filter((q) => q.correct.length > 0);
  const gradedIds = new Map(graded.map((q) => [q.id, q]));
  let answered = 0;
  let right = 0;
  for (const a of answers) {
    if (a.memberId !== memberId) continue;
    const q = gradedIds.get(a.questionId);
    if (!q) continue;
    answered++;
    if (isRight(q, a.choice)) right++;
  }
  return { answered, right, graded: graded.length, score: answered === 0 ? null : right / graded.length };
}

/** Graded questions answered wrong first and right on the latest practice try. */
export function laterRightOf(questions: QuestionFacts[], answers: AnswerFacts[]): number {
  const byId = new Map(questions.filter((q) => q.correct.length > 0).map((q) => [q.id, q]));
  return answers.filter((a) => {
    const q = byId.get(a.questionId);
    return q !== undefined && !isRight(q, a.choice) && a.lastChoice != null && isRight(q, a.lastChoice);
  }).length;
}

/** A share as a whole percentage. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100);
}
