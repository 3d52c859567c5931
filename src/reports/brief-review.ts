// The brief's "sent back to review" section: per question (and per wrong option with its own
// resource), the students sent there after a wrong answer, and which of them opened the link.
// Only for capsules whose quiz carries review resources; otherwise the brief says nothing of it.
import type { Translate } from '../core/i18n-types.ts';
import type { ReviewResource } from '../domain/quiz-text/index.ts';
import { formatMoment, linkAtMoment } from '../domain/video-moment.ts';
import { letter } from '../services/cards/quiz-card.ts';
import type { Services } from '../services/index.ts';
import type { ReviewSend } from '../services/review-links.ts';
import { nameList } from './brief-card.ts';

/** The section's lines for a capsule, or none when its quiz sends nobody anywhere. */
export async function reviewBriefLines(
  services: Services,
  capsuleId: string,
  t: Translate,
): Promise<string[]> {
  const { db } = services.deps;
  const [capsule, withReview] = await Promise.all([
    db.capsule.findUnique({ where: { id: capsuleId }, select: { videoUrl: true } }),
    db.quizQuestion.count({ where: { quiz: { capsuleId }, review: { not: null } } }),
  ]);
  if (!capsule || withReview === 0) return [];
  return reviewLines(await services.reviewLinks.forCapsule(capsuleId), capsule.videoUrl, t);
}

/** The section from the sends (ordered by question, resource, name). */
export function reviewLines(sends: readonly ReviewSend[], videoUrl: string, t: Translate): string[] {
  const lines = [`**${t('reports:brief.reviewTitle')}**`];
  if (sends.length === 0) return [...lines, t('reports:brief.reviewNone')];
  const groups = new Map<string, ReviewSend[]>();
  for (const send of sends) {
    const key = `${send.position}:${send.target}`;
    groups.set(key, [...(groups.get(key) ?? []), send]);
  }
  for (const group of groups.values()) {
    const first = group[0] as ReviewSend;
    const question =
      first.target < 0 ? `Q${first.position + 1}` : `Q${first.position + 1} · ${letter(first.target)}`;
    const students = group.map((s) =>
      s.clicked ? t('reports:brief.reviewWatched', { name: s.name }) : s.name,
    );
    lines.push(
      t('reports:brief.reviewLine', {
        question,
        resource: resourceText(first.resource, videoUrl, t),
        students: nameList(students, t),
      }),
    );
  }
  lines.push(`_${t('reports:brief.reviewLegend')}_`);
  return lines;
}

function resourceText(resource: ReviewResource, videoUrl: string, t: Translate): string {
  const url = linkAtMoment(resource.url ?? videoUrl, resource.at);
  const label = resource.url ? shortLink(resource.url) : t('reports:brief.reviewCapsule');
  const named =
    resource.at === null
      ? label
      : t('reports:brief.reviewAt', { resource: label, moment: formatMoment(resource.at) });
  return `[${named}](${url})`;
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
