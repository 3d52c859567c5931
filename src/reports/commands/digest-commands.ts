// /digest preview | send | note | schedule: the teacher's side of the parents' weekly digest.

import { classIdOf, str } from '../../commands/context.ts';
import type { CommandSpec, FormSpec } from '../../core/commands.ts';
import type { Services } from '../../services/index.ts';
import { NOTE_MAX } from '../digest/teacher.ts';
import type { ReportsKit } from '../kit.ts';

export function digestCommands(kit: ReportsKit): {
  commands: CommandSpec<Services>[];
  forms: FormSpec<Services>[];
} {
  const commands: CommandSpec<Services>[] = [
    {
      name: 'digest',
      sub: 'preview',
      descriptionKey: 'reports:commands.digestPreview',
      access: 'teacher',
      options: [
        { name: 'email', type: 'string', descriptionKey: 'reports:options.emailOptional', maxLength: 254 },
      ],
      async handler(ctx) {
        await ctx.reply.private(
          await kit.digest.preview(classIdOf(ctx), ctx.member, ctx.locale, str(ctx.args.email)),
        );
      },
    },
    {
      name: 'digest',
      sub: 'send',
      descriptionKey: 'reports:commands.digestSend',
      access: 'teacher',
      options: [],
      async handler(ctx) {
        const result = await kit.digest.sendNow(classIdOf(ctx), ctx.member);
        const lines = [ctx.t('reports:digest.sent', { count: result.queued })];
        if (result.alreadySent > 0)
          lines.push(ctx.t('reports:digest.alreadySent', { count: result.alreadySent }));
        if (!result.canEmail) lines.push(ctx.t('reports:digest.noSmtp'));
        await ctx.reply.private({ text: lines.join('\n'), tone: result.canEmail ? 'success' : 'warning' });
      },
    },
    {
      name: 'digest',
      sub: 'note',
      descriptionKey: 'reports:commands.digestNote',
      access: 'teacher',
      options: [{ name: 'text', type: 'text', descriptionKey: 'reports:options.note', maxLength: NOTE_MAX }],
      form: 'digest.note',
      async handler(ctx) {
        const text = str(ctx.args.text);
        if (text === undefined) {
          const klass = await ctx.services.classes.get(classIdOf(ctx));
          await ctx.reply.openForm({ form: 'digest.note', values: { text: klass.digestNote ?? '' } });
          return;
        }
        const note = await kit.digest.setNote(classIdOf(ctx), ctx.member, text);
        await ctx.reply.private({
          text: ctx.t(note ? 'reports:digest.noteSaved' : 'reports:digest.noteCleared'),
          tone: 'success',
        });
      },
    },
    {
      name: 'digest',
      sub: 'schedule',
      descriptionKey: 'reports:commands.digestSchedule',
      access: 'teacher',
      options: [
        { name: 'day', type: 'string', descriptionKey: 'reports:options.day', maxLength: 20 },
        { name: 'time', type: 'string', descriptionKey: 'reports:options.time', maxLength: 10 },
      ],
      async handler(ctx) {
        const { klass, next } = await kit.digest.setSchedule(classIdOf(ctx), ctx.member, {
          day: str(ctx.args.day),
          time: str(ctx.args.time),
        });
        await ctx.reply.private({
          text: ctx.t('reports:digest.scheduled', {
            next: ctx.services.deps.i18n.formatDate(next, ctx.locale, klass.timeZone),
            zone: klass.timeZone,
          }),
          tone: 'success',
        });
      },
    },
  ];
  const forms: FormSpec<Services>[] = [
    {
      id: 'digest.note',
      titleKey: 'reports:digest.noteForm',
      access: 'teacher',
      fields: [
        {
          id: 'text',
          labelKey: 'reports:digest.noteLabel',
          style: 'paragraph',
          required: false,
          maxLength: NOTE_MAX,
          placeholderKey: 'reports:digest.notePlaceholder',
        },
      ],
      async handler(ctx) {
        const note = await kit.digest.setNote(classIdOf(ctx), ctx.member, ctx.values.text ?? '');
        await ctx.reply.private({
          text: ctx.t(note ? 'reports:digest.noteSaved' : 'reports:digest.noteCleared'),
          tone: 'success',
        });
      },
    },
  ];
  return { commands, forms };
}
