// Progress as chat cards: one student's capsules, or the class table (one line per student).
import type { Card } from '../core/card.ts';
import type { Translate } from '../core/i18n-types.ts';
import type { ProgressCapsule, ProgressCell, ProgressLine } from './progress.ts';
import { percent } from './scores.ts';

const MAX_LINES = 60;

function cellText(cell: ProgressCell | undefined, capsule: ProgressCapsule, t: Translate): string {
  const parts = [
    cell?.watched ? `✓ ${t('reports:progress.watched')}` : `✗ ${t('reports:progress.notWatched')}`,
  ];
  if (capsule.questions > 0) {
    parts.push(t('reports:progress.quiz', { answered: cell?.answered ?? 0, total: capsule.questions }));
    if (capsule.graded > 0 && cell?.score !== null && cell?.score !== undefined) {
      parts.push(`${Math.round(cell.score * 100)} %`);
    }
    if (cell && cell.laterRight > 0) parts.push(t('reports:progress.laterRight', { count: cell.laterRight }));
  }
  if (cell && cell.asked > 0) parts.push(t('reports:progress.asked', { count: cell.asked }));
  return parts.join(' · ');
}

function summary(line: ProgressLine, capsules: ProgressCapsule[], t: Translate): string {
  return [
    t('reports:progress.watchedOf', { count: line.watched, total: capsules.length }),
    line.graded === 0
      ? null
      : line.cells.every((c) => c.answered === 0)
        ? t('reports:progress.noAnswer')
        : t('reports:progress.score', { percent: percent(line.right, line.graded) }),
    t('reports:progress.asked', { count: line.asked }),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** One student's progress over the capsules. */
export function studentProgressCard(
  line: ProgressLine,
  capsules: ProgressCapsule[],
  t: Translate,
  scope: string,
): Card {
  const lines = capsules.map((c, i) => `**#${c.number} ${c.title}** — ${cellText(line.cells[i], c, t)}`);
  return {
    title: t('reports:progress.studentTitle', { name: line.name }),
    text: [
      `_${scope}_`,
      '',
      ...(lines.length ? lines : [t('reports:progress.noCapsules')]),
      '',
      `**${summary(line, capsules, t)}**`,
    ].join('\n'),
    footer: t('reports:progress.anonymousNote'),
  };
}

/** The class table, one line per student. */
export function classProgressCard(
  lines: ProgressLine[],
  capsules: ProgressCapsule[],
  t: Translate,
  scope: string,
): Card {
  const shown = lines.slice(0, MAX_LINES).map((l) => `**${l.name}** — ${summary(l, capsules, t)}`);
  if (lines.length > MAX_LINES) shown.push(t('reports:progress.more', { count: lines.length - MAX_LINES }));
  return {
    title: t('reports:progress.classTitle', { count: capsules.length }),
    text: [`_${scope}_`, '', ...(shown.length ? shown : [t('reports:progress.noStudents')])].join('\n'),
    footer: t('reports:progress.classFooter'),
  };
}
