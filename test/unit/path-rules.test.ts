// The rules of a self-paced path (issue 14 §1), on plain values: the threshold is exact, a capsule
// without graded questions opens the next once watched, an opening is never taken back, and a
// capsule not released yet is "waiting" for the student who earned it.
import { describe, expect, it } from 'vitest';
import { deriveSteps, masters, type PathCapsule } from '../../src/services/path-rules.ts';

const capsule = (n: number, graded: number, status = 'published'): PathCapsule => ({
  id: `c${n}`,
  number: n,
  title: `Capsule ${n}`,
  videoUrl: `https://video.example/${n}`,
  status,
  publishAt: new Date('2026-11-23T17:00:00Z'),
  posted: n === 1,
  graded,
  quizzes: graded > 0 ? 1 : 0,
});

const facts = (watched: string[], right: Record<string, number> = {}, unlocked: string[] = []) => ({
  watched: new Set(watched),
  right: new Map(Object.entries(right)),
  answered: new Map(Object.entries(right)),
  unlocked: new Set(unlocked),
});

describe('self-paced path rules', () => {
  it('compares first answers with the threshold exactly', () => {
    expect(masters(7, 10, 70)).toBe(true);
    expect(masters(2, 3, 67)).toBe(false); // 66.7 %: no rounding up
    expect(masters(2, 3, 66)).toBe(true);
    expect(masters(0, 0, 100)).toBe(true); // nothing graded: watching is enough
  });

  it('opens the next capsule once watched and mastered, and a quiz-less one once watched', () => {
    const capsules = [capsule(1, 2), capsule(2, 0), capsule(3, 1)];
    const states = (f: ReturnType<typeof facts>) => deriveSteps(capsules, 70, f).map((s) => s.state);
    expect(states(facts([]))).toEqual(['current', 'locked', 'locked']);
    expect(states(facts(['c1'], { c1: 1 }))).toEqual(['current', 'locked', 'locked']);
    expect(states(facts([], { c1: 2 }))).toEqual(['current', 'locked', 'locked']);
    expect(states(facts(['c1'], { c1: 2 }))).toEqual(['done', 'current', 'locked']);
    expect(states(facts(['c1', 'c2'], { c1: 2 }))).toEqual(['done', 'done', 'current']);
  });

  it('never takes back an opening when the threshold rises', () => {
    const capsules = [capsule(1, 2), capsule(2, 0)];
    const steps = deriveSteps(capsules, 100, facts(['c1'], { c1: 1 }, ['c2']));
    expect(steps.map((s) => s.state)).toEqual(['done', 'current']);
  });

  it('says "waiting" for a capsule earned but not released yet', () => {
    const capsules = [capsule(1, 0), capsule(2, 0, 'scheduled')];
    expect(deriveSteps(capsules, 70, facts(['c1'])).map((s) => s.state)).toEqual(['done', 'waiting']);
  });
});
