// The dashboard's session: a signed cookie holding the teacher member id and an expiry. Nothing is
// stored server-side; HttpOnly keeps scripts away from it, SameSite=Lax keeps other sites' forms
// from riding on it, Secure is added when the bot is served over https.
import { sign, verify } from '../../services/hashing.ts';

export const COOKIE = 'inverso_dashboard';
export const SESSION_TTL_MS = 8 * 3600_000;

/** What a session cookie carries. */
export interface Session {
  memberId: string;
  expiresAt: Date;
}

export function sessionCookie(secret: string, memberId: string, now: Date, secure: boolean): string {
  const expiresAt = now.getTime() + SESSION_TTL_MS;
  const payload = Buffer.from(JSON.stringify({ m: memberId, e: expiresAt })).toString('base64url');
  const value = `${payload}.${sign(secret, `session:${payload}`)}`;
  return [
    `${COOKIE}=${value}`,
    'Path=/dashboard',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.floor(SESSION_TTL_MS / 1000)}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedCookie(): string {
  return `${COOKIE}=; Path=/dashboard; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/** The session of a Cookie header, or null when absent, tampered with or expired. */
export function readSession(secret: string, header: string | undefined, now: Date): Session | null {
  const raw = (header ?? '')
    .split(';')
    .map((p) => p.trim())
    .find((p) => p.startsWith(`${COOKIE}=`))
    ?.slice(COOKIE.length + 1);
  if (!raw) return null;
  const [payload = '', signature = ''] = raw.split('.');
  if (!payload || !signature || !verify(secret, `session:${payload}`, signature)) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      m?: unknown;
      e?: unknown;
    };
    if (typeof data.m !== 'string' || typeof data.e !== 'number' || data.e <= now.getTime()) return null;
    return { memberId: data.m, expiresAt: new Date(data.e) };
  } catch {
    return null;
  }
}
