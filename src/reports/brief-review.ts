// The brief's "sent back to review" section: per question (and per wrong option with its own
// resource), the students sent there after a wrong answer, and which of them opened the link.
// Only for capsules whose quiz carries review resources; otherwise the brief says nothing of it.
// The dashboard's capsule page shows the same, as HTML.
import { escapeHtml as e } from '../core/escape-html.ts';
import type { Translate } from '../core/i18n-types.ts';
import type { Db } from '../db/client.ts';
import type { ReviewResource } from '../domain/quiz-text/index.ts';
import { formatMoment, linkAtMoment } from '../domain/video-moment.ts';
import { letter } from '../services/cards/quiz-card.ts';
import type { Services } from '../services/index.ts';
import { loadReviewSends, type ReviewSend } from '../services/review-links.ts';
import { nameList } from './brief-card.ts';

/** The section's lines for a capsule, or none when its quiz sends nobody anywhere. */
export async function reviewBriefLines(
  services: Services,
  capsuleId: string,
  t: Translate,
): Promise<string[]> {
  const found = await loadSection(services.deps.db, capsuleId);
  return found ? reviewLines(found.sends, found.videoUrl, t) : [];
}

/** The section from the sends (ordered by question, resource, name). */
export function reviewLines(sends: readonly ReviewSend[], videoUrl: string, t: Translate): string[] {
  const lines = [`**${t('reports:brief.reviewTitle')}**`];
  if (sends.length === 0) return [...lines, t('reports:brief.reviewNone')];
  for (const group of groupSends(sends)) {
    const first = group[0] as ReviewSend;
    const students = group.map((s) =>
      s.clicked ? t('reports:brief.reviewWatched', { name: s.name }) : s.name,
    );
    const url = linkAtMoment(first.resource.url ?? videoUrl, first.resource.at);
    lines.push(
      t('reports:brief.reviewLine', {
        question: questionLabel(first),
        resource: `[${resourceLabel(first.resource, t)}](${url})`,
        students: nameList(students, t),
      }),
    );
  }
  lines.push(`_${t('reports:brief.reviewLegend')}_`);
  return lines;
}

/** The section for the dashboard's capsule page (HTML), or '' when its quiz sends nobody anywhere. */
export async function reviewSectionHtml(db: Db, capsuleId: string, t: Translate): Promise<string> {
  const found = await loadSection(db, capsuleId);
  if (!found) return '';
  const items = groupSends(found.sends).map((group) => {
    const first = group[0] as ReviewSend;
    const url = linkAtMoment(first.resource.url ?? found.videoUrl, first.resource.at);
    const names = group.map((s) => (s.clicked ? `${e(s.name)} ✅` : e(s.name))).join(', ');
    return `<li>${e(questionLabel(first))} → <a href="${e(url)}" rel="noreferrer">${e(resourceLabel(first.resource, t))}</a> : ${names}</li>`;
  });
  const body =
    items.length === 0
      ? `<p class="muted">${e(t('reports:brief.reviewNone'))}</p>`
      : `<ul>${items.join('')}</ul><p class="muted">${e(t('reports:brief.reviewLegend'))}</p>`;
  return `<section><h2>${e(t('reports:brief.reviewTitle'))}</h2>${body}</section>`;
}

async function loadSection(db: Db, capsuleId: string) {
  const [capsule, withReview] = await Promise.all([
    db.capsule.findUnique({ where: { id: capsuleId }, select: { videoUrl: true } }),
    db.quizQuestion.count({ where: { quiz: { capsuleId }, review: { not: null } } }),
  ]);
  if (!capsule || withReview === 0) return null;
  return { sends: await loadReviewSends(db, capsuleId), videoUrl: capsule.videoUrl };
}

/** Sends of one question and resource together, in their order. */
function groupSends(sends: readonly ReviewSend[]): ReviewSend[][] {
  const groups = new Map<string, ReviewSend[]>();
  for (const send of sends) {
    const key = `${send.position}:${send.target}`;
    groups.set(key, [...(groups.get(key) ?? []), send]);
  }
  return [...groups.values()];
}

function questionLabel(send: ReviewSend): string {
  return send.target < 0 ? `Q${send.position + 1}` : `Q${send.position + 1} · ${letter(send.target)}`;
}

function resourceLabel(resource: ReviewResource, t: Translate): string {
  const label = resource.url ? shortLink(resource.url) : t('reports:brief.reviewCapsule');
  return resource.at === null
    ? label
    : t('reports:brief.reviewAt', { resource: label, moment: formatMoment(resource.at) });
}

/** A link as a teacher recognises it: its host and the start of its path. */
function shortLink(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname.length > 24 ? `${parsed.pathname.slice(0, 23)}…` : parsed.pathname;
    return `${parsed.hostname}${path === '/' ? '' : path}`;
  } catch {
    return url.slice(0, 40);
  }
}
