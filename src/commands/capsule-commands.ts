// /capsule schedule | list | edit | cancel | post, the scheduling form, and "I watched it".

import { onAction } from '../core/actions.ts';
import type { ActionSpec, CommandSpec, FormSpec, OptionSpec } from '../core/commands.ts';
import type { Scheduled } from '../services/capsules.ts';
import { capsuleWatched, quizTake } from '../services/cards/actions.ts';
import { capsuleLine } from '../services/cards/capsule-card.ts';
import type { Services } from '../services/index.ts';
import { type Ctx, capsuleOption, classIdOf, dateFormatter, num, str } from './context.ts';

const detailOptions = (required: boolean): OptionSpec[] => [
  // A video's own title is read from its site when the teacher leaves it out (see CapsuleService).
  { name: 'title', type: 'string', descriptionKey: 'commands:options.title', maxLength: 100 },
  { name: 'url', type: 'url', descriptionKey: 'commands:options.url', required, maxLength: 500 },
  { name: 'publish', type: 'datetime', descriptionKey: 'commands:options.publish', required, maxLength: 60 },
  { name: 'session', type: 'datetime', descriptionKey: 'commands:options.session', required, maxLength: 60 },
  { name: 'minutes', type: 'integer', descriptionKey: 'commands:options.minutes', min: 1, max: 180 },
  { name: 'resources', type: 'text', descriptionKey: 'commands:options.resources', maxLength: 1500 },
  {
    name: 'sequence',
    type: 'string',
    descriptionKey: 'commands:options.sequence',
    maxLength: 80,
    autocomplete: 'sequence',
  },
];

async function confirmScheduled(ctx: Ctx, result: Scheduled, key: 'scheduled' | 'edited'): Promise<void> {
  const format = await dateFormatter(ctx);
  const { capsule, lengthWarning } = result;
  const text = [
    ctx.t(`commands:capsule.${key}`, {
      number: capsule.number,
      title: capsule.title,
      publish: format(capsule.publishAt),
      session: format(capsule.sessionAt),
    }),
  ];
  for (const note of result.timeNotes) {
    const field = note.field === 'publish' ? 'Publish' : 'Session';
    text.push(ctx.t(`commands:capsule.${note.kind}${field}`, { typed: note.typed, used: format(note.used) }));
  }
  if (result.video?.kind === 'failed') {
    text.push(ctx.t('commands:capsule.videoFailed', { number: capsule.number }));
  } else if (result.video) {
    const { title, minutes } = result.video;
    if (title) text.push(ctx.t('commands:capsule.videoTitle', { title }));
    if (minutes) text.push(ctx.t('commands:capsule.videoMinutes', { minutes }));
  }
  if (lengthWarning) {
    text.push(
      ctx.t('commands:capsule.lengthWarning', {
        minutes: capsule.expectedMinutes ?? 0,
        max: lengthWarning.max,
      }),
    );
  }
  text.push(ctx.t('commands:capsule.quizHint', { number: capsule.number }));
  const warn = lengthWarning !== null || result.timeNotes.length > 0 || result.video?.kind === 'failed';
  await ctx.reply.private({ text: text.join('\n\n'), tone: warn ? 'warning' : 'success' });
}

