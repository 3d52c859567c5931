// Addresses of the privacy pages on the bot's HTTP server: the notices (students, parents, the
// school's register entry, the data inventory), and the signed, short-lived download link of one
// member's export, built like the progress CSV's (15 minutes, checked again when used).
import { sign, verify } from './hashing.ts';

/** The documents of docs/privacy/ the bot serves. */
export const NOTICE_PAGES = ['students', 'parents', 'register', 'data'] as const;
export type NoticePage = (typeof NOTICE_PAGES)[number];

export const EXPORT_LINK_TTL_MS = 15 * 60_000;

function base(publicUrl: string): string {
  return `${publicUrl.replace(/\/$/, '')}/`;
}

/** A notice in a language, e.g. `https://bot.example/privacy/parents?lang=fr`. */
export function noticeUrl(publicUrl: string, page: NoticePage, lang: string): string {
  const url = new URL(`privacy/${page}`, base(publicUrl));
  url.searchParams.set('lang', lang);
  return url.toString();
}

function payload(classId: string, requesterId: string, targetId: string, expires: number): string {
  return `privacy-export:${classId}:${requesterId}:${targetId}:${expires}`;
}

/** What an export link grants: `requester` downloads what is stored about `target`. */
export interface ExportGrant {
  classId: string;
  requesterId: string;
  targetId: string;
}

export function exportLink(
  deps: { secret: string; publicUrl: string },
  grant: ExportGrant,
  now: Date,
): string {
  const expires = now.getTime() + EXPORT_LINK_TTL_MS;
  const url = new URL('privacy/export.json', base(deps.publicUrl));
  url.searchParams.set('c', grant.classId);
  url.searchParams.set('m', grant.requesterId);
  url.searchParams.set('t', grant.targetId);
  url.searchParams.set('e', String(expires));
  url.searchParams.set(
    's',
    sign(deps.secret, payload(grant.classId, grant.requesterId, grant.targetId, expires)),
  );
  return url.toString();
}

/** The grant of a link whose signature holds and that has not expired; null otherwise. */
export function readExportLink(secret: string, query: URLSearchParams, now: Date): ExportGrant | null {
  const c = query.get('c') ?? '';
  const m = query.get('m') ?? '';
  const t = query.get('t') ?? '';
  const e = Number(query.get('e'));
  const s = query.get('s') ?? '';
  if (!c || !m || !t || !s || !Number.isFinite(e) || e <= now.getTime()) return null;
  return verify(secret, payload(c, m, t, e), s) ? { classId: c, requesterId: m, targetId: t } : null;
}
