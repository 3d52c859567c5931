// /privacy export | delete, and /sequence close (the review poll of the method).
import type { CommandSpec } from '../core/commands.ts';
import type { Services } from '../services/index.ts';
import { classIdOf, str } from './context.ts';

export const privacyCommands: CommandSpec<Services>[] = [
  {
    name: 'privacy',
    sub: 'export',
    descriptionKey: 'commands:privacy.export.description',
    access: 'member',
    options: [{ name: 'user', type: 'user', descriptionKey: 'commands:options.userOptional' }],
    async handler(ctx) {
      const data = await ctx.services.privacy.export(ctx.member, str(ctx.args.user));
      const json = JSON.stringify(data, null, 2);
      await ctx.reply.private({
        title: ctx.t('commands:privacy.export.title', { name: data.member.displayName }),
        text: `\`\`\`\n${json.length > 3500 ? `${json.slice(0, 3500)}\n…` : json}\n\`\`\``,
      });
    },
  },
  {
    name: 'privacy',
    sub: 'delete',
    descriptionKey: 'commands:privacy.delete.description',
    access: 'teacher',
    options: [{ name: 'user', type: 'user', descriptionKey: 'commands:options.user', required: true }],
    async handler(ctx) {
      await ctx.services.privacy.delete(ctx.member, String(ctx.args.user));
      await ctx.reply.private(ctx.t('commands:privacy.delete.done'));
    },
  },
  {
    name: 'sequence',
    sub: 'close',
    descriptionKey: 'commands:sequence.close.description',
    access: 'teacher',
    options: [
      {
        name: 'name',
        type: 'string',
        descriptionKey: 'commands:options.sequenceName',
        required: true,
        autocomplete: 'sequence',
        maxLength: 80,
      },
    ],
    async handler(ctx) {
      await ctx.services.reviews.closeSequence(classIdOf(ctx), ctx.member, String(ctx.args.name));
      await ctx.reply.private(ctx.t('commands:sequence.closed'));
    },
  },
];
