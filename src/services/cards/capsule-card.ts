// How a capsule looks in the channel, on every platform.
import type { Card, CardControl } from '../../core/card.ts';
import type { Translate } from '../../core/i18n-types.ts';
import type { Capsule } from '../../db/models.ts';
import type { Resource } from '../../domain/capsule-input.ts';
import { capsuleWatched, questionAsk, quizTake } from './actions.ts';
import { pathButton } from './path-card.ts';

/** What the card needs besides the capsule. */
export interface CapsuleCardContext {
  t: Translate;
  formatDate: (date: Date) => string;
  hasQuiz: boolean;
  /** In a self-paced sequence: a "My path" button (issue 14 §1). */
  hasPath?: boolean;
}

export function resourcesOf(capsule: Pick<Capsule, 'resources'>): Resource[] {
  try {
    const parsed: unknown = JSON.parse(capsule.resources);
    return Array.isArray(parsed) ? (parsed as Resource[]) : [];
  } catch {
    return [];
  }
}

export function capsuleCard(capsule: Capsule, ctx: CapsuleCardContext): Card {
  const { t } = ctx;
  const fields: NonNullable<Card['fields']> = [
    { label: t('cards:capsule.session'), value: ctx.formatDate(capsule.sessionAt), inline: true },
  ];
  if (capsule.expectedMinutes) {
    fields.push({
      label: t('cards:capsule.length'),
      value: t('cards:capsule.minutes', { count: capsule.expectedMinutes }),
      inline: true,
    });
  }
  const resources = resourcesOf(capsule);
  if (resources.length > 0) {
    fields.push({
      label: t('cards:capsule.resources'),
      value: resources.map((r) => `[${r.label}](${r.url})`).join('\n'),
    });
  }
  if (capsule.status === 'cancelled') {
    return {
      title: t('cards:capsule.cancelledTitle', { number: capsule.number, title: capsule.title }),
      text: t('cards:capsule.cancelledText'),
      tone: 'warning',
    };
  }
  const actions: CardControl[] = [
    { kind: 'link', url: capsule.videoUrl, label: t('cards:capsule.watch') },
    {
      kind: 'button',
      ...capsuleWatched.with({ capsuleId: capsule.id }),
      label: t('cards:capsule.watched'),
      style: 'success',
    },
  ];
  if (ctx.hasQuiz) {
    actions.push({
      kind: 'button',
      ...quizTake.with({ capsuleId: capsule.id }),
      label: t('cards:capsule.takeQuiz'),
      style: 'primary',
    });
  }
  actions.push({
    kind: 'button',
    ...questionAsk.with({ capsuleId: capsule.id }),
    label: t('cards:capsule.ask'),
  });
  if (ctx.hasPath) actions.push(pathButton(t));
  return {
    title: t('cards:capsule.title', { number: capsule.number, title: capsule.title }),
    url: capsule.videoUrl,
    text: t('cards:capsule.intro'),
    fields,
    controls: [actions],
    tone: 'info',
  };
}

/** One line per capsule for /capsule list. */
export function capsuleLine(
  capsule: Capsule,
  ctx: { t: Translate; formatDate: (d: Date) => string },
): string {
  const status = ctx.t(`cards:capsule.status.${capsule.status as 'scheduled' | 'published' | 'cancelled'}`);
  return ctx.t('cards:capsule.line', {
    number: capsule.number,
    title: capsule.title,
    publish: ctx.formatDate(capsule.publishAt),
    session: ctx.formatDate(capsule.sessionAt),
    status,
  });
}
