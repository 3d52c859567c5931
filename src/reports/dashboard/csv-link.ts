// A signed, short-lived download link for the class results CSV, sent privately to the teacher who
// asks with /progress csv:true. It works without a dashboard session, for 15 minutes, and only
// while that member still teaches the class (checked again when it is used).
import { sign, verify } from '../../services/hashing.ts';

export const CSV_LINK_TTL_MS = 15 * 60_000;

function payload(classId: string, memberId: string, sequenceId: string, expires: number): string {
  return `csv:${classId}:${memberId}:${sequenceId}:${expires}`;
}

export function csvLink(
  deps: { secret: string; publicUrl: string },
  input: { classId: string; memberId: string; sequenceId?: string | null; now: Date },
): string {
  const expires = input.now.getTime() + CSV_LINK_TTL_MS;
  const seq = input.sequenceId ?? '';
  const url = new URL('/dashboard/export.csv', `${deps.publicUrl.replace(/\/$/, '')}/`);
  url.searchParams.set('c', input.classId);
  url.searchParams.set('m', input.memberId);
  if (seq) url.searchParams.set('q', seq);
  url.searchParams.set('e', String(expires));
  url.searchParams.set('s', sign(deps.secret, payload(input.classId, input.memberId, seq, expires)));
  return url.toString();
}

/** The link's class, member and sequence when its signature holds and it has not expired. */
export function readCsvLink(
  secret: string,
  query: URLSearchParams,
  now: Date,
): { classId: string; memberId: string; sequenceId: string | null } | null {
  const c = query.get('c') ?? '';
  const m = query.get('m') ?? '';
  const q = query.get('q') ?? '';
  const e = Number(query.get('e'));
  const s = query.get('s') ?? '';
  if (!c || !m || !s || !Number.isFinite(e) || e <= now.getTime()) return null;
  return verify(secret, payload(c, m, q, e), s) ? { classId: c, memberId: m, sequenceId: q || null } : null;
}
