// One capsule on the dashboard: quiz results per question (chart and table with the most chosen
// wrong answer), who has not watched, and the suggested groups at the size the teacher picks.

import { escapeHtml as e } from '../../../core/escape-html.ts';
import type { Translate } from '../../../core/i18n-types.ts';
import type { Db } from '../../../db/client.ts';
import { capsuleChartSvg } from '../../brief-card.ts';
import { reviewSectionHtml } from '../../brief-review.ts';
import { loadCapsuleReport } from '../../capsule-report.ts';
import { type Group, levelGroups, mixedGroups } from '../../groups.ts';
import { groupReason } from '../../groups-card.ts';
import { percent } from '../../scores.ts';

function groupList(groups: Group[], t: Translate): string {
  return groups
    .map((g, i) => {
      const members = g.members
        .map((m) =>
          m.flagged
            ? `${e(m.name)} <span class="flag" title="${e(t('dashboard:capsule.noAnswer'))}">⚑</span>`
            : `${e(m.name)} (${Math.round((m.score ?? 0) * 100)} %)`,
        )
        .join(', ');
      return `<div class="group"><strong>${i + 1}.</strong> ${members} — <em>${e(groupReason(g, t))}</em></div>`;
    })
    .join('');
}

/** The capsule page body, or null when the class has no such capsule. */
export async function capsulePage(
  db: Db,
  classId: string,
  number: number,
  size: number,
  t: Translate,
  base: string,
): Promise<string | null> {
  const capsule = await db.capsule.findUnique({ where: { classId_number: { classId, number } } });
  if (!capsule) return null;
  const report = await loadCapsuleReport(db, capsule.id, 10);
  const rows = report.questions
    .map((q, i) => {
      const right = q.graded ? `${percent(q.right, q.answers)} %` : '—';
      const wrong = q.topWrong ? `${q.topWrong.label} (${q.topWrong.count})` : '—';
      const later = q.graded ? String(q.laterRight) : '—';
      return `<tr><td>Q${i + 1}. ${e(q.prompt)}</td><td class="num">${e(q.answers)}</td><td class="num">${e(right)}</td><td class="num">${e(later)}</td><td>${e(wrong)}</td></tr>`;
    })
    .join('');
  const quiz =
    report.questions.length === 0
      ? `<p class="muted">${e(t('dashboard:capsule.noQuiz'))}</p>`
      : `<table><thead><tr><th>${e(t('dashboard:capsule.question'))}</th><th>${e(t('dashboard:capsule.answers'))}</th><th>${e(t('dashboard:capsule.right'))}</th><th>${e(t('dashboard:capsule.laterRight'))}</th><th>${e(t('dashboard:capsule.topWrong'))}</th></tr></thead><tbody>${rows}</tbody></table>`;
  const missing = report.students.filter((s) => !s.watched).map((s) => s.name);
  const sizes = [2, 3, 4, 5]
    .map((n) =>
      n === size ? `<strong>${n}</strong>` : `<a href="${e(`${base}/capsule/${number}?size=${n}`)}">${n}</a>`,
    )
    .join(' ');
  const groups =
    report.graded === 0 || report.students.length === 0
      ? `<p class="muted">${e(t('reports:groups.needQuiz'))}</p>`
      : `<p>${e(t('dashboard:capsule.size'))} ${sizes}</p><p class="muted">${e(t('reports:groups.bands'))}</p>
<h3>${e(t('reports:groups.byLevel', { size }))}</h3>${groupList(levelGroups(report.students, size, capsule.id), t)}
<h3>${e(t('reports:groups.mixedTitle', { size }))}</h3>${groupList(mixedGroups(report.students, size, capsule.id), t)}`;
  return `<nav><a href="${e(base)}">← ${e(t('dashboard:capsule.back'))}</a></nav>
<section><h2>#${e(capsule.number)} ${e(capsule.title)}</h2><div class="chart" data-chart="quiz">${capsuleChartSvg(report, t, false)}</div>
<p>${e(t('dashboard:capsule.notWatched', { count: missing.length }))} ${e(missing.join(', '))}</p></section>
<section><h2>${e(t('dashboard:capsule.quizTitle'))}</h2>${quiz}</section>
${await reviewSectionHtml(db, capsule.id, t)}
<section><h2>${e(t('reports:groups.title'))}</h2>${groups}</section>`;
}
