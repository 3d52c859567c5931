// /calendar show | regenerate | revoke: the class's secret calendar and podcast links, given to the
// teacher privately (whoever has a link can read the class's dates and published capsules).
import type { CommandSpec } from '../core/commands.ts';
import type { FeedLinks } from '../services/calendar.ts';
import type { Services } from '../services/index.ts';
import { type Ctx, classIdOf } from './context.ts';

async function showLinks(ctx: Ctx, links: FeedLinks, key: 'shown' | 'regenerated'): Promise<void> {
  await ctx.reply.private({
    title: ctx.t('commands:calendar.title'),
    text: ctx.t(`commands:calendar.${key}`, { ...links }),
    controls: [
      [
        { kind: 'link', url: links.calendar, label: ctx.t('commands:calendar.calendarLink') },
        { kind: 'link', url: links.podcast, label: ctx.t('commands:calendar.podcastLink') },
      ],
    ],
  });
}

export const calendarCommands: CommandSpec<Services>[] = [
  {
    name: 'calendar',
    sub: 'show',
    isDefault: true,
    descriptionKey: 'commands:calendar.show.description',
    access: 'teacher',
    options: [],
    async handler(ctx) {
      await showLinks(ctx, await ctx.services.calendar.links(classIdOf(ctx), ctx.member), 'shown');
    },
  },
  {
    name: 'calendar',
    sub: 'regenerate',
    descriptionKey: 'commands:calendar.regenerate.description',
    access: 'teacher',
    options: [],
    async handler(ctx) {
      await showLinks(ctx, await ctx.services.calendar.regenerate(classIdOf(ctx), ctx.member), 'regenerated');
    },
  },
  {
    name: 'calendar',
    sub: 'revoke',
    descriptionKey: 'commands:calendar.revoke.description',
    access: 'teacher',
    options: [],
    async handler(ctx) {
      await ctx.services.calendar.revoke(classIdOf(ctx), ctx.member);
      await ctx.reply.private({ text: ctx.t('commands:calendar.revoked'), tone: 'success' });
    },
  },
];
