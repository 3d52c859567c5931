// Suggested groups as text for a card (brief, /groups) — every group says why it was formed.
import type { Translate } from '../core/i18n-types.ts';
import type { Group, GroupMember } from './groups.ts';

function who(member: GroupMember): string {
  return member.score === null ? `${member.name} ⚑` : `${member.name} (${Math.round(member.score * 100)} %)`;
}

/** Why a group was formed, in words (the cards and the dashboard's capsule page). */
export function groupReason(group: Group, t: Translate): string {
  const r = group.reason;
  if (r.kind === 'level') return t(`reports:groups.level.${r.band}`);
  if (r.mode === 'peer') {
    return t('reports:groups.mixed.peer', { helpers: r.helpers.join(', '), learners: r.learners.join(', ') });
  }
  return t(`reports:groups.mixed.${r.mode}`);
}

/** Numbered lines: members, then the reason in italics. */
export function groupLines(groups: Group[], t: Translate): string[] {
  return groups.map(
    (group, i) => `${i + 1}. ${group.members.map(who).join(', ')} — _${groupReason(group, t)}_`,
  );
}

/** Both suggestions with their headings, the bands and the flag legend. */
export function groupsText(level: Group[], mixed: Group[], size: number, t: Translate): string {
  const flagged = level.some((g) => g.members.some((m) => m.flagged));
  return [
    `**${t('reports:groups.byLevel', { size })}**`,
    t('reports:groups.bands'),
    ...groupLines(level, t),
    '',
    `**${t('reports:groups.mixedTitle', { size })}**`,
    ...groupLines(mixed, t),
    ...(flagged ? ['', t('reports:groups.flagLegend')] : []),
  ].join('\n');
}
