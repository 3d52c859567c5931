// /privacy (what Inverso holds about you, with the notices), /privacy export (a JSON file for the
// family), /privacy delete (confirmed with a button), and /sequence close (the review poll).
import type { Card } from '../core/card.ts';
import type { ActionSpec, CommandSpec } from '../core/commands.ts';
import type { Member } from '../db/models.ts';
import { requireMember, requireTeacher } from '../services/access.ts';
import type { Services } from '../services/index.ts';
import { EXPORT_LINK_TTL_MS, exportLink, noticeUrl } from '../services/privacy-links.ts';
import { type Ctx, classIdOf, str } from './context.ts';

async function infoCard(ctx: Ctx, target: Member): Promise<Card> {
  const { privacy, deps } = ctx.services;
  const held = await privacy.holdings(target);
  const me = requireMember(ctx.member);
  const klass = await ctx.services.classes.get(target.classId);
  const t = ctx.t;
  const intro = t('commands:privacy.info.intro', { days: privacy.retentionDays });
  return {
    title: t('commands:privacy.info.title'),
    text: me.role === 'teacher' ? `${intro}\n\n${t('commands:privacy.info.teacherIntro')}` : intro,
    fields: [
      { label: t('commands:privacy.info.name'), value: target.displayName, inline: true },
      {
        label: t('commands:privacy.info.joined'),
        value: deps.i18n.formatDate(target.createdAt, ctx.locale, klass.timeZone),
        inline: true,
      },
      { label: t('commands:privacy.info.watched'), value: String(held.views), inline: true },
      { label: t('commands:privacy.info.answers'), value: String(held.answers), inline: true },
      { label: t('commands:privacy.info.questions'), value: String(held.questions), inline: true },
      { label: t('commands:privacy.info.anonymous'), value: t('commands:privacy.info.anonymousValue') },
      { label: t('commands:privacy.info.guardians'), value: String(held.guardians), inline: true },
    ],
    controls: [
      [
        {
          kind: 'link',
          url: noticeUrl(deps.publicUrl, 'students', ctx.locale),
          label: t('commands:privacy.info.readNotice'),
        },
        {
          kind: 'link',
          url: noticeUrl(deps.publicUrl, 'parents', ctx.locale),
          label: t('commands:privacy.info.parentsNotice'),
        },
        {
          kind: 'link',
          url: exportLink(
            deps,
            { classId: target.classId, requesterId: me.id, targetId: target.id },
            ctx.now,
          ),
          label: t('commands:privacy.info.download'),
        },
      ],
    ],
  };
}

export const privacyCommands: CommandSpec<Services>[] = [
  {
    name: 'privacy',
    sub: 'info',
    isDefault: true,
    descriptionKey: 'commands:privacy.info.description',
    access: 'member',
    options: [],
    async handler(ctx) {
      const target = await ctx.services.privacy.target(ctx.member);
      await ctx.reply.private(await infoCard(ctx, target));
    },
  },
  {
    name: 'privacy',
    sub: 'export',
    descriptionKey: 'commands:privacy.export.description',
    access: 'member',
    options: [{ name: 'user', type: 'user', descriptionKey: 'commands:options.userOptional' }],
    async handler(ctx) {
      const { privacy, deps } = ctx.services;
      const me = requireMember(ctx.member);
      const target = await privacy.target(ctx.member, str(ctx.args.user));
      const held = await privacy.holdings(target);
      const url = exportLink(
        deps,
        { classId: classIdOf(ctx), requesterId: me.id, targetId: target.id },
        ctx.now,
      );
      await ctx.reply.private({
        title: ctx.t('commands:privacy.export.title', { name: target.displayName }),
        text: ctx.t('commands:privacy.export.text', {
          name: target.displayName,
          views: held.views,
          answers: held.answers,
          questions: held.questions,
          guardians: held.guardians,
          minutes: EXPORT_LINK_TTL_MS / 60_000,
        }),
        controls: [[{ kind: 'link', url, label: ctx.t('commands:privacy.export.download') }]],
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
      const teacher = requireTeacher(ctx.member);
      const target = await ctx.services.privacy.target(teacher, String(ctx.args.user));
      if (target.id === teacher.id) {
        await ctx.reply.private({ text: ctx.t('errors:privacy.notYourself'), tone: 'error' });
        return;
      }
      const held = await ctx.services.privacy.holdings(target);
      const params = {
        name: target.displayName,
        views: held.views,
        answers: held.answers,
        questions: held.questions,
        guardians: held.guardians,
      };
      // Nothing is deleted until the teacher confirms: one click on the danger button.
      await ctx.reply.private({
        title: ctx.t('commands:privacy.delete.confirmTitle', params),
        text: ctx.t('commands:privacy.delete.confirmText', params),
        tone: 'warning',
        controls: [
          [
            {
              kind: 'button',
              action: 'privacy.delete',
              args: [target.id],
              label: ctx.t('commands:privacy.delete.confirm'),
              style: 'danger',
            },
            {
              kind: 'button',
              action: 'privacy.keep',
              args: [],
              label: ctx.t('commands:privacy.delete.cancel'),
            },
          ],
        ],
      });
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
      const review = await ctx.services.reviews.closeSequence(
        classIdOf(ctx),
        ctx.member,
        String(ctx.args.name),
      );
      // The class's results, valued in the channel without ranking anyone (issue 14 §5).
      if (review.sequenceId) await ctx.services.sequenceResults.post(review.sequenceId);
      await ctx.reply.private(ctx.t('commands:sequence.closed'));
    },
  },
];

/** Answers in place of the confirmation when the platform can, so its buttons cannot be pressed twice. */
async function answer(ctx: Ctx, card: Card): Promise<void> {
  if (ctx.reply.update) await ctx.reply.update(card);
  else await ctx.reply.private(card);
}

export const privacyActions: ActionSpec<Services>[] = [
  {
    action: 'privacy.delete',
    access: 'teacher',
    async handler(ctx) {
      const targetId = ctx.args[0] ?? '';
      const target = await ctx.services.deps.db.member.findUnique({ where: { id: targetId } });
      const erased = await ctx.services.privacy.delete(ctx.member, targetId);
      await answer(ctx, {
        text: ctx.t('commands:privacy.delete.doneCounts', {
          name: target?.displayName ?? '',
          answers: erased.answers,
          questions: erased.questions,
          guardians: erased.guardians,
        }),
        tone: 'success',
      });
    },
  },
  {
    action: 'privacy.keep',
    access: 'teacher',
    async handler(ctx) {
      await answer(ctx, { text: ctx.t('commands:privacy.delete.cancelled') });
    },
  },
];
