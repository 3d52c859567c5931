// The letter explaining the method, in a parent's first digest when it did not reach them when
// the teacher sent it (added later, or no address then): once per parent and class.
import { escapeHtml } from '../../core/escape-html.ts';
import type { Services } from '../../services/index.ts';
import { parentLetter } from '../kickoff.ts';

/** The letters a parent has yet to get, and the links to mark once the digest went out. */
export interface PendingLetters {
  text: string;
  linkIds: string[];
}

/** Letters of the classes in this digest whose teacher sent one this parent has not had yet. */
export async function pendingLetters(
  services: Services,
  guardian: { id: string; language: string },
  classIds: string[],
): Promise<PendingLetters | null> {
  if (classIds.length === 0) return null;
  const links = await services.deps.db.guardianLink.findMany({
    where: {
      guardianId: guardian.id,
      letterSentAt: null,
      member: { classId: { in: classIds }, class: { parentLetterAt: { not: null } } },
    },
    select: { id: true, member: { select: { class: { select: { id: true, name: true } } } } },
  });
  if (links.length === 0) return null;
  const classes = new Map(links.map((l) => [l.member.class.id, l.member.class]));
  const text = [...classes.values()]
    .map((klass) => parentLetter(services, klass, guardian.language).text)
    .join('\n\n---\n\n');
  return { text, linkIds: links.map((l) => l.id) };
}

/** The letter as HTML paragraphs, for the e-mail. */
export function letterHtml(text: string): string {
  const paragraphs = escapeHtml(text).split('\n\n');
  return `<div style="border-left:4px solid #1565c0;padding:8px 12px;margin:8px 0">${paragraphs
    .map((p) => `<p>${p.replaceAll('\n', '<br>')}</p>`)
    .join('')}</div>`;
}

/** Marks the letters delivered with the digest. */
export async function markLetters(services: Services, letters: PendingLetters | null): Promise<void> {
  if (!letters) return;
  await services.deps.db.guardianLink.updateMany({
    where: { id: { in: letters.linkIds } },
    data: { letterSentAt: services.deps.clock.now() },
  });
}
