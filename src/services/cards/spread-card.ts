// The teacher's view of a self-paced sequence (issue 14 §1): how many students are on each
// capsule, how many finished, and who is stuck. Shared by the brief, /progress, /path and the
// dashboard so the four say the same thing.
import type { Card } from '../../core/card.ts';
import type { Translate } from '../../core/i18n-types.ts';
import type { Spread } from '../path-rules.ts';

/** The spread as lines of text (markdown bold for the heading). */
export function spreadLines(spread: Spread, t: Translate): string[] {
  const { sequence } = spread;
  const lines = [
    `**${t('reports:path.spreadTitle', { name: sequence.name, percent: sequence.masteryPercent })}**`,
    ...spread.on.map(({ capsule, count }) =>
      t('reports:path.onCapsule', { number: capsule.number, title: capsule.title, count }),
    ),
    t('reports:path.finished', { done: spread.finished, total: spread.students }),
  ];
  if (spread.below.length > 0) {
    const names = spread.below.map((b) => `${b.name} (#${b.number})`).join(', ');
    lines.push(t('reports:path.below', { names, percent: sequence.masteryPercent }));
  }
  if (spread.stuck.length === 0) lines.push(t('reports:path.nobodyStuck', { count: sequence.stuckDays }));
  else {
    lines.push(t('reports:path.stuckTitle', { n: spread.stuck.length, count: sequence.stuckDays }));
    for (const s of spread.stuck.slice(0, 25)) {
      lines.push(
        s.number === null
          ? t('reports:path.stuckNoCapsule', { name: s.name, count: s.days })
          : t('reports:path.stuckOn', { name: s.name, number: s.number, count: s.days }),
      );
    }
    if (spread.stuck.length > 25) lines.push(t('reports:brief.andMore', { count: spread.stuck.length - 25 }));
  }
  return lines;
}

/** The spread as a card of its own (/path for a teacher). */
export function spreadCard(spreads: Spread[], t: Translate): Card {
  return {
    title: t('reports:path.title'),
    text: spreads.length
      ? spreads.map((s) => spreadLines(s, t).join('\n')).join('\n\n')
      : t('reports:path.none'),
    tone: 'info',
  };
}
