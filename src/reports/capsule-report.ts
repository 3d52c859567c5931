// Everything the brief, the groups and the dashboard say about one capsule, read in a handful of
// queries: who watched, how each question went, each student's score, the top questions.
import type { Db } from '../db/client.ts';
import type { Capsule, Class } from '../db/models.ts';
import {
  type AnswerFacts,
  parseList,
  type QuestionFacts,
  type QuestionStat,
  questionStats,
  type ScoreFacts,
  scoreOf,
} from './scores.ts';

/** One student's activity on the capsule. */
export interface StudentResult extends ScoreFacts {
  id: string;
  name: string;
  watched: boolean;
  /** Questions asked about this capsule under their name (anonymous ones are nobody's). */
  asked: number;
  /** Watched, answered or asked anything. */
  active: boolean;
}

/** A student question as the teacher sees it before class. `author` is null when anonymous. */
export interface TopQuestion {
  text: string;
  upvotes: number;
  author: string | null;
}

/** The report on one capsule. */
export interface CapsuleReport {
  capsule: Capsule;
  klass: Class;
  students: StudentResult[];
  questions: QuestionStat[];
  /** Graded questions of the capsule's quizzes. */
  graded: number;
  watched: number;
  /** Students who answered every question. */
  completed: number;
  topQuestions: TopQuestion[];
}

/** The quiz questions of some capsules (graded and opinion; review polls belong to sequences). */
export async function loadQuestions(
  db: Db,
  capsuleIds: string[],
): Promise<(QuestionFacts & { capsuleId: string })[]> {
  const rows = await db.quizQuestion.findMany({
    where: { quiz: { capsuleId: { in: capsuleIds }, kind: { not: 'review' } } },
    select: {
      id: true,
      position: true,
      prompt: true,
      options: true,
      correct: true,
      quiz: { select: { capsuleId: true, createdAt: true } },
    },
  });
  return rows
    .sort(
      (a, b) =>
        a.quiz.createdAt.getTime() - b.quiz.createdAt.getTime() ||
        a.position - b.position ||
        (a.id < b.id ? -1 : 1),
    )
    .map((r) => ({
      id: r.id,
      position: r.position,
      prompt: r.prompt,
      options: parseList<string>(r.options),
      correct: parseList<number>(r.correct),
      capsuleId: r.quiz.capsuleId ?? '',
    }));
}

export async function loadCapsuleReport(db: Db, capsuleId: string, topCount = 5): Promise<CapsuleReport> {
  const capsule = await db.capsule.findUniqueOrThrow({ where: { id: capsuleId }, include: { class: true } });
  const { class: klass, ...bare } = capsule;
  const students = await db.member.findMany({
    where: { classId: klass.id, role: 'student' },
    orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
  });
  const views = await db.capsuleView.findMany({ where: { capsuleId }, select: { memberId: true } });
  const questions = await loadQuestions(db, [capsuleId]);
  const answers: AnswerFacts[] = await db.answer.findMany({
    where: { questionId: { in: questions.map((q) => q.id) } },
    select: { questionId: true, memberId: true, choice: true, lastChoice: true },
  });
  const asked = await db.studentQuestion.groupBy({
    by: ['authorId'],
    where: { capsuleId, authorId: { not: null } },
    _count: { _all: true },
  });
  const top = await db.studentQuestion.findMany({
    where: { capsuleId, status: { in: ['open', 'selected'] } },
    orderBy: [{ upvotes: 'desc' }, { createdAt: 'asc' }],
    take: topCount,
    include: { author: { select: { displayName: true } } },
  });
  const watched = new Set(views.map((v) => v.memberId));
  const askedBy = new Map(asked.map((a) => [a.authorId, a._count._all]));
  const answeredBy = new Map<string, number>();
  for (const a of answers) answeredBy.set(a.memberId, (answeredBy.get(a.memberId) ?? 0) + 1);
  const results = students.map((s): StudentResult => {
    const score = scoreOf(s.id, questions, answers);
    const anyAnswer = (answeredBy.get(s.id) ?? 0) > 0;
    const count = askedBy.get(s.id) ?? 0;
    return {
      id: s.id,
      name: s.displayName,
      watched: watched.has(s.id),
      asked: count,
      active: watched.has(s.id) || anyAnswer || count > 0,
      ...score,
    };
  });
  return {
    capsule: bare,
    klass,
    students: results,
    questions: questionStats(questions, answers),
    graded: questions.filter((q) => q.correct.length > 0).length,
    watched: results.filter((r) => r.watched).length,
    completed:
      questions.length === 0
        ? 0
        : students.filter((s) => (answeredBy.get(s.id) ?? 0) >= questions.length).length,
    topQuestions: top.map((q) => ({
      text: q.text,
      upvotes: q.upvotes,
      // Anonymous questions have no author row at all; the check on the flag is a second guard.
      author: q.anonymous ? null : (q.author?.displayName ?? null),
    })),
  };
}
