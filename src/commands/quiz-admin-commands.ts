// /quiz show | delete, and the confirmation asked before a quiz nobody answered is replaced.
import type { ActionSpec, CommandSpec } from '../core/commands.ts';
import type { Services } from '../services/index.ts';
import type { QuizWriteOutcome } from '../services/quiz-admin.ts';
import { type Ctx, capsuleOption, classIdOf } from './context.ts';

/** What the teacher is told after `/quiz create` (or its form). */
export async function replyToQuizWrite(ctx: Ctx, outcome: QuizWriteOutcome): Promise<void> {
  if (outcome.kind === 'created') {
    const { quiz } = outcome;
    await ctx.reply.private({
      text: ctx.t('commands:quiz.created', { count: quiz.questions.length, title: quiz.title }),
      tone: 'success',
    });
    return;
  }
  if (outcome.kind === 'fixed') {
    await ctx.reply.private({
      text: ctx.t('commands:quiz.fixed', { count: outcome.quiz.questions.length, answers: outcome.answers }),
      tone: 'success',
    });
    return;
  }
  const { existing, capsule, draftId } = outcome;
  await ctx.reply.private({
    text: ctx.t('commands:quiz.replaceAsk', {
      number: capsule.number,
      title: existing.title,
      count: existing.questions.length,
    }),
    tone: 'warning',
    controls: [
      [
        {
          kind: 'button',
          action: 'quiz.replace',
          args: [draftId],
          label: ctx.t('commands:quiz.replace'),
          style: 'danger',
        },
        {
          kind: 'button',
          action: 'quiz.keep',
          args: [draftId],
          label: ctx.t('commands:quiz.keep'),
          style: 'secondary',
        },
      ],
    ],
  });
}

export const quizAdminCommands: CommandSpec<Services>[] = [
  {
    name: 'quiz',
    sub: 'show',
    descriptionKey: 'commands:quiz.show.description',
    access: 'teacher',
    options: [capsuleOption],
    async handler(ctx) {
      const cards = await ctx.services.quizAdmin.show(classIdOf(ctx), ctx.member, String(ctx.args.capsule));
      for (const card of cards) await ctx.reply.private(card);
    },
  },
  {
    name: 'quiz',
    sub: 'delete',
    descriptionKey: 'commands:quiz.delete.description',
    access: 'teacher',
    options: [capsuleOption],
    async handler(ctx) {
      const count = await ctx.services.quizAdmin.delete(classIdOf(ctx), ctx.member, String(ctx.args.capsule));
      await ctx.reply.private({ text: ctx.t('commands:quiz.deleted', { count }), tone: 'success' });
    },
  },
];

export const quizAdminActions: ActionSpec<Services>[] = [
  {
    action: 'quiz.replace',
    access: 'teacher',
    async handler(ctx) {
      const quiz = await ctx.services.quizAdmin.confirmReplace(classIdOf(ctx), ctx.member, ctx.args[0] ?? '');
      await ctx.reply.private({
        text: ctx.t('commands:quiz.replaced', { count: quiz.questions.length, title: quiz.title }),
        tone: 'success',
      });
    },
  },
  {
    action: 'quiz.keep',
    access: 'teacher',
    async handler(ctx) {
      await ctx.services.quizAdmin.dropDraft(classIdOf(ctx), ctx.member, ctx.args[0] ?? '');
      await ctx.reply.private({ text: ctx.t('commands:quiz.kept'), tone: 'info' });
    },
  },
];
