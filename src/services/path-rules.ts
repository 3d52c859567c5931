// Self-paced sequences (issue 14 §1, docs/decisions/0025): each student's path through a
// sequence, derived from what is stored (views, first answers, PathUnlock rows), never kept as a
// separate state that could drift. A capsule is done once watched and, when it has graded
// questions, once the first answers reach the sequence's mastery threshold.
import type { Db } from '../db/client.ts';
import type { Sequence } from '../db/models.ts';

/** A capsule of a sequence as the path sees it. */
export interface PathCapsule {
  id: string;
  number: number;
  title: string;
  videoUrl: string;
  status: string;
  publishAt: Date;
  /** Posted in the channel for the whole class (the first one, or before the sequence became self-paced). */
  posted: boolean;
  /** Graded questions (those with a right answer) of its quizzes. */
  graded: number;
  /** Quizzes of any kind, open or not: the path offers "take the quiz" when there is one. */
  quizzes: number;
}

/** Where one capsule stands for one student. */
export type StepState = 'done' | 'current' | 'waiting' | 'locked';

/** One capsule of a student's path. */
export interface PathStep {
  capsule: PathCapsule;
  state: StepState;
  open: boolean;
  watched: boolean;
  /** Right first answers, out of `capsule.graded`. */
  right: number;
  answered: number;
}

/** A student's whole path through a sequence. */
export interface StudentPath {
  memberId: string;
  name: string;
  steps: PathStep[];
  /** Capsules opened for this student by a PathUnlock row. */
  unlocked: Set<string>;
  /** The capsule to work on now (open, not done); null when waiting or finished. */
  current: PathStep | null;
  finished: boolean;
  /** Last view, first answer or opening in the sequence (or its start): what "stuck" is measured from. */
  lastProgressAt: Date | null;
}

/** Every student's path through one sequence. */
export interface SequencePaths {
  sequence: Sequence;
  capsules: PathCapsule[];
  paths: StudentPath[];
}

/** Whether first answers reach the threshold (exact: no rounding decides a borderline case). */
export function masters(right: number, graded: number, percent: number): boolean {
  return graded === 0 || right * 100 >= percent * graded;
}

/** Steps of one student, capsule by capsule: a capsule opens once the one before is done. */
export function deriveSteps(
  capsules: PathCapsule[],
  percent: number,
  facts: {
    watched: Set<string>;
    right: Map<string, number>;
    answered: Map<string, number>;
    unlocked: Set<string>;
  },
): PathStep[] {
  const steps: PathStep[] = [];
  // An opening is never taken back (a raised threshold): every capsule before the furthest one
  // opened for this student counts as passed.
  const furthest = capsules.reduce((at, c, i) => (facts.unlocked.has(c.id) ? i : at), -1);
  let previousDone = true;
  let currentFound = false;
  for (const [i, capsule] of capsules.entries()) {
    const released = capsule.status === 'published';
    const open: boolean =
      capsule.posted || (released && (i === 0 || facts.unlocked.has(capsule.id) || previousDone));
    const watched = facts.watched.has(capsule.id);
    const right = facts.right.get(capsule.id) ?? 0;
    const done: boolean = open && ((watched && masters(right, capsule.graded, percent)) || i < furthest);
    let state: StepState = 'locked';
    if (done) state = 'done';
    else if (open && !currentFound) {
      state = 'current';
      currentFound = true;
    } else if (!open && previousDone && !currentFound && !released) {
      // Earned, but the teacher's publication time has not come yet.
      state = 'waiting';
      currentFound = true;
    }
    steps.push({ capsule, state, open, watched, right, answered: facts.answered.get(capsule.id) ?? 0 });
    previousDone = done;
  }
  return steps;
}

