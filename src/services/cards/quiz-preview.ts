// The teacher's private preview of a quiz (/quiz show): each question as the channel shows it,
// with the right answers marked and the feedback students get after answering.
import type { Card } from '../../core/card.ts';
import type { Translate } from '../../core/i18n-types.ts';
import type { Capsule, Quiz, QuizQuestion } from '../../db/models.ts';
import { linkAtMoment } from '../../domain/video-moment.ts';
import { letter, questionView } from './quiz-card.ts';

/** What the preview says about the quiz besides its questions. */
export interface PreviewContext {
  capsule: Capsule;
  answers: number;
  t: Translate;
  formatDate: (date: Date) => string;
}

export function quizPreview(quiz: Quiz & { questions: QuizQuestion[] }, ctx: PreviewContext): Card[] {
  const { t, capsule } = ctx;
  const when =
    quiz.closedAt !== null
      ? t('cards:quizPreview.closed')
      : capsule.status === 'published'
        ? t('cards:quizPreview.posted')
        : t('cards:quizPreview.willPost', { when: ctx.formatDate(capsule.publishAt) });
  const header: Card = {
    title: t('cards:quizPreview.title', { number: capsule.number, title: quiz.title }),
    text: [
      t('cards:quizPreview.intro', { count: quiz.questions.length }),
      when,
      t(`cards:quizPreview.visibility.${quiz.resultsVisibility === 'after_close' ? 'after_close' : 'live'}`),
      t('cards:quizPreview.answers', { count: ctx.answers }),
    ].join('\n'),
    tone: 'info',
  };
  const count = quiz.questions.length;
  const cards = quiz.questions.map((row): Card => {
    const q = questionView(row);
    const lines = q.options.map(
      (option, i) => `**${letter(i)}.** ${option}${q.correct.includes(i) ? ' ✅' : ''}`,
    );
    const fields = q.options.flatMap((_, i) => {
      const feedback = q.feedback[i];
      return feedback
        ? [{ label: t('cards:quizPreview.feedbackFor', { option: letter(i) }), value: feedback }]
        : [];
    });
    if (q.explanation) fields.push({ label: t('cards:quiz.explanation'), value: q.explanation });
    // Where a wrong answer sends the student, as the link they will open (at its moment).
    const target = (r: { url: string | null; at: number | null }) =>
      linkAtMoment(r.url ?? capsule.videoUrl, r.at);
    if (q.reviews.question)
      fields.push({ label: t('cards:quizPreview.review'), value: target(q.reviews.question) });
    q.reviews.options.forEach((r, i) => {
      if (r)
        fields.push({ label: t('cards:quizPreview.reviewFor', { option: letter(i) }), value: target(r) });
    });
    if (q.correct.length === 0)
      fields.push({ label: t('cards:quizPreview.opinion'), value: t('cards:quizPreview.notScored') });
    return {
      title: t('cards:quiz.questionTitle', { title: quiz.title, position: q.position + 1, count }),
      text: `${q.prompt}\n\n${lines.join('\n')}`,
      ...(fields.length ? { fields } : {}),
    };
  });
  return [header, ...cards];
}
