// Students' questions: the public card (with the upvote button) and the teacher's ranked list.
import type { Card, CardControl } from '../../core/card.ts';
import type { Translate } from '../../core/i18n-types.ts';
import type { StudentQuestion } from '../../db/models.ts';
import { questionMark, questionUpvote } from './actions.ts';

export function questionPublicCard(q: StudentQuestion, authorName: string | null, t: Translate): Card {
  return {
    title: q.anonymous
      ? t('cards:question.anonymousTitle')
      : t('cards:question.title', { name: authorName ?? '' }),
    text: q.text,
    fields: [{ label: t('cards:question.upvotes'), value: String(q.upvotes), inline: true }],
    controls: [
      [{ kind: 'button', ...questionUpvote.with({ questionId: q.id }), label: t('cards:question.upvote') }],
    ],
  };
}

/** What a deleted member's question becomes in the channel: no name, no text, no button. */
export function removedQuestionCard(t: Translate): Card {
  return { text: t('cards:question.removed'), tone: 'info' };
}

/** The ranked list a teacher reads before class, with buttons to mark each question. */
export function rankedListCard(
  questions: (StudentQuestion & { authorName: string | null })[],
  t: Translate,
  title: string,
): Card {
  if (questions.length === 0) return { title, text: t('cards:question.none') };
  const lines = questions.map((q, i) => {
    const who = q.anonymous
      ? t('cards:question.anonymous')
      : (q.authorName ?? t('cards:question.formerMember'));
    const status =
      q.status === 'open'
        ? ''
        : ` · _${t(`cards:question.status.${q.status as 'selected' | 'answered' | 'pending'}`)}_`;
    return `**${i + 1}.** ${q.text} — ${who} · ▲ ${q.upvotes}${status}`;
  });
  // Platforms cap the number of buttons: the first ten questions get theirs.
  const controls: CardControl[][] = questions
    .slice(0, 10)
    .map((q, i) => (q.status === 'pending' ? approvalButtons(q.id, i, t) : markButtons(q.id, i, t)));
  return { title, text: lines.join('\n'), controls };
}

/** A held question: the class sees it once approved, or never. */
function approvalButtons(id: string, i: number, t: Translate): CardControl[] {
  return [
    {
      kind: 'button',
      ...questionMark.with({ questionId: id, status: 'open' }),
      label: t('cards:question.approve', { n: i + 1 }),
      style: 'success',
    },
    {
      kind: 'button',
      ...questionMark.with({ questionId: id, status: 'hidden' }),
      label: t('cards:question.hide', { n: i + 1 }),
      style: 'danger',
    },
  ];
}

function markButtons(id: string, i: number, t: Translate): CardControl[] {
  return [
    {
      kind: 'button',
      ...questionMark.with({ questionId: id, status: 'selected' }),
      label: t('cards:question.select', { n: i + 1 }),
      style: 'primary',
    },
    {
      kind: 'button',
      ...questionMark.with({ questionId: id, status: 'answered' }),
      label: t('cards:question.answered', { n: i + 1 }),
      style: 'success',
    },
    {
      kind: 'button',
      ...questionMark.with({ questionId: id, status: 'hidden' }),
      label: t('cards:question.hide', { n: i + 1 }),
      style: 'danger',
    },
  ];
}
