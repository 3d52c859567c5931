// /brief, /groups and /dashboard: what a teacher reads before class.

import { classIdOf, str } from '../../commands/context.ts';
import type { CommandSpec } from '../../core/commands.ts';
import { requireTeacher } from '../../services/access.ts';
import type { Services } from '../../services/index.ts';
import { DEFAULT_GROUP_SIZE } from '../brief.ts';
import { loadCapsuleReport } from '../capsule-report.ts';
import { createSignInLink } from '../dashboard/sign-in.ts';
import { levelGroups, mixedGroups } from '../groups.ts';
import { groupsText } from '../groups-card.ts';
import type { ReportsKit } from '../kit.ts';

const capsuleOption = {
  name: 'capsule',
  type: 'string',
  descriptionKey: 'reports:options.capsule',
  autocomplete: 'capsule',
  maxLength: 100,
} as const;

export function briefCommands(kit: ReportsKit): CommandSpec<Services>[] {
  return [
    {
      name: 'brief',
      descriptionKey: 'reports:commands.brief',
      access: 'teacher',
      options: [capsuleOption],
      async handler(ctx) {
        await ctx.reply.private(
          await kit.brief.onDemand(classIdOf(ctx), ctx.member, ctx.locale, str(ctx.args.capsule)),
        );
      },
    },
    {
      name: 'groups',
      descriptionKey: 'reports:commands.groups',
      access: 'teacher',
      options: [
        capsuleOption,
        { name: 'size', type: 'integer', descriptionKey: 'reports:options.size', min: 2, max: 10 },
      ],
      async handler(ctx) {
        requireTeacher(ctx.member);
        const capsule = await kit.brief.pickCapsule(classIdOf(ctx), str(ctx.args.capsule));
        const size = typeof ctx.args.size === 'number' ? ctx.args.size : DEFAULT_GROUP_SIZE;
        const report = await loadCapsuleReport(ctx.services.deps.db, capsule.id);
        const title = ctx.t('reports:groups.cardTitle', { number: capsule.number, title: capsule.title });
        if (report.graded === 0 || report.students.length === 0) {
          await ctx.reply.private({ title, text: ctx.t('reports:groups.needQuiz'), tone: 'warning' });
          return;
        }
        const text = groupsText(
          levelGroups(report.students, size, capsule.id),
          mixedGroups(report.students, size, capsule.id),
          size,
          ctx.t,
        );
        await ctx.reply.private({ title, text, footer: ctx.t('reports:groups.footer') });
      },
    },
    {
      name: 'dashboard',
      descriptionKey: 'reports:commands.dashboard',
      access: 'teacher',
      options: [],
      async handler(ctx) {
        const teacher = requireTeacher(ctx.member);
        const { url } = await createSignInLink(ctx.services.deps, classIdOf(ctx), teacher.id);
        await ctx.reply.private({
          title: ctx.t('reports:dashboard.title'),
          text: ctx.t('reports:dashboard.text', { minutes: 15 }),
          controls: [[{ kind: 'link', url, label: ctx.t('reports:dashboard.open') }]],
          tone: 'info',
        });
      },
    },
  ];
}
