// A class's dashboard: completion per capsule, progress over the sequence (chart and table), the
// open questions, and links to each capsule's quiz results and groups.

import { escapeHtml as e } from '../../../core/escape-html.ts';
import type { Translate } from '../../../core/i18n-types.ts';
import type { Db } from '../../../db/client.ts';
import type { Class } from '../../../db/models.ts';
import { loadSpreads } from '../../../services/path-rules.ts';
import { barChart } from '../../charts.ts';
import { spreadHtml } from '../../path-spread.ts';
import { type ProgressCapsule, type ProgressLine, progressCapsules, progressLines } from '../../progress.ts';
import { percent } from '../../scores.ts';

/** What the class page needs besides the database. */
export interface PageContext {
  t: Translate;
  formatDate: (d: Date) => string;
  base: string;
  /** Now, for who is stuck in a self-paced sequence; absent: no such section. */
  now?: Date;
}

function completionChart(capsules: ProgressCapsule[], lines: ProgressLine[], t: Translate): string {
  const total = lines.length;
  const rows = capsules.flatMap((c, i) => {
    const watched = lines.filter((l) => l.cells[i]?.watched).length;
    const done = lines.filter((l) => c.questions > 0 && (l.cells[i]?.answered ?? 0) >= c.questions).length;
    return [
      {
        label: `#${c.number} ${c.title}`,
        value: total ? watched / total : 0,
        text: `${watched}/${total}`,
        kind: 'count' as const,
      },
      ...(c.questions > 0
        ? [
            {
              label: `   ${t('dashboard:class.quizDone')}`,
              value: total ? done / total : 0,
              text: `${done}/${total}`,
              kind: 'count' as const,
            },
          ]
        : []),
    ];
  });
  return barChart(
    t('dashboard:class.completionTitle'),
    [{ title: t('dashboard:class.completionLegend'), rows }],
    760,
    false, // the section's heading already says it
  );
}

function progressChart(capsules: ProgressCapsule[], lines: ProgressLine[], t: Translate): string {
  const rows = capsules
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.graded > 0)
    .map(({ c, i }) => {
      const right = lines.reduce((n, l) => n + (l.cells[i]?.right ?? 0), 0);
      const possible = c.graded * lines.length;
      return {
        label: `#${c.number} ${c.title}`,
        value: possible ? right / possible : 0,
        text: `${percent(right, possible)} %`,
        kind: 'score' as const,
      };
    });
  return barChart(
    t('dashboard:class.progressTitle'),
    [{ title: t('dashboard:class.progressLegend'), rows }],
    760,
    false, // the section's heading already says it
  );
}

function progressTable(capsules: ProgressCapsule[], lines: ProgressLine[], t: Translate): string {
  const head = capsules.map((c) => `<th title="${e(c.title)}">#${e(c.number)}</th>`).join('');
  const body = lines
    .map((l) => {
      const cells = capsules
        .map((c, i) => {
          const cell = l.cells[i];
          const watched = cell?.watched ? `<span class="ok">✓</span>` : `<span class="no">✗</span>`;
          const score =
            c.graded > 0 && cell && cell.score !== null ? ` ${Math.round(cell.score * 100)} %` : '';
          return `<td>${watched}${e(score)}</td>`;
        })
        .join('');
      const answered = l.cells.some((c) => c.answered > 0);
      const overall = l.graded > 0 && answered ? `${percent(l.right, l.graded)} %` : '—';
      return `<tr><th scope="row">${e(l.name)}</th>${cells}<td class="num">${e(l.watched)}/${e(capsules.length)}</td><td class="num">${e(overall)}</td><td class="num">${e(l.asked)}</td></tr>`;
    })
    .join('\n');
  return `<table><thead><tr><th>${e(t('dashboard:class.student'))}</th>${head}<th>${e(t('dashboard:class.watched'))}</th><th>${e(t('dashboard:class.score'))}</th><th>${e(t('dashboard:class.asked'))}</th></tr></thead><tbody>${body}</tbody></table>`;
}

async function openQuestions(db: Db, classId: string, t: Translate): Promise<string> {
  const questions = await db.studentQuestion.findMany({
    where: { classId, status: { in: ['open', 'selected'] } },
    orderBy: [{ upvotes: 'desc' }, { createdAt: 'asc' }],
    take: 30,
    include: { author: { select: { displayName: true } }, capsule: { select: { number: true } } },
  });
  if (questions.length === 0) return `<p class="muted">${e(t('dashboard:class.noQuestions'))}</p>`;
  const items = questions.map((q) => {
    const who = q.anonymous
      ? t('dashboard:class.anonymous')
      : (q.author?.displayName ?? t('dashboard:class.anonymous'));
    const about = q.capsule ? ` · #${q.capsule.number}` : '';
    return `<li>▲ ${e(q.upvotes)} — ${e(q.text)} <span class="muted">(${e(who)}${e(about)})</span></li>`;
  });
  return `<ol>${items.join('')}</ol>`;
}

/** The whole class page body. */
export async function classPage(
  db: Db,
  klass: Class,
  sequenceId: string | null,
  ctx: PageContext,
): Promise<string> {
  const { t, base } = ctx;
  const sequences = await db.sequence.findMany({
    where: { classId: klass.id },
    orderBy: { createdAt: 'asc' },
  });
  const capsules = await progressCapsules(db, klass.id, sequenceId);
  const lines = await progressLines(db, klass.id, capsules);
  const filter = [
    `<a href="${e(base)}">${e(t('dashboard:class.allCapsules'))}</a>`,
    ...sequences.map(
      (s) => `<a href="${e(`${base}?sequence=${encodeURIComponent(s.id)}`)}">${e(s.name)}</a>`,
    ),
  ].join(' ');
  const csv = `${base}/export.csv${sequenceId ? `?sequence=${encodeURIComponent(sequenceId)}` : ''}`;
  const capsuleLinks = capsules
    .map(
      (c) =>
        `<li><a href="${e(`${base}/capsule/${c.number}`)}">#${e(c.number)} ${e(c.title)}</a> <span class="muted">— ${e(ctx.formatDate(c.sessionAt))}</span></li>`,
    )
    .join('');
  if (capsules.length === 0) {
    return `<nav>${filter}</nav><section><p>${e(t('dashboard:class.empty'))}</p></section>`;
  }
  const spread = ctx.now ? spreadHtml(await loadSpreads(db, klass.id, ctx.now, sequenceId), t) : '';
  return `<nav>${filter}</nav>
${spread}<section><h2>${e(t('dashboard:class.completionTitle'))}</h2><div class="chart" data-chart="completion">${completionChart(capsules, lines, t)}</div></section>
<section><h2>${e(t('dashboard:class.progressTitle'))}</h2><div class="chart" data-chart="progress">${progressChart(capsules, lines, t)}</div>
${progressTable(capsules, lines, t)}
<p><a class="button" href="${e(csv)}" download>${e(t('dashboard:class.csv', { count: capsules.length * lines.length }))}</a></p></section>
<section><h2>${e(t('dashboard:class.capsulesTitle'))}</h2><ul>${capsuleLinks}</ul></section>
<section><h2>${e(t('dashboard:class.questionsTitle'))}</h2>${await openQuestions(db, klass.id, t)}</section>`;
}
