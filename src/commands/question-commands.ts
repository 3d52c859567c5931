// /ask, /questions, the question form, upvotes and the teacher's marks.

import { onAction } from '../core/actions.ts';
import type { ActionSpec, CommandSpec, FormSpec } from '../core/commands.ts';
import { questionAsk, questionForm, questionMark, questionUpvote } from '../services/cards/actions.ts';
import type { Services } from '../services/index.ts';
import { type Ctx, classIdOf, str } from './context.ts';

async function ask(ctx: Ctx, text: string, anonymous: boolean, capsuleId: string | null): Promise<void> {
  const question = await ctx.services.questions.ask(ctx.member, { text, anonymous, capsuleId });
  const sent = anonymous ? ctx.t('commands:ask.sentAnonymous') : ctx.t('commands:ask.sent');
  await ctx.reply.private({
    text: question.status === 'pending' ? `${sent}\n${ctx.t('commands:ask.held')}` : sent,
    tone: 'success',
  });
}

export const questionCommands: CommandSpec<Services>[] = [
  {
    name: 'ask',
    descriptionKey: 'commands:ask.description',
    access: 'member',
    options: [
      { name: 'anonymous', type: 'boolean', descriptionKey: 'commands:options.anonymous' },
      {
        name: 'capsule',
        type: 'string',
        descriptionKey: 'commands:options.capsuleOptional',
        autocomplete: 'capsule',
        maxLength: 100,
      },
      { name: 'text', type: 'text', descriptionKey: 'commands:options.question', maxLength: 500 },
    ],
    async handler(ctx) {
      const anonymous = ctx.args.anonymous === true;
      const capsuleRef = str(ctx.args.capsule);
      const capsuleId = capsuleRef ? (await ctx.services.capsules.find(classIdOf(ctx), capsuleRef)).id : null;
      const text = str(ctx.args.text);
      if (!text) {
        await ctx.reply.openForm({
          form: formOf(anonymous ? 'anon' : 'named'),
          state: [capsuleId ?? '', anonymous ? 'anon' : 'named'],
        });
        return;
      }
      await ask(ctx, text, anonymous, capsuleId);
    },
  },
  {
    name: 'questions',
    descriptionKey: 'commands:questions.description',
    access: 'teacher',
    options: [
      {
        name: 'capsule',
        type: 'string',
        descriptionKey: 'commands:options.capsuleOptional',
        autocomplete: 'capsule',
        maxLength: 100,
      },
    ],
    async handler(ctx) {
      await ctx.reply.private(
        await ctx.services.questions.rankedCard(classIdOf(ctx), ctx.member, ctx.t, str(ctx.args.capsule)),
      );
    },
  },
];

/** The form for each choice: the anonymous one says again, where the student types, what it means. */
const formOf = (mode: string) => (mode === 'anon' ? 'question.askAnonymous' : 'question.ask');

export const questionForms: FormSpec<Services>[] = [
  {
    id: 'question.askAnonymous',
    titleKey: 'commands:forms.askAnonymous.title',
    access: 'member',
    fields: [
      {
        id: 'text',
        labelKey: 'commands:forms.askAnonymous.text',
        style: 'paragraph',
        required: true,
        maxLength: 500,
        placeholderKey: 'commands:forms.askAnonymous.placeholder',
      },
    ],
    async handler(ctx) {
      await ask(ctx, ctx.values.text ?? '', true, ctx.state[0] || null);
    },
  },
  {
    id: 'question.ask',
    titleKey: 'commands:forms.ask.title',
    access: 'member',
    fields: [
      {
        id: 'text',
        labelKey: 'commands:forms.ask.text',
        style: 'paragraph',
        required: true,
        maxLength: 500,
        placeholderKey: 'commands:forms.ask.placeholder',
      },
    ],
    async handler(ctx) {
      await ask(ctx, ctx.values.text ?? '', ctx.state[1] === 'anon', ctx.state[0] || null);
    },
  },
];

export const questionActions: ActionSpec<Services>[] = [
  onAction(questionAsk, 'member', async (ctx, { capsuleId }) => {
    // Anonymity is chosen before typing, so the student knows who will see their name.
    await ctx.reply.private({
      text: ctx.t('commands:ask.choose'),
      controls: [
        [
          {
            kind: 'button',
            ...questionForm.with({ capsuleId, anonymity: 'named' }),
            label: ctx.t('commands:ask.withName'),
          },
          {
            kind: 'button',
            ...questionForm.with({ capsuleId, anonymity: 'anon' }),
            label: ctx.t('commands:ask.anonymously'),
            style: 'primary',
          },
        ],
      ],
    });
  }),
  onAction(questionForm, 'member', async (ctx, { capsuleId, anonymity }) => {
    await ctx.reply.openForm({
      form: formOf(anonymity),
      state: [capsuleId, anonymity === 'anon' ? 'anon' : 'named'],
    });
  }),
  onAction(questionUpvote, 'member', async (ctx, { questionId }) => {
    const upvotes = await ctx.services.questions.upvote(ctx.member, questionId);
    await ctx.reply.private({ text: ctx.t('commands:ask.upvoted', { count: upvotes }), tone: 'success' });
  }),
  onAction(questionMark, 'teacher', async (ctx, { questionId, status }) => {
    await ctx.services.questions.mark(ctx.member, questionId, status);
    const list = await ctx.services.questions.rankedCard(classIdOf(ctx), ctx.member, ctx.t);
    // The list updates in place where the platform can; elsewhere a fresh copy is sent.
    if (ctx.reply.update) await ctx.reply.update(list);
    else await ctx.reply.private(list);
  }),
];
