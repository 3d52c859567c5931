// The App Home tab: opened, it is drawn afresh (views.publish) from the home service's overview.
// A teacher sees upcoming capsules, open questions and the last quiz's results of each class; a
// student their progress and what is due, with the buttons to do it from there. Dates use Slack's
// date tokens, so everyone reads them in their own time zone.
import type { types } from '@slack/bolt';
import type { CardControl } from '../../core/card.ts';
import type { HomeOverview, StudentHome, TeacherHome } from '../../core/home.ts';
import type { Translate } from '../../core/i18n-types.ts';
import { pickLocale } from '../../core/locale.ts';
import type { SlackContext } from './context.ts';
import { blockIdFor, rowElements } from './controls.ts';
import { clip, escapeSlack as esc, slackDate } from './mrkdwn.ts';

const SHOWN = 5;
const HOME_BLOCKS_MAX = 100;

/** Publishes someone's home. Never throws: a home that cannot be drawn stays as it was. */
export async function publishHome(ctx: SlackContext, teamId: string, userId: string): Promise<void> {
  try {
    const actor = await ctx.profiles.actor(teamId, userId);
    const { i18n } = ctx.dispatcher;
    const source = ctx.services()?.home;
    const overview = source
      ? await source.overview({ platform: 'slack', workspaceId: teamId, platformUserId: userId })
      : null;
    // Their Slack language, else the language of their first class, else the server's.
    const language = pickLocale(i18n, actor.locale, overview?.classes[0]?.language);
    await ctx.out.publishHome(teamId, userId, homeView(overview, i18n.t(language)));
  } catch (error) {
    ctx.logger.warn({ err: error }, 'could not publish the Slack App Home');
  }
}

/** The home view of an overview (null: no home service, only the welcome and help). */
export function homeView(overview: HomeOverview | null, t: Translate): types.HomeView {
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: t('home:title') } },
    context(t('home:intro')),
  ];
  if (!overview || overview.classes.length === 0) blocks.push(section(t('home:none')));
  for (const klass of overview?.classes ?? []) {
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'header',
      text: {
        type: 'plain_text',
        text: clip(t('home:classTitle', { name: klass.name, role: t(`home:role.${klass.role}`) }), 150),
      },
    });
    blocks.push(...(klass.role === 'teacher' ? teacherBlocks(klass, t) : studentBlocks(klass, t)));
  }
  blocks.push({ type: 'divider' }, context(t('home:help')));
  return { type: 'home', blocks: blocks.slice(0, HOME_BLOCKS_MAX) };
}

function teacherBlocks(klass: TeacherHome, t: Translate): types.KnownBlock[] {
  const upcoming = klass.upcoming.slice(0, SHOWN).map((c) =>
    t('home:teacher.capsule', {
      number: c.number,
      title: esc(c.title),
      publish: slackDate(c.publishAt),
      session: slackDate(c.sessionAt),
    }),
  );
  const questions = klass.openQuestions
    .slice(0, SHOWN)
    .map((q) => t('home:teacher.question', { upvotes: q.upvotes, text: esc(oneLine(q.text)) }));
  const blocks = [
    list(t('home:teacher.upcoming'), upcoming, t('home:teacher.noUpcoming')),
    list(t('home:teacher.questions'), questions, t('home:teacher.noQuestions')),
  ];
  const quiz = klass.lastQuiz;
  if (!quiz) {
    blocks.push(list(esc(t('home:teacher.results')), [], t('home:teacher.noQuiz')));
  } else {
    const title = esc(
      t(quiz.closed ? 'home:teacher.lastQuiz' : 'home:teacher.lastQuizOpen', { title: quiz.title }),
    );
    const lines = quiz.questions.map((q) =>
      q.right === null
        ? t('home:teacher.quizOpinion', {
            position: q.position,
            prompt: esc(oneLine(q.prompt)),
            answers: q.answers,
          })
        : t('home:teacher.quizQuestion', {
            position: q.position,
            prompt: esc(oneLine(q.prompt)),
            right: q.right,
            answers: q.answers,
          }),
    );
    blocks.push(list(title, lines, ''));
  }
  return blocks;
}

function studentBlocks(klass: StudentHome, t: Translate): types.KnownBlock[] {
  const { progress } = klass;
  const blocks: types.KnownBlock[] = [
    section(`*${esc(t('home:student.progress'))}*\n${esc(t('home:student.progressText', { ...progress }))}`),
  ];
  const due = klass.due.slice(0, SHOWN);
  blocks.push(
    section(
      `*${esc(t('home:student.due'))}*${due.length === 0 ? `\n${esc(t('home:student.nothingDue'))}` : ''}`,
    ),
  );
  due.forEach((item, n) => {
    const todo = [
      item.watched ? null : t('home:student.todoWatch'),
      item.quizOpen && !item.answered ? t('home:student.todoQuiz') : null,
    ].filter((x): x is string => x !== null);
    const status =
      todo.length > 0
        ? t('home:student.todo', { todo: todo.join(t('home:student.and')) })
        : t('home:student.ready');
    const c = item.capsule;
    blocks.push(
      section(
        `${t('home:student.dueItem', { number: c.number, title: esc(c.title), session: slackDate(c.sessionAt) })}\n${esc(status)}`,
      ),
    );
    const controls: CardControl[] = [{ kind: 'link', url: c.videoUrl, label: t('cards:capsule.watch') }];
    if (!item.watched) {
      controls.push({
        kind: 'button',
        action: 'capsule.watched',
        args: [c.id],
        label: t('cards:capsule.watched'),
        style: 'success',
      });
    }
    if (item.quizOpen && !item.answered) {
      controls.push({
        kind: 'button',
        action: 'quiz.take',
        args: [c.id],
        label: t('cards:capsule.takeQuiz'),
        style: 'primary',
      });
    }
    // The block id names the class channel: a click from the home finds its class that way.
    blocks.push({
      type: 'actions',
      block_id: blockIdFor(klass.channelId, n),
      elements: rowElements(controls),
    });
  });
  return blocks;
}

function list(title: string, lines: string[], empty: string): types.SectionBlock {
  const body = lines.length > 0 ? lines.join('\n') : esc(empty);
  return section(clip(`*${title}*\n${body}`, 3000));
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } };
}

function context(text: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: esc(text) }] };
}

function oneLine(text: string): string {
  return clip(text.replace(/\s+/g, ' ').trim(), 150);
}
