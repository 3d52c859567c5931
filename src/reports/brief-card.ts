// The teacher's pre-class brief as a Card: completion, quiz results per question, students with
// no activity, the top questions, suggested groups, and a chart where a picture reads faster.
import type { Card } from '../core/card.ts';
import type { Translate } from '../core/i18n-types.ts';
import type { CapsuleReport } from './capsule-report.ts';
import { barChart, type ChartSection, clip } from './charts.ts';
import { levelGroups, mixedGroups } from './groups.ts';
import { groupsText } from './groups-card.ts';
import { svgToPng } from './png.ts';
import { percent } from './scores.ts';

/** How much a brief lists before it says "and N more". */
const MAX_NAMES = 25;

/** Names, capped, joined. */
export function nameList(names: string[], t: Translate, max = MAX_NAMES): string {
  if (names.length === 0) return t('reports:brief.nobody');
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} ${t('reports:brief.andMore', { count: names.length - max })}` : shown;
}

/** The chart of a capsule: completion, then the share of right answers per graded question. */
export function capsuleChartSvg(report: CapsuleReport, t: Translate, heading = true): string {
  const total = report.students.length;
  const sections: ChartSection[] = [
    {
      title: t('reports:chart.completion'),
      rows: [
        {
          label: t('reports:chart.watched'),
          value: total ? report.watched / total : 0,
          text: `${report.watched}/${total}`,
          kind: 'count',
        },
        ...(report.questions.length > 0
          ? [
              {
                label: t('reports:chart.quizDone'),
                value: total ? report.completed / total : 0,
                text: `${report.completed}/${total}`,
                kind: 'count' as const,
              },
            ]
          : []),
      ],
    },
  ];
  const graded = report.questions.filter((q) => q.graded);
  if (graded.length > 0) {
    sections.push({
      title: t('reports:chart.rightPerQuestion'),
      rows: graded.map((q, i) => ({
        label: `Q${i + 1}. ${q.prompt}`,
        value: q.answers ? q.right / q.answers : 0,
        text: q.answers ? `${percent(q.right, q.answers)} %` : '—',
        kind: 'score',
      })),
    });
  }
  return barChart(
    t('reports:chart.title', { number: report.capsule.number, title: report.capsule.title }),
    sections,
    640,
    heading,
  );
}

function quizLines(report: CapsuleReport, t: Translate): string[] {
  if (report.questions.length === 0) return [t('reports:brief.noQuiz')];
  const lines = [t('reports:brief.quizDone', { done: report.completed, total: report.students.length })];
  report.questions.forEach((q, i) => {
    const head = `Q${i + 1}. ${clip(q.prompt, 80)}`;
    if (q.answers === 0) lines.push(`${head} — ${t('reports:brief.noAnswers')}`);
    else if (q.graded) {
      const topWrong = q.topWrong
        ? t('reports:brief.topWrong', { answer: clip(q.topWrong.label, 60), count: q.topWrong.count })
        : t('reports:brief.noWrong');
      // First answers count; those who found the right one on a later try are shown apart.
      const wrong = q.laterRight
        ? `${topWrong} · ${t('reports:brief.laterRight', { count: q.laterRight })}`
        : topWrong;
      lines.push(
        `${head} — **${t('reports:brief.right', { percent: percent(q.right, q.answers), count: q.answers })}** · ${wrong}`,
      );
    } else if (q.topChoice) {
      lines.push(
        `${head} — ${t('reports:brief.opinion', { answer: clip(q.topChoice.label, 60), count: q.topChoice.count, total: q.answers })}`,
      );
    }
  });
  return lines;
}

function questionLines(report: CapsuleReport, t: Translate): string[] {
  if (report.topQuestions.length === 0) return [t('reports:brief.noQuestions')];
  return report.topQuestions.map(
    (q) => `▲ ${q.upvotes} — « ${clip(q.text, 160)} » (${q.author ?? t('reports:brief.anonymous')})`,
  );
}

/** The brief's text for a report; `size` is the target group size. */
export function briefText(report: CapsuleReport, t: Translate, size: number): string {
  const notWatched = report.students.filter((s) => !s.watched).map((s) => s.name);
  const inactive = report.students.filter((s) => !s.active).map((s) => s.name);
  const parts = [
    `**${t('reports:brief.watchedTitle', { count: report.watched, total: report.students.length })}**`,
    t('reports:brief.notWatched', { names: nameList(notWatched, t) }),
    '',
    `**${t('reports:brief.quizTitle')}**`,
    ...quizLines(report, t),
    '',
    `**${t('reports:brief.inactiveTitle', { count: inactive.length })}**`,
    nameList(inactive, t),
    '',
    `**${t('reports:brief.questionsTitle')}**`,
    ...questionLines(report, t),
    '',
  ];
  if (report.graded > 0 && report.students.length > 0) {
    const seed = report.capsule.id;
    parts.push(
      groupsText(levelGroups(report.students, size, seed), mixedGroups(report.students, size, seed), size, t),
    );
  } else {
    parts.push(`**${t('reports:groups.title')}**`, t('reports:groups.needQuiz'));
  }
  return parts.join('\n');
}

/** The whole brief card, chart included. `when` is the session time as the reader reads it. */
export function briefCard(report: CapsuleReport, t: Translate, when: string, size = 3): Card {
  const png = svgToPng(capsuleChartSvg(report, t), 1.5);
  return {
    title: t('reports:brief.title', { number: report.capsule.number, title: report.capsule.title }),
    text: `${t('reports:brief.session', { when })}\n\n${briefText(report, t, size)}`,
    image: {
      filename: `brief-${report.capsule.number}.png`,
      png,
      alt: t('reports:chart.alt', { watched: report.watched, total: report.students.length }),
    },
    footer: t('reports:brief.footer'),
    tone: 'info',
  };
}