/** Loads the sequence and the paths of its students (all, or those named). */
export async function loadPaths(db: Db, sequenceId: string, memberIds?: string[]): Promise<SequencePaths> {
  const sequence = await db.sequence.findUniqueOrThrow({ where: { id: sequenceId } });
  const rows = await db.capsule.findMany({
    where: { sequenceId, status: { not: 'cancelled' } },
    orderBy: { number: 'asc' },
    include: {
      quizzes: {
        where: { kind: { not: 'review' } },
        select: { kind: true, questions: { select: { id: true, correct: true } } },
      },
    },
  });
  const rightAnswers = new Map<string, { capsuleId: string; right: Set<number> }>();
  const capsules: PathCapsule[] = rows.map((c) => {
    let graded = 0;
    for (const quiz of c.quizzes) {
      for (const q of quiz.questions) {
        const right = JSON.parse(q.correct) as number[];
        if (quiz.kind !== 'graded' || right.length === 0) continue;
        graded++;
        rightAnswers.set(q.id, { capsuleId: c.id, right: new Set(right) });
      }
    }
    return {
      id: c.id,
      number: c.number,
      title: c.title,
      videoUrl: c.videoUrl,
      status: c.status,
      publishAt: c.publishAt,
      posted: c.messageRef !== null,
      graded,
      quizzes: c.quizzes.length,
    };
  });
  const ids = capsules.map((c) => c.id);
  const students = await db.member.findMany({
    where: { classId: sequence.classId, role: 'student', ...(memberIds ? { id: { in: memberIds } } : {}) },
    orderBy: { displayName: 'asc' },
  });
  const who = { memberId: { in: students.map((s) => s.id) } };
  const [views, answers, unlocks] = await Promise.all([
    db.capsuleView.findMany({ where: { capsuleId: { in: ids }, ...who } }),
    db.answer.findMany({
      where: { questionId: { in: [...rightAnswers.keys()] }, ...who },
      select: { questionId: true, memberId: true, choice: true, createdAt: true },
    }),
    db.pathUnlock.findMany({ where: { capsuleId: { in: ids }, ...who } }),
  ]);
  const start = capsules.find((c) => c.status === 'published')?.publishAt ?? null;
  const paths = students.map((s) => {
    const watched = new Set<string>();
    const right = new Map<string, number>();
    const answered = new Map<string, number>();
    const unlocked = new Set<string>();
    let last = start;
    const seen = (at: Date) => {
      if (!last || at > last) last = at;
    };
    for (const v of views.filter((v) => v.memberId === s.id)) {
      watched.add(v.capsuleId);
      seen(v.createdAt);
    }
    for (const u of unlocks.filter((u) => u.memberId === s.id)) {
      unlocked.add(u.capsuleId);
      seen(u.createdAt);
    }
    for (const a of answers) {
      const question = rightAnswers.get(a.questionId);
      if (a.memberId !== s.id || !question) continue;
      answered.set(question.capsuleId, (answered.get(question.capsuleId) ?? 0) + 1);
      if (question.right.has(a.choice))
        right.set(question.capsuleId, (right.get(question.capsuleId) ?? 0) + 1);
      seen(a.createdAt);
    }
    const steps = deriveSteps(capsules, sequence.masteryPercent, { watched, right, answered, unlocked });
    return {
      memberId: s.id,
      name: s.displayName,
      steps,
      unlocked,
      current: steps.find((step) => step.state === 'current') ?? null,
      finished: steps.length > 0 && steps.every((step) => step.state === 'done'),
      lastProgressAt: last,
    };
  });
  return { sequence, capsules, paths };
}

/** The teacher's view of a self-paced sequence: how many on each capsule, and who is stuck. */
export interface Spread {
  sequence: Sequence;
  /** Per capsule, the students whose current capsule it is (waiting ones count on the one they wait for). */
  on: { capsule: PathCapsule; count: number }[];
  finished: number;
  students: number;
  stuck: { name: string; number: number | null; days: number }[];
  /** Answered every question of their current capsule, below the threshold: only the teacher moves them on. */
  below: { name: string; number: number }[];
}

const DAY_MS = 24 * 3600_000;

/** Counts the spread of a sequence at `now`. */
export function spreadOf(paths: SequencePaths, now: Date): Spread {
  const on = paths.capsules.map((capsule) => ({ capsule, count: 0 }));
  const stuck: Spread['stuck'] = [];
  const below: Spread['below'] = [];
  let finished = 0;
  for (const path of paths.paths) {
    if (path.finished) {
      finished++;
      continue;
    }
    const at = path.steps.findIndex((s) => s.state === 'current' || s.state === 'waiting');
    const slot = on[at];
    if (slot) slot.count++;
    const step = path.steps[at];
    if (step?.state === 'current' && step.capsule.graded > 0 && step.answered >= step.capsule.graded)
      below.push({ name: path.name, number: step.capsule.number });
    const waiting = step?.state === 'waiting';
    if (!path.lastProgressAt || waiting) continue;
    const days = Math.floor((now.getTime() - path.lastProgressAt.getTime()) / DAY_MS);
    if (days >= paths.sequence.stuckDays)
      stuck.push({ name: path.name, number: slot?.capsule.number ?? null, days });
  }
  stuck.sort((a, b) => b.days - a.days || a.name.localeCompare(b.name));
  return { sequence: paths.sequence, on, finished, students: paths.paths.length, stuck, below };
}

/** The spreads of a class's self-paced sequences still open (or the one asked for). */
export async function loadSpreads(
  db: Db,
  classId: string,
  now: Date,
  sequenceId?: string | null,
): Promise<Spread[]> {
  const sequences = await db.sequence.findMany({
    where: { classId, pace: 'self', ...(sequenceId ? { id: sequenceId } : { closedAt: null }) },
    orderBy: { createdAt: 'asc' },
  });
  const spreads: Spread[] = [];
  for (const s of sequences) spreads.push(spreadOf(await loadPaths(db, s.id), now));
  return spreads;
}
