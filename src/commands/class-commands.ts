// Set-up of a class in a channel, its settings, its teachers, and /help.
import type { CommandSpec } from '../core/commands.ts';
import type { Translate } from '../core/i18n-types.ts';
import { kickoffOfferCard } from '../services/cards/kickoff-card.ts';
import type { Services } from '../services/index.ts';
import { WEEKEND_CHOICES } from '../services/quiet-hours.ts';
import { relabelClass } from '../services/relabel.ts';
import { classIdOf, str } from './context.ts';

const levelChoices = [
  { value: 'primaire', labelKey: 'commands:levels.primaire' },
  { value: 'college', labelKey: 'commands:levels.college' },
  { value: 'lycee', labelKey: 'commands:levels.lycee' },
  { value: 'superieur', labelKey: 'commands:levels.superieur' },
] as const;
const languageChoices = [
  { value: 'fr', labelKey: 'commands:languages.fr' },
  { value: 'en', labelKey: 'commands:languages.en' },
] as const;

export const classCommands: CommandSpec<Services>[] = [
  {
    name: 'setup',
    descriptionKey: 'commands:setup.description',
    access: 'anyone',
    options: [
      { name: 'name', type: 'string', descriptionKey: 'commands:options.className', maxLength: 80 },
      { name: 'level', type: 'string', descriptionKey: 'commands:options.level', choices: [...levelChoices] },
      {
        name: 'language',
        type: 'string',
        descriptionKey: 'commands:options.language',
        choices: [...languageChoices],
      },
      { name: 'timezone', type: 'string', descriptionKey: 'commands:options.timezone', maxLength: 64 },
    ],
    async handler(ctx) {
      const klass = await ctx.services.classes.setup(ctx.place, ctx.actor, {
        name: str(ctx.args.name),
        level: str(ctx.args.level),
        language: str(ctx.args.language),
        timezone: str(ctx.args.timezone),
      });
      const t = ctx.services.deps.i18n.t(klass.language);
      await ctx.reply.public({
        title: t('commands:setup.doneTitle', { name: klass.name }),
        text: t('commands:setup.doneText'),
      });
      // Starting the method: with the hint, three ready texts to review and send (reports/kickoff.ts).
      const offer = kickoffOfferCard(ctx.t);
      await ctx.reply.private({ ...offer, text: `${ctx.t('commands:setup.teacherHint')}\n\n${offer.text}` });
    },
  },
  {
    name: 'settings',
    descriptionKey: 'commands:settings.description',
    access: 'teacher',
    options: [
      { name: 'name', type: 'string', descriptionKey: 'commands:options.className', maxLength: 80 },
      {
        name: 'language',
        type: 'string',
        descriptionKey: 'commands:options.language',
        choices: [...languageChoices],
      },
      { name: 'timezone', type: 'string', descriptionKey: 'commands:options.timezone', maxLength: 64 },
      { name: 'level', type: 'string', descriptionKey: 'commands:options.level', choices: [...levelChoices] },
      { name: 'reminders', type: 'string', descriptionKey: 'commands:options.reminders', maxLength: 60 },
      { name: 'quiet', type: 'string', descriptionKey: 'commands:options.quiet', maxLength: 20 },
      {
        name: 'weekends',
        type: 'string',
        descriptionKey: 'commands:options.weekends',
        choices: WEEKEND_CHOICES.map((value) => ({ value, labelKey: `commands:weekends.${value}` as const })),
      },
      { name: 'brief', type: 'string', descriptionKey: 'commands:options.brief', maxLength: 40 },
      { name: 'brief-before', type: 'string', descriptionKey: 'commands:options.briefBefore', maxLength: 20 },
      { name: 'hold-questions', type: 'boolean', descriptionKey: 'commands:options.holdQuestions' },
    ],
    async handler(ctx) {
      const klass = await ctx.services.classes.updateSettings(classIdOf(ctx), ctx.member, {
        briefBefore: str(ctx.args['brief-before']),
        name: str(ctx.args.name),
        language: str(ctx.args.language),
        timezone: str(ctx.args.timezone),
        level: str(ctx.args.level),
        reminders: str(ctx.args.reminders),
        quiet: str(ctx.args.quiet),
        weekends: str(ctx.args.weekends),
        brief: str(ctx.args.brief),
        ...(typeof ctx.args['hold-questions'] === 'boolean'
          ? { holdQuestions: ctx.args['hold-questions'] }
          : {}),
      });
      // Reminders and the brief of capsules already planned follow the new offsets.
      if (ctx.args.reminders !== undefined || ctx.args['brief-before'] !== undefined) {
        await ctx.services.capsules.replanClass(klass.id);
      }
      // The cards still in use speak the class's new language too.
      if (ctx.args.language !== undefined) {
        const { deps, outbox, publisher } = ctx.services;
        await relabelClass(deps, outbox, publisher, klass);
      }
      const reminders = klass.reminderOffsets
        .split(',')
        .map((m) => duration(ctx.t, Number(m)))
        .join(', ');
      await ctx.reply.private({
        title: ctx.t('commands:settings.title', { name: klass.name }),
        fields: [
          {
            label: ctx.t('commands:settings.language'),
            value: ctx.t(`commands:languages.${klass.language as 'fr'}`, { defaultValue: klass.language }),
            inline: true,
          },
          { label: ctx.t('commands:settings.timezone'), value: klass.timeZone, inline: true },
          {
            label: ctx.t('commands:settings.level'),
            value: ctx.t(`commands:levels.${klass.level as 'lycee'}`),
            inline: true,
          },
          { label: ctx.t('commands:settings.reminders'), value: reminders, inline: true },
          {
            label: ctx.t('commands:settings.quiet'),
            value: ctx.t(
              klass.quietWeekends ? 'commands:settings.quietWithWeekends' : 'commands:settings.quietRange',
              {
                start: klass.quietStart,
                end: klass.quietEnd,
              },
            ),
            inline: true,
          },
          {
            label: ctx.t('commands:settings.brief'),
            // Stored values are codes (`dm`, a channel id): the teacher reads words.
            value:
              klass.briefTarget === 'dm'
                ? ctx.t('commands:settings.briefDm')
                : ctx.t('commands:settings.briefChannel', { channel: `<#${klass.briefTarget}>` }),
            inline: true,
          },
          {
            label: ctx.t('commands:settings.briefBefore'),
            value: duration(ctx.t, klass.briefOffsetMinutes),
            inline: true,
          },
          {
            label: ctx.t('commands:settings.holdQuestions'),
            value: klass.holdQuestions ? ctx.t('commands:settings.yes') : ctx.t('commands:settings.no'),
            inline: true,
          },
        ],
      });
    },
  },
  {
    name: 'teacher',
    sub: 'add',
    descriptionKey: 'commands:teacher.add.description',
    access: 'teacher',
    options: [{ name: 'user', type: 'user', descriptionKey: 'commands:options.user', required: true }],
    async handler(ctx) {
      const id = String(ctx.args.user);
      const promoted = await ctx.services.classes.addTeacher(classIdOf(ctx), ctx.member, {
        platformUserId: id,
        displayName: id,
      });
      await ctx.reply.private(ctx.t('commands:teacher.add.done', { name: promoted.displayName }));
    },
  },
];

/** "24 h", "1 h", "90 min": whole hours read as hours, the rest in minutes. */
function duration(t: Translate, minutes: number): string {
  return minutes % 60 === 0
    ? t('common:duration.hours', { count: minutes / 60 })
    : t('common:duration.minutes', { count: minutes });
}