export const capsuleCommands: CommandSpec<Services>[] = [
  {
    name: 'capsule',
    sub: 'schedule',
    descriptionKey: 'commands:capsule.schedule.description',
    access: 'teacher',
    options: detailOptions(true),
    form: 'capsule.schedule',
    async handler(ctx) {
      const result = await ctx.services.capsules.schedule(classIdOf(ctx), ctx.member, {
        title: str(ctx.args.title),
        url: String(ctx.args.url),
        publish: String(ctx.args.publish),
        session: String(ctx.args.session),
        minutes: num(ctx.args.minutes),
        resources: str(ctx.args.resources),
        sequence: str(ctx.args.sequence),
      });
      await confirmScheduled(ctx, result, 'scheduled');
    },
  },
  {
    name: 'capsule',
    sub: 'list',
    descriptionKey: 'commands:capsule.list.description',
    access: 'member',
    options: [],
    async handler(ctx) {
      const capsules = await ctx.services.capsules.list(classIdOf(ctx), ctx.member);
      const formatDate = await dateFormatter(ctx);
      await ctx.reply.private({
        title: ctx.t('commands:capsule.list.title'),
        text: capsules.length
          ? capsules.map((c) => capsuleLine(c, { t: ctx.t, formatDate })).join('\n')
          : ctx.t('commands:capsule.list.empty'),
      });
    },
  },
  {
    name: 'capsule',
    sub: 'edit',
    descriptionKey: 'commands:capsule.edit.description',
    access: 'teacher',
    options: [capsuleOption, ...detailOptions(false)],
    async handler(ctx) {
      const result = await ctx.services.capsules.edit(classIdOf(ctx), ctx.member, String(ctx.args.capsule), {
        title: str(ctx.args.title),
        url: str(ctx.args.url),
        publish: str(ctx.args.publish),
        session: str(ctx.args.session),
        minutes: num(ctx.args.minutes),
        resources: str(ctx.args.resources),
        sequence: str(ctx.args.sequence),
      });
      await confirmScheduled(ctx, result, 'edited');
    },
  },
  {
    name: 'capsule',
    sub: 'cancel',
    descriptionKey: 'commands:capsule.cancel.description',
    access: 'teacher',
    options: [capsuleOption],
    async handler(ctx) {
      const capsule = await ctx.services.capsules.cancel(
        classIdOf(ctx),
        ctx.member,
        String(ctx.args.capsule),
      );
      await ctx.reply.private(
        ctx.t('commands:capsule.cancelled', { number: capsule.number, title: capsule.title }),
      );
    },
  },
  {
    name: 'capsule',
    sub: 'post',
    descriptionKey: 'commands:capsule.post.description',
    access: 'teacher',
    options: [capsuleOption],
    async handler(ctx) {
      const capsule = await ctx.services.capsules.postNow(
        classIdOf(ctx),
        ctx.member,
        String(ctx.args.capsule),
      );
      await ctx.reply.private(
        ctx.t('commands:capsule.posted', { number: capsule.number, title: capsule.title }),
      );
    },
  },
];

export const capsuleForms: FormSpec<Services>[] = [
  {
    id: 'capsule.schedule',
    titleKey: 'commands:forms.schedule.title',
    access: 'teacher',
    fields: [
      {
        id: 'title',
        labelKey: 'commands:forms.schedule.titleField',
        style: 'short',
        required: false,
        maxLength: 100,
        placeholderKey: 'commands:forms.schedule.titlePlaceholder',
      },
      {
        id: 'url',
        labelKey: 'commands:forms.schedule.url',
        style: 'short',
        required: true,
        maxLength: 500,
        placeholderKey: 'commands:forms.schedule.urlPlaceholder',
      },
      {
        id: 'publish',
        labelKey: 'commands:forms.schedule.publish',
        style: 'short',
        required: true,
        maxLength: 60,
        placeholderKey: 'commands:forms.schedule.publishPlaceholder',
      },
      {
        id: 'session',
        labelKey: 'commands:forms.schedule.session',
        style: 'short',
        required: true,
        maxLength: 60,
        placeholderKey: 'commands:forms.schedule.sessionPlaceholder',
      },
      {
        id: 'minutes',
        labelKey: 'commands:forms.schedule.minutes',
        style: 'short',
        required: false,
        maxLength: 3,
      },
    ],
    async handler(ctx) {
      // Not read with num(): a bad number is one mistake among the others, next to its field.
      const minutes = ctx.values.minutes?.trim() ? Number(ctx.values.minutes.trim()) : undefined;
      const result = await ctx.services.capsules.schedule(classIdOf(ctx), ctx.member, {
        title: ctx.values.title,
        url: ctx.values.url ?? '',
        publish: ctx.values.publish ?? '',
        session: ctx.values.session ?? '',
        minutes,
      });
      await confirmScheduled(ctx, result, 'scheduled');
    },
  },
];

export const capsuleActions: ActionSpec<Services>[] = [
  onAction(capsuleWatched, 'student', async (ctx, { capsuleId }) => {
    const { first, capsule } = await ctx.services.capsules.markWatched(ctx.member, capsuleId);
    const quizzes = await ctx.services.deps.db.quiz.count({
      where: { capsuleId: capsule.id, closedAt: null },
    });
    const text = first ? ctx.t('commands:capsule.watchedThanks') : ctx.t('commands:capsule.watchedAlready');
    await ctx.reply.private({
      text: quizzes > 0 ? `${text} ${ctx.t('commands:capsule.watchedQuiz')}` : text,
      tone: 'success',
      controls:
        quizzes > 0
          ? [
              [
                {
                  kind: 'button',
                  ...quizTake.with({ capsuleId: capsule.id }),
                  label: ctx.t('cards:capsule.takeQuiz'),
                  style: 'primary',
                },
              ],
            ]
          : undefined,
    });
  }),
];
