// /quiz create | close, the quiz form, answering and "Take the quiz".

import { onAction } from '../core/actions.ts';
import type { ActionSpec, CommandSpec, FormSpec } from '../core/commands.ts';
import { quizAnswer, quizRetry, quizTake } from '../services/cards/actions.ts';
import type { Services } from '../services/index.ts';
import { type Ctx, capsuleOption, classIdOf, str } from './context.ts';
import { replyToQuizWrite } from './quiz-admin-commands.ts';

const visibilityChoices = [
  { value: 'live', labelKey: 'commands:visibility.live' },
  { value: 'after_close', labelKey: 'commands:visibility.after_close' },
] as const;

/** When a student learns the right answer: at once (with the explanation) or when the quiz closes. */
const revealChoices = [
  { value: 'at_once', labelKey: 'commands:reveal.at_once' },
  { value: 'after_close', labelKey: 'commands:reveal.after_close' },
] as const;

async function createQuiz(
  ctx: Ctx,
  capsule: string,
  text: string,
  visibility: string | undefined,
  reveal: string | undefined,
): Promise<void> {
  // A capsule that already has a quiz: replaced after a confirmation, or only its texts fixed.
  const outcome = await ctx.services.quizAdmin.write(classIdOf(ctx), ctx.member, capsule, text, {
    visibility: visibility === 'after_close' ? 'after_close' : 'live',
    reveal: reveal === 'after_close' ? 'after_close' : 'at_once',
  });
  await replyToQuizWrite(ctx, outcome);
}

export const quizCommands: CommandSpec<Services>[] = [
  {
    name: 'quiz',
    sub: 'create',
    descriptionKey: 'commands:quiz.create.description',
    access: 'teacher',
    options: [
      capsuleOption,
      {
        name: 'visibility',
        type: 'string',
        descriptionKey: 'commands:options.visibility',
        choices: [...visibilityChoices],
      },
      {
        name: 'reveal',
        type: 'string',
        descriptionKey: 'commands:options.reveal',
        choices: [...revealChoices],
      },
      { name: 'text', type: 'text', descriptionKey: 'commands:options.quizText', maxLength: 4000 },
    ],
    async handler(ctx) {
      const capsule = String(ctx.args.capsule);
      const text = str(ctx.args.text);
      const reveal = str(ctx.args.reveal);
      if (!text) {
        // The quiz text is long and multi-line: it is typed in a form, not in the command line.
        await ctx.services.capsules.find(classIdOf(ctx), capsule);
        await ctx.reply.openForm({
          form: 'quiz.create',
          // The reveal rides along only when chosen, so older form states still read the same.
          state: [capsule, str(ctx.args.visibility) ?? 'live', ...(reveal ? [reveal] : [])],
        });
        return;
      }
      await createQuiz(ctx, capsule, text, str(ctx.args.visibility), reveal);
    },
  },
  {
    name: 'quiz',
    sub: 'close',
    descriptionKey: 'commands:quiz.close.description',
    access: 'teacher',
    options: [capsuleOption],
    async handler(ctx) {
      const count = await ctx.services.quizzes.close(classIdOf(ctx), ctx.member, String(ctx.args.capsule));
      await ctx.reply.private(ctx.t('commands:quiz.closed', { count }));
    },
  },
];

export const quizForms: FormSpec<Services>[] = [
  {
    id: 'quiz.create',
    titleKey: 'commands:forms.quiz.title',
    access: 'teacher',
    fields: [
      {
        id: 'text',
        labelKey: 'commands:forms.quiz.text',
        style: 'paragraph',
        required: true,
        maxLength: 4000,
        placeholderKey: 'commands:forms.quiz.placeholder',
      },
    ],
    async handler(ctx) {
      await createQuiz(ctx, ctx.state[0] ?? '', ctx.values.text ?? '', ctx.state[1], ctx.state[2]);
    },
  },
];

export const quizActions: ActionSpec<Services>[] = [
  onAction(quizAnswer, 'student', async (ctx, { questionId, choice }) => {
    // Buttons carry the option in their args; menus send it as the selected value.
    await ctx.reply.private(
      await ctx.services.quizzes.answer(ctx.member, questionId, choice ?? ctx.value, ctx.t),
    );
  }),
  onAction(quizRetry, 'student', async (ctx, { questionId }) => {
    await ctx.reply.private(await ctx.services.quizzes.retry(ctx.member, questionId, ctx.t));
  }),
  onAction(quizTake, 'student', async (ctx, { capsuleId }) => {
    await ctx.reply.private(await ctx.services.quizzes.take(ctx.member, capsuleId, ctx.t));
  }),
];
