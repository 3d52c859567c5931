// Passwordless sign-in for teachers: /dashboard sends a one-time link privately. Only a keyed hash
// of the token is stored; it expires after 15 minutes and works once. The link opens a page with a
// button (a POST consumes the token), because chat apps and mail scanners fetch links to preview
// them, and a GET that consumed the token would burn it before the teacher clicks.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { tokenHash } from '../../services/hashing.ts';

export const SIGN_IN_PURPOSE = 'dashboard';
export const SIGN_IN_TTL_MS = 15 * 60_000;

/** Creates a sign-in token for a teacher member; returns the link to send them. */
export async function createSignInLink(
  deps: { db: Db; secret: string; publicUrl: string; clock: { now(): Date } },
  classId: string,
  memberId: string,
): Promise<{ url: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(deps.clock.now().getTime() + SIGN_IN_TTL_MS);
  await deps.db.oneTimeToken.create({
    data: {
      classId,
      purpose: SIGN_IN_PURPOSE,
      tokenHash: tokenHash(deps.secret, token),
      subjectId: memberId,
      expiresAt,
    },
  });
  const url = new URL('/dashboard/signin', `${deps.publicUrl.replace(/\/$/, '')}/`);
  url.searchParams.set('token', token);
  return { url: url.toString(), expiresAt };
}

/** Whether a token is still good (for the page before the button), without using it. */
export async function peekSignIn(db: Db, secret: string, token: string, now: Date): Promise<boolean> {
  const row = await db.oneTimeToken.findUnique({ where: { tokenHash: tokenHash(secret, token) } });
  return Boolean(row && row.purpose === SIGN_IN_PURPOSE && !row.usedAt && row.expiresAt > now);
}

/** Uses a token: the member id it was made for, or null (unknown, expired, or used already). */
export async function consumeSignIn(
  db: Db,
  secret: string,
  token: string,
  now: Date,
): Promise<string | null> {
  if (!token || token.length > 200) return null;
  const row = await db.oneTimeToken.findUnique({ where: { tokenHash: tokenHash(secret, token) } });
  if (!row || row.purpose !== SIGN_IN_PURPOSE || row.usedAt || row.expiresAt <= now) return null;
  // Conditional on usedAt still being empty: of two clicks racing, one wins.
  const claimed = await db.oneTimeToken.updateMany({
    where: { id: row.id, usedAt: null },
    data: { usedAt: now },
  });
  return claimed.count === 1 ? row.subjectId : null;
}
