// Progress over a sequence of capsules (or all of a class's capsules): per student and capsule,
// watched, quiz score and questions asked. Read for a set of students at a time, so the CSV export
// can stream a large class page by page.
import type { Db } from '../db/client.ts';
import { loadQuestions } from './capsule-report.ts';
import type { AnswerFacts } from './scores.ts';
import { laterRightOf, scoreOf } from './scores.ts';

/** A capsule as a column of the progress table. */
export interface ProgressCapsule {
  id: string;
  number: number;
  title: string;
  sessionAt: Date;
  sequence: string | null;
  sequenceId: string | null;
  /** All quiz questions, and the graded ones. */
  questions: number;
  graded: number;
}

/** One student on one capsule. */
export interface ProgressCell {
  watched: boolean;
  answered: number;
  right: number;
  /** Wrong at first, right on a later practice try (never in the score). */
  laterRight: number;
  score: number | null;
  asked: number;
}

/** One student's line. */
export interface ProgressLine {
  id: string;
  name: string;
  cells: ProgressCell[];
  watched: number;
  /** Questions asked, on these capsules and general ones (asked with no capsule current). */
  asked: number;
  /** General questions: asked when no capsule was current, so attached to none. */
  general: number;
  /** Right answers over all graded questions of the capsules (unanswered count as not right). */
  right: number;
  graded: number;
}

/** Which capsules count: those out (published), of one sequence or all, not cancelled. */
export async function progressCapsules(
  db: Db,
  classId: string,
  sequenceId?: string | null,
): Promise<ProgressCapsule[]> {
  const capsules = await db.capsule.findMany({
    where: { classId, status: 'published', ...(sequenceId ? { sequenceId } : {}) },
    orderBy: [{ sessionAt: 'asc' }, { number: 'asc' }],
    include: { sequence: { select: { name: true } } },
  });
  const questions = await loadQuestions(
    db,
    capsules.map((c) => c.id),
  );
  return capsules.map((c) => {
    const own = questions.filter((q) => q.capsuleId === c.id);
    return {
      id: c.id,
      number: c.number,
      title: c.title,
      sessionAt: c.sessionAt,
      sequence: c.sequence?.name ?? null,
      sequenceId: c.sequenceId,
      questions: own.length,
      graded: own.filter((q) => q.correct.length > 0).length,
    };
  });
}

/** The lines of some students (all the class's when `memberIds` is absent), by name. */
export async function progressLines(
  db: Db,
  classId: string,
  capsules: ProgressCapsule[],
  memberIds?: string[],
): Promise<ProgressLine[]> {
  const students = await db.member.findMany({
    where: { classId, role: 'student', ...(memberIds ? { id: { in: memberIds } } : {}) },
    orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
    select: { id: true, displayName: true },
  });
  const ids = students.map((s) => s.id);
  const capsuleIds = capsules.map((c) => c.id);
  const questions = await loadQuestions(db, capsuleIds);
  const views = await db.capsuleView.findMany({
    where: { memberId: { in: ids }, capsuleId: { in: capsuleIds } },
    select: { memberId: true, capsuleId: true },
  });
  const answers: AnswerFacts[] = await db.answer.findMany({
    where: { memberId: { in: ids }, questionId: { in: questions.map((q) => q.id) } },
    select: { memberId: true, questionId: true, choice: true, lastChoice: true },
  });
  const asked = await db.studentQuestion.groupBy({
    by: ['authorId', 'capsuleId'],
    where: { authorId: { in: ids }, capsuleId: { in: capsuleIds } },
    _count: { _all: true },
  });
  const general = await db.studentQuestion.groupBy({
    by: ['authorId'],
    where: { classId, authorId: { in: ids }, capsuleId: null },
    _count: { _all: true },
  });
  const generalCount = new Map(general.map((g) => [g.authorId, g._count._all]));
  const seen = new Set(views.map((v) => `${v.memberId}|${v.capsuleId}`));
  const askedCount = new Map(asked.map((a) => [`${a.authorId}|${a.capsuleId}`, a._count._all]));
  const answersBy = new Map<string, AnswerFacts[]>();
  for (const a of answers) {
    const list = answersBy.get(a.memberId);
    if (list) list.push(a);
    else answersBy.set(a.memberId, [a]);
  }
  return students.map((s) => {
    const own = answersBy.get(s.id) ?? [];
    const cells = capsules.map((c): ProgressCell => {
      const qs = questions.filter((q) => q.capsuleId === c.id);
      const qIds = new Set(qs.map((q) => q.id));
      const mine = own.filter((a) => qIds.has(a.questionId));
      const score = scoreOf(s.id, qs, mine);
      return {
        watched: seen.has(`${s.id}|${c.id}`),
        answered: mine.length,
        right: score.right,
        laterRight: laterRightOf(qs, mine),
        score: score.score,
        asked: askedCount.get(`${s.id}|${c.id}`) ?? 0,
      };
    });
    return {
      id: s.id,
      name: s.displayName,
      cells,
      watched: cells.filter((c) => c.watched).length,
      asked: cells.reduce((n, c) => n + c.asked, 0) + (generalCount.get(s.id) ?? 0),
      general: generalCount.get(s.id) ?? 0,
      right: cells.reduce((n, c) => n + c.right, 0),
      graded: capsules.reduce((n, c) => n + c.graded, 0),
    };
  });
}
