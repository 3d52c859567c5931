// /kickoff and its buttons: the three texts that start the method, previewed privately, then sent.
import { onAction } from '../../core/actions.ts';
import type { ActionSpec, CommandSpec } from '../../core/commands.ts';
import { UserError } from '../../core/errors.ts';
import {
  KICKOFF_KINDS,
  type KickoffKind,
  kickoffOfferCard,
  kickoffPreview,
  kickoffSend,
} from '../../services/cards/kickoff-card.ts';
import type { Services } from '../../services/index.ts';
import type { ReportsKit } from '../kit.ts';

function kindOf(value: string): KickoffKind {
  if (!(KICKOFF_KINDS as readonly string[]).includes(value)) throw new UserError('errors:capsule.gone');
  return value as KickoffKind;
}

/** /kickoff shows the offer again (it first comes with /setup). */
export function kickoffCommands(): CommandSpec<Services>[] {
  return [
    {
      name: 'kickoff',
      descriptionKey: 'commands:kickoff.description',
      access: 'teacher',
      options: [],
      async handler(ctx) {
        await ctx.reply.private(kickoffOfferCard(ctx.t));
      },
    },
  ];
}

export function kickoffActions(kit: ReportsKit): ActionSpec<Services>[] {
  return [
    onAction(kickoffPreview, 'teacher', async (ctx, { kind }) => {
      const k = kindOf(kind);
      const card = await kit.kickoff.preview(ctx.classId ?? '', ctx.member, k, ctx.locale);
      await ctx.reply.private({
        title: card.title,
        text: `_${ctx.t('cards:kickoff.previewIntro')}_\n\n${card.text ?? ''}`,
        controls: [
          [
            {
              kind: 'button',
              ...kickoffSend.with({ kind: k }),
              label: ctx.t(`cards:kickoff.send.${k}`),
              style: 'primary',
            },
          ],
        ],
      });
    }),
    onAction(kickoffSend, 'teacher', async (ctx, { kind }) => {
      const k = kindOf(kind);
      const sent = await kit.kickoff.send(ctx.classId ?? '', ctx.member, k);
      const text = ctx.t(`cards:kickoff.sent.${k}`, sent);
      if (ctx.reply.update) await ctx.reply.update({ text, tone: 'success' });
      else await ctx.reply.private({ text, tone: 'success' });
    }),
  ];
}
