// Suggested groups, as pure functions of the quiz scores: (a) by level, for targeted help, and
// (b) mixed, pairing students who understood with students who did not. The same data always gives
// the same groups: ties are broken by a hash of a seed (the capsule id) and the member id, never by
// database order or by name. Students without an answer are placed and flagged. See docs/groups.md.
import { createHash } from 'node:crypto';

/** Level bands. `none`: no graded answer, so the level is unknown. */
export type Band = 'mastered' | 'progress' | 'review' | 'none';

/** Lower bounds of the bands, as shares of right answers (documented in docs/groups.md). */
export const BAND_FLOORS = { mastered: 0.8, progress: 0.5 } as const;

/** The bands in the order groups are listed. */
export const BAND_ORDER: readonly Band[] = ['review', 'progress', 'mastered', 'none'];

/** A student as the grouping sees them. */
export interface GroupStudent {
  id: string;
  name: string;
  /** Share of right answers in 0..1, or null for a student who answered nothing graded. */
  score: number | null;
}

/** A placed student: `flagged` marks one without an answer. */
export interface GroupMember extends GroupStudent {
  band: Band;
  flagged: boolean;
}

/** Why a group was formed. */
export type GroupReason =
  | { kind: 'level'; band: Band }
  /** Mixed: `helpers` understood (mastered), `learners` did not (to review, or no answer). */
  | { kind: 'mixed'; helpers: string[]; learners: string[]; mode: 'peer' | 'allUnderstood' | 'noHelper' };

/** A suggested group. */
export interface Group {
  members: GroupMember[];
  reason: GroupReason;
}

export function bandOf(score: number | null): Band {
  if (score === null) return 'none';
  if (score >= BAND_FLOORS.mastered) return 'mastered';
  if (score >= BAND_FLOORS.progress) return 'progress';
  return 'review';
}

/**
 * How many groups `n` students make at a target `size`: as many as fit, but never leaving anyone
 * alone when a group can take one more instead (5 students by 2 make a 3 and a 2, not 2+2+1).
 */
export function groupCount(n: number, size: number): number {
  if (n <= 0) return 0;
  const target = Math.max(2, Math.floor(size));
  let count = Math.ceil(n / target);
  if (count > 1 && Math.floor(n / count) < 2) count -= 1;
  return count;
}

/** A stable tie-breaker: the same seed and id always give the same number. */
function tieKey(seed: string, id: string): string {
  return createHash('sha256').update(`${seed}:${id}`).digest('hex').slice(0, 16);
}

/** Best score first; no answer last; ties in seeded order. Input order never matters. */
export function rankStudents(students: GroupStudent[], seed: string): GroupMember[] {
  return students
    .map((s) => ({ ...s, band: bandOf(s.score), flagged: s.score === null, key: tieKey(seed, s.id) }))
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ key: _key, ...member }) => member);
}

/** Splits a ranked list into `count` groups of sizes differing by at most one, keeping order. */
function chunk<T>(items: T[], count: number): T[][] {
  const groups: T[][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const size = Math.floor(items.length / count) + (i < items.length % count ? 1 : 0);
    groups.push(items.slice(start, start + size));
    start += size;
  }
  return groups;
}

/** (a) By level: one or more groups per band, each band split evenly at the target size. */
export function levelGroups(students: GroupStudent[], size: number, seed: string): Group[] {
  const ranked = rankStudents(students, seed);
  const groups: Group[] = [];
  for (const band of BAND_ORDER) {
    const inBand = ranked.filter((m) => m.band === band);
    for (const members of chunk(inBand, groupCount(inBand.length, size))) {
      groups.push({ members, reason: { kind: 'level', band } });
    }
  }
  return groups;
}

/**
 * (b) Mixed, in three deals over groups whose sizes are fixed first (differing by at most one):
 * 1. the best `count` students who answered, one per group: when enough students mastered the
 *    capsule, every group has one of them to explain;
 * 2. the students without an answer, spread evenly (one per group before any group gets two),
 *    starting with the groups whose first student is strongest;
 * 3. everyone else in a snake over the ranking (the next best goes to the group whose first
 *    student is weakest, and so on back and forth), so the strong sit with the weak.
 */
export function mixedGroups(students: GroupStudent[], size: number, seed: string): Group[] {
  const ranked = rankStudents(students, seed);
  const count = groupCount(ranked.length, size);
  const room = chunk(ranked, count).map((g) => g.length);
  const buckets: GroupMember[][] = Array.from({ length: count }, () => []);
  const place = (member: GroupMember, group: number): void => {
    buckets[group]?.push(member);
    room[group] = (room[group] ?? 0) - 1;
  };
  const answered = ranked.filter((m) => !m.flagged);
  const unknown = ranked.filter((m) => m.flagged);
  for (const [group, member] of answered.slice(0, count).entries()) place(member, group);
  for (const member of unknown) {
    const open = buckets.map((_, i) => i).filter((i) => (room[i] ?? 0) > 0);
    const flaggedIn = (i: number) => buckets[i]?.filter((m) => m.flagged).length ?? 0;
    const target = open.reduce((best, i) => (flaggedIn(i) < flaggedIn(best) ? i : best), open[0] ?? 0);
    place(member, target);
  }
  const rest = answered.slice(count);
  for (let round = 1; rest.length > 0; round++) {
    for (let step = 0; step < count && rest.length > 0; step++) {
      const group = round % 2 === 1 ? count - 1 - step : step;
      if ((room[group] ?? 0) > 0) place(rest.shift() as GroupMember, group);
    }
  }
  // Within a group, members are listed in ranking order (best first, no answer last).
  const rank = new Map(ranked.map((m, i) => [m.id, i]));
  return buckets.map((members) => {
    members.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
    return { members, reason: mixedReason(members) };
  });
}

function mixedReason(members: GroupMember[]): GroupReason {
  const helpers = members.filter((m) => m.band === 'mastered').map((m) => m.name);
  const learners = members.filter((m) => m.band === 'review' || m.band === 'none').map((m) => m.name);
  const mode = helpers.length === 0 ? 'noHelper' : learners.length === 0 ? 'allUnderstood' : 'peer';
  return { kind: 'mixed', helpers, learners, mode };
}
