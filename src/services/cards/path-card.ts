// How a student's path looks (issue 14 §1): the private message when a capsule opens for them,
// and /path (done, current, locked, and what opens the next), addressed to the student ("tu").

import { actionKey } from '../../core/actions.ts';
import type { Card, CardControl } from '../../core/card.ts';
import type { Translate } from '../../core/i18n-types.ts';
import type { Capsule } from '../../db/models.ts';
import type { PathStep, StudentPath } from '../path-rules.ts';
import { capsuleWatched, quizTake } from './actions.ts';

/** "My path": /path without typing, under a self-paced sequence's capsule and its reminders. */
export const pathShow = actionKey('path.show', []);

/** The "My path" button. */
export function pathButton(t: Translate): CardControl {
  return { kind: 'button', ...pathShow.with({}), label: t('cards:path.button'), style: 'primary' };
}

/** What the opening message needs besides the capsule. */
export interface OpenedContext {
  t: Translate;
  klass: string;
  hasQuiz: boolean;
  percent: number;
}

/** The private message: capsule N+1 is open for you. */
export function pathOpenedCard(
  capsule: Pick<Capsule, 'number' | 'title' | 'videoUrl'>,
  ctx: OpenedContext,
): Card {
  const { t } = ctx;
  return {
    title: t('cards:path.openedTitle', { number: capsule.number, title: capsule.title }),
    url: capsule.videoUrl,
    text: ctx.hasQuiz
      ? t('cards:path.openedText', { klass: ctx.klass, percent: ctx.percent })
      : t('cards:path.openedTextNoQuiz', { klass: ctx.klass }),
    controls: [[{ kind: 'link', url: capsule.videoUrl, label: t('cards:capsule.watch') }]],
    tone: 'success',
  };
}

function percentOf(step: PathStep): number {
  return step.capsule.graded ? Math.round((step.right * 100) / step.capsule.graded) : 0;
}

function stepLine(step: PathStep, t: Translate, formatDate: (d: Date) => string): string {
  const { number, title, status, graded, publishAt } = step.capsule;
  const named = status === 'published';
  switch (step.state) {
    case 'done':
      return graded
        ? t('cards:path.stepDoneScore', { number, title, percent: percentOf(step) })
        : t('cards:path.stepDone', { number, title });
    case 'current':
      return t('cards:path.stepCurrent', { number, title });
    case 'waiting':
      return t('cards:path.stepWaiting', { number, when: formatDate(publishAt) });
    default:
      return named
        ? t('cards:path.stepLocked', { number, title })
        : t('cards:path.stepLockedUnnamed', { number });
  }
}

/** What opens the next capsule, said about the current one. */
export function unlockRule(step: PathStep, last: boolean, percent: number, t: Translate): string {
  const number = step.capsule.number;
  const needs = step.capsule.graded > 0;
  const key = last
    ? needs
      ? 'cards:path.ruleLastQuiz'
      : 'cards:path.ruleLast'
    : needs
      ? 'cards:path.ruleQuiz'
      : 'cards:path.rule';
  return t(key, { number, percent });
}

/** /path for a student: every capsule of the sequence, and the buttons of the current one. */
export function studentPathCard(
  path: StudentPath,
  sequence: { name: string; masteryPercent: number },
  t: Translate,
  formatDate: (d: Date) => string,
): Card {
  const lines = path.steps.map((s) => stepLine(s, t, formatDate));
  const current = path.current;
  const controls: CardControl[] = [];
  if (path.finished) lines.push('', t('cards:path.finished'));
  else if (current) {
    const last = path.steps.at(-1) === current;
    lines.push('', unlockRule(current, last, sequence.masteryPercent, t));
    if (current.capsule.graded > 0 && current.answered >= current.capsule.graded)
      lines.push(
        t('cards:path.yourScore', {
          right: current.right,
          total: current.capsule.graded,
          percent: percentOf(current),
        }),
        current.watched ? t('cards:path.belowThreshold') : t('cards:path.watchToo'),
      );
    else if (current.watched) lines.push(t('cards:path.watchedAlready'));
    controls.push({ kind: 'link', url: current.capsule.videoUrl, label: t('cards:capsule.watch') });
    if (!current.watched)
      controls.push({
        kind: 'button',
        ...capsuleWatched.with({ capsuleId: current.capsule.id }),
        label: t('cards:capsule.watched'),
        style: 'success',
      });
    if (current.capsule.quizzes > 0)
      controls.push({
        kind: 'button',
        ...quizTake.with({ capsuleId: current.capsule.id }),
        label: t('cards:capsule.takeQuiz'),
        style: 'primary',
      });
  } else {
    const waiting = path.steps.find((s) => s.state === 'waiting');
    if (waiting) lines.push('', t('cards:path.waiting', { number: waiting.capsule.number }));
  }
  return {
    title: t('cards:path.title', { name: sequence.name }),
    text: lines.join('\n'),
    ...(controls.length ? { controls: [controls] } : {}),
    footer: t('cards:path.footer'),
    tone: path.finished ? 'success' : 'info',
  };
}
