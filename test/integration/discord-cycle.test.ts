// The whole flipped-class cycle on Discord: the real discord.js client against the in-process fake
// Discord, the real core (dispatcher, services, scheduler) on SQLite. The core runs on a manual clock;
// discord.js on real timers. Assertions are on what the fake recorded: routes, payloads, flags.

import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import type { Core } from '../../src/wiring.ts';
import { CHANNEL, type DiscordDriver, GUILD, makeDiscordDriver } from '../contract/discord-driver.ts';
import type { ContractUser, ObservedMessage } from '../contract/platform-contract.ts';
import type { RecordedCall, SentInteraction } from '../fakes/discord/fake-discord.ts';
import { testCore } from '../support/core.ts';
import { cycleQuizText as quizText } from '../support/cycle-quiz.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';

const teacher: ContractUser = { id: '300000000000000001', name: 'Mme Martin', locale: 'fr' };
const lea: ContractUser = { id: '300000000000000002', name: 'Léa', locale: 'fr' };
const hugo: ContractUser = { id: '300000000000000003', name: 'Hugo', locale: 'en-GB' };
const ines: ContractUser = { id: '300000000000000004', name: 'Inès', locale: 'fr' };
const noe: ContractUser = { id: '300000000000000005', name: 'Noé', locale: 'fr' };
const zoe: ContractUser = { id: '300000000000000006', name: 'Zoé', locale: 'fr' };
const students = [lea, hugo, ines, noe, zoe];
const NAMES = /L[ée]a|Hugo|In[èe]s|No[ée]|Zo[ée]|30000000000000000[2-6]/i;

/** Next Monday, 08:00 in Paris, at least a day ahead of real time (Discord refuses past events). */
function nextMonday(): DateTime {
  let day = DateTime.now().setZone('Europe/Paris').plus({ days: 1 }).startOf('day');
  while (day.weekday !== 1) day = day.plus({ days: 1 });
  return day.set({ hour: 8 });
}

let testDb: TestDb;
let driver: DiscordDriver;
let core: Core;
let clock: ManualClock;
const monday = nextMonday();

async function settle(): Promise<void> {
  // A reminder enqueues its nudges due at once: a second pass runs them.
  await core.scheduler.runDue();
  await core.scheduler.runDue();
  await core.services.quizzes.tallies.flush();
  await core.services.questions.cards.flush();
}

const callsSince = (seq: number) => driver.fake.calls.filter((c) => c.seq >= seq);
const callbacksOf = (sent: SentInteraction) =>
  driver.fake.calls.filter((c) => c.path === `/interactions/${sent.id}/${sent.token}/callback`);

/** The answer the user got to one interaction: its callback body. */
function answerOf(sent: SentInteraction): { type: number; data?: Record<string, unknown> } {
  const [callback] = callbacksOf(sent);
  if (!callback) throw new Error(`no callback for ${sent.id}`);
  expect(callback.status).toBeLessThan(300);
  return callback.body as { type: number; data?: Record<string, unknown> };
}

function textOf(data: Record<string, unknown> | undefined): string {
  const embeds = (data?.embeds ?? []) as { title?: string; description?: string }[];
  return [String(data?.content ?? ''), ...embeds.map((e) => `${e.title ?? ''} ${e.description ?? ''}`)].join(
    ' ',
  );
}

/** Every message body sent to Discord respects its limits (the fake also refuses what does not). */
function checkLimits(call: RecordedCall): void {
  const body = call.body as Record<string, unknown> | null;
  const data = (body && 'data' in body ? body.data : body) as Record<string, unknown> | null;
  const rows = (data?.components ?? []) as { type: number; components?: Record<string, unknown>[] }[];
  if (body && (body as { type?: number }).type === 9) return; // modal: checked apart
  expect(rows.length).toBeLessThanOrEqual(5);
  for (const row of rows) {
    expect(row.components?.length ?? 0).toBeLessThanOrEqual(5);
    for (const c of row.components ?? []) {
      if (typeof c.custom_id === 'string') expect(c.custom_id.length).toBeLessThanOrEqual(100);
      if (typeof c.label === 'string') expect(c.label.length).toBeLessThanOrEqual(80);
    }
  }
  for (const embed of (data?.embeds ?? []) as { title?: string; description?: string }[]) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
  }
}

beforeAll(async () => {
  testDb = await sqliteTestDb();
  driver = await makeDiscordDriver({ users: [teacher, ...students] });
  await driver.closeDms?.(zoe.id);
  clock = new ManualClock(monday.toJSDate());
  core = testCore({
    db: testDb.db,
    clock,
    platforms: [driver.platform],
    instanceId: 'discord-cycle',
  });
  await driver.start(core.dispatcher);
});

afterAll(async () => {
  await core?.services.quizzes.tallies.flush();
  await core?.services.questions.cards.flush();
  await driver?.stop();
  await testDb?.close();
});

describe('the flipped-class cycle on Discord', () => {
  it('registers the catalogue as localized guild commands, teacher ones hidden from students', () => {
    const [put] = driver.fake.callsTo(
      'PUT',
      `/applications/${driver.fake.applicationId}/guilds/${GUILD}/commands`,
    );
    expect(put?.status).toBe(200);
    const commands = driver.fake.state.guildCommands.get(GUILD) ?? [];
    const byName = new Map(commands.map((c) => [c.name, c]));
    expect([...byName.keys()].sort()).toEqual(
      [
        'ask',
        'calendar',
        'capsule',
        'help',
        'privacy',
        'questions',
        'quiz',
        'path',
        'sequence',
        'settings',
        'setup',
        'teacher',
      ].sort(),
    );
    expect(byName.get('setup')).toMatchObject({ default_member_permissions: null, contexts: [0] });
    expect(byName.get('setup')?.name_localizations).toEqual({
      fr: 'configurer',
      'en-US': 'setup',
      'en-GB': 'setup',
    });
    expect(byName.get('quiz')?.default_member_permissions).toBe('32');
    expect(byName.get('settings')?.default_member_permissions).toBe('32');
    expect(byName.get('capsule')?.default_member_permissions).toBeNull(); // /capsule list is for everyone
    const capsule = byName.get('capsule') as { options: Record<string, unknown>[] };
    const schedule = capsule.options.find((o) => o.name === 'schedule') as {
      type: number;
      name_localizations: unknown;
      options: Record<string, unknown>[];
    };
    expect(schedule.type).toBe(1);
    expect(schedule.name_localizations).toEqual({
      fr: 'programmer',
      'en-US': 'schedule',
      'en-GB': 'schedule',
    });
    const minutes = schedule.options.find((o) => o.name === 'minutes');
    expect(minutes).toMatchObject({ type: 4, min_value: 1, max_value: 180, required: false });
    expect(schedule.options.find((o) => o.name === 'title')).toMatchObject({ type: 3, max_length: 100 });
    const edit = capsule.options.find((o) => o.name === 'edit') as { options: Record<string, unknown>[] };
    expect(edit.options[0]).toMatchObject({ name: 'capsule', required: true, autocomplete: true });
    const setupLevel = (byName.get('setup') as { options: Record<string, unknown>[] }).options.find(
      (o) => o.name === 'level',
    ) as { choices: { name: string; name_localizations?: Record<string, string> }[] };
    expect(setupLevel.choices[1]?.name_localizations?.fr).toBeDefined();
    for (const c of JSON.stringify(commands).matchAll(/"description":"([^"]*)"/g)) {
      expect(c[1]?.length).toBeLessThanOrEqual(100);
    }
  });

  it('runs set-up, a capsule with a quiz, answers, a question, reminders, nudges and the close', async () => {
    const fake = driver.fake;
    const db = testDb.db;

    // Set-up: a public message in the channel, the teacher's hint privately.
    const setup = await driver.settle(
      fake.sendSlashCommand({
        name: 'setup',
        options: { name: '4e B', level: 'college' },
        user: teacher.id,
        locale: 'fr',
      }),
    );
    expect(answerOf(setup)).toMatchObject({ type: 4, data: { flags: 64 } });
    expect((await driver.channelMessages()).at(-1)?.title).toBe('La classe « 4e B » est prête');
    for (const student of students) await driver.command(student, 'help');

    // /capsule schedule with no options opens the modal; its submission schedules the capsule.
    const open = await driver.settle(
      fake.sendSlashCommand({ name: 'capsule', subcommand: 'schedule', user: teacher.id, locale: 'fr' }),
    );
    const modal = answerOf(open);
    expect(modal.type).toBe(9);
    const inputs = (
      (modal.data?.components ?? []) as {
        components: { custom_id: string; label: string; placeholder?: string }[];
      }[]
    ).map((r) => r.components[0]);
    expect(inputs.map((i) => i?.custom_id)).toEqual(['title', 'url', 'publish', 'session', 'minutes']);
    for (const input of inputs) {
      expect(input?.label.length).toBeLessThanOrEqual(45);
      expect(input?.placeholder?.length ?? 0).toBeLessThanOrEqual(100);
    }
    const [form] = await driver.formsOpenedFor(teacher.id);
    expect(form).toMatchObject({ form: 'capsule.schedule', state: [] });
    await driver.submitForm(teacher, form!, {
      title: 'Additionner des fractions',
      url: 'https://video.example/fractions',
      publish: 'lundi 18h',
      session: 'jeudi 10h',
      minutes: '12',
    });
    const capsule = await db.capsule.findFirstOrThrow();
    expect(capsule.title).toBe('Additionner des fractions');
    expect((await driver.privateMessagesTo(teacher.id)).at(-1)?.text).toContain('n°1');
    // The session became a Discord scheduled event in the class channel.
    const [event] = fake.state.scheduledEvents.values();
    expect(event).toMatchObject({
      entity_type: 3,
      privacy_level: 2,
      name: expect.stringContaining('fractions'),
    });
    expect(JSON.stringify(event?.entity_metadata)).toContain(`/channels/${GUILD}/${CHANNEL}`);
    expect(Date.parse(String(event?.scheduled_start_time))).toBe(capsule.sessionAt.getTime());

    // /quiz create capsule:1 opens the quiz modal, with the capsule and visibility in its state.
    await driver.command(teacher, 'quiz create', { capsule: '1' });
    const quizForm = (await driver.formsOpenedFor(teacher.id)).at(-1);
    expect(quizForm).toMatchObject({ form: 'quiz.create', state: ['1', 'live'], fields: ['text'] });
    await driver.submitForm(teacher, quizForm!, { text: quizText });
    expect(await db.quizQuestion.count()).toBe(2);

    // Nothing before 18:00; at 18:00 the scheduler posts the card, its thread and the quiz.
    await settle();
    expect(fake.messages(CHANNEL).filter((m) => (m.flags & 64) === 0)).toHaveLength(1);
    const before = fake.calls.length;
    clock.set(monday.set({ hour: 18 }).toJSDate());
    await settle();
    const posts = callsSince(before).filter(
      (c) => c.method === 'POST' && c.path === `/channels/${CHANNEL}/messages`,
    );
    expect(posts).toHaveLength(2); // capsule card, one quiz message holding both questions
    for (const post of posts) {
      expect(post.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
      expect(String((post.body as { nonce: string }).nonce).length).toBeLessThanOrEqual(25);
    }
    const channel = await driver.channelMessages();
    const card = channel.find((m) => m.title?.startsWith('Capsule n°1')) as ObservedMessage;
    expect(card.links).toEqual([{ label: 'Voir la vidéo', url: 'https://video.example/fractions' }]);
    expect(card.buttons.map((b) => b.action)).toEqual(['capsule.watched', 'quiz.take', 'question.ask']);
    const [thread] = callsSince(before).filter((c) =>
      c.path.endsWith(`/messages/${card.ref.messageId}/threads`),
    );
    expect(thread?.status).toBe(201);
    // Both questions in one message, a row each: buttons for the first, a menu for the second.
    const quizMessages = channel.filter((m) => m.title?.startsWith('Quiz')) as ObservedMessage[];
    expect(quizMessages).toHaveLength(1);
    const [q1Message] = quizMessages;
    const q2Message = q1Message;
    expect(q1Message?.buttons.map((b) => b.label)).toEqual(['1A. 2/6', '1B. 3/4', '1C. 1/3']);
    expect(q2Message?.selects[0]?.options).toHaveLength(6); // six options: a menu, not six buttons

    // Three students watch and answer: two right, one wrong. Every answer is ephemeral.
    const [q1] = await db.quizQuestion.findMany({ orderBy: { position: 'asc' } });
    for (const [student, choice] of [
      [lea, '1'],
      [hugo, '1'],
      [ines, '0'],
    ] as const) {
      const watched = await driver.settle(
        fake.sendButton({
          customId: `capsule.watched:${capsule.id}`,
          messageId: card.ref.messageId,
          user: student.id,
          locale: student.locale,
        }),
      );
      expect(answerOf(watched)).toMatchObject({ type: 4, data: { flags: 64 } });
      const answer = await driver.settle(
        fake.sendButton({
          customId: `quiz.answer:${q1!.id}:${choice}`,
          messageId: q1Message!.ref.messageId,
          user: student.id,
          locale: student.locale,
        }),
      );
      const body = answerOf(answer);
      expect(body).toMatchObject({ type: 4, data: { flags: 64 } });
      expect(textOf(body.data)).toContain(
        choice === '1' ? '✅' : student === hugo ? 'Not quite' : 'Pas tout à fait',
      );
      await driver.select(student, q2Message!.selects[0]!, '5', q2Message!.ref);
    }
    expect(await db.answer.count()).toBe(6);
    expect(await db.capsuleView.count()).toBe(3);

    // The tally is edited in place (at most once per answer: coalesced), with counts and no names.
    await settle();
    const tallies = fake.callsTo('PATCH', `/channels/${CHANNEL}/messages/${q1Message!.ref.messageId}`);
    expect(tallies.length).toBeGreaterThan(0);
    expect(tallies.length).toBeLessThanOrEqual(6); // six answers, both questions, one message
    const lastTally = tallies.at(-1)!.body as { embeds: { fields: { value: string }[] }[] };
    expect(lastTally.embeds[0]?.fields[0]?.value).toBe('1. 3 réponses\n2. 3 réponses');
    expect(JSON.stringify(tallies.map((t) => t.body))).not.toMatch(NAMES);

    // Inès asks anonymously: the choice first, then the modal, then the card in the capsule's thread.
    const ask = await driver.settle(
      fake.sendButton({
        customId: `question.ask:${capsule.id}`,
        messageId: card.ref.messageId,
        user: ines.id,
        locale: 'fr',
      }),
    );
    const choose = answerOf(ask);
    expect(choose.data?.flags).toBe(64);
    const anonButton = JSON.stringify(choose.data).match(/question\.form:[^"]+:anon/)?.[0];
    expect(anonButton).toBeDefined();
    const openAsk = await driver.settle(
      fake.sendButton({ customId: anonButton!, user: ines.id, locale: 'fr' }),
    );
    expect(answerOf(openAsk)).toMatchObject({
      type: 9,
      data: { custom_id: `form:question.askAnonymous:${capsule.id}:anon` },
    });
    const threadId = card.ref.messageId;
    const beforeAsk = fake.calls.length;
    await driver.submitForm(
      ines,
      { form: 'question.askAnonymous', state: [capsule.id, 'anon'], fields: ['text'], values: {} },
      {
        text: 'Pourquoi le même dénominateur ?',
      },
    );
    const [questionPost] = callsSince(beforeAsk).filter(
      (c) => c.method === 'POST' && c.path === `/channels/${threadId}/messages`,
    );
    expect(questionPost?.status).toBe(200);
    expect(JSON.stringify(questionPost?.body)).toContain('Question anonyme');
    expect(JSON.stringify(questionPost?.body)).not.toMatch(NAMES);
    const stored = await db.studentQuestion.findFirstOrThrow();
    expect(stored.authorId).toBeNull();

    // Two classmates upvote from inside the thread: the thread belongs to the class channel.
    const questionMessage = fake.messages(threadId).at(-1)!;
    for (const student of [lea, hugo]) {
      const vote = await driver.settle(
        fake.sendButton({
          customId: `question.upvote:${stored.id}`,
          messageId: questionMessage.id,
          channelId: threadId,
          user: student.id,
          locale: student.locale,
        }),
      );
      expect(answerOf(vote)).toMatchObject({ type: 4, data: { flags: 64 } });
    }
    expect((await db.studentQuestion.findFirstOrThrow()).upvotes).toBe(2);
    await settle();
    const upvoted = fake.callsTo('PATCH', `/channels/${threadId}/messages/${questionMessage.id}`).at(-1);
    expect(JSON.stringify(upvoted?.body)).toContain('"value":"2"');

    // The teacher's ranked list is ephemeral, with buttons that update it in place.
    const list = await driver.settle(
      fake.sendSlashCommand({ name: 'questions', user: teacher.id, locale: 'fr' }),
    );
    const listBody = answerOf(list);
    expect(listBody.data?.flags).toBe(64);
    expect(textOf(listBody.data)).toContain('anonyme · ▲ 2');
    const listMessage = fake.state.interactions.get(list.id)?.originalMessageId as string;
    const mark = await driver.settle(
      fake.sendButton({
        customId: `question.mark:${stored.id}:answered`,
        messageId: listMessage,
        user: teacher.id,
        locale: 'fr',
      }),
    );
    expect(answerOf(mark).type).toBe(7);
    expect((await db.studentQuestion.findFirstOrThrow()).status).toBe('answered');

    // 24 h before class: the channel reminder, DMs to those behind; Zoé's DMs are closed.
    const beforeReminder = fake.calls.length;
    clock.set(monday.plus({ days: 2 }).set({ hour: 10 }).toJSDate());
    await settle();
    const reminder = (await driver.channelMessages()).find((m) => m.title?.startsWith('Rappel'));
    expect(reminder?.text).toContain('3/5');
    expect((await driver.directMessagesTo(noe.id)).length).toBe(1);
    expect(await driver.directMessagesTo(lea.id)).toHaveLength(0);
    expect(await driver.directAttempts?.(zoe.id)).toBe(1);
    const zoeRow = await db.member.findFirstOrThrow({ where: { platformUserId: zoe.id } });
    expect(zoeRow.dmClosedAt).not.toBeNull();
    const dmFailures = callsSince(beforeReminder).filter((c) => c.status === 403);
    expect(dmFailures).toHaveLength(1); // asked once, not retried

    // 1 h before: Noé is nudged again, Zoé is not asked again.
    clock.set(monday.plus({ days: 3 }).set({ hour: 9 }).toJSDate());
    await settle();
    expect((await driver.directMessagesTo(noe.id)).length).toBe(2);
    expect(await driver.directAttempts?.(zoe.id)).toBe(1);

    // At the session the quiz closes: buttons gone, the right answer shown.
    clock.set(monday.plus({ days: 3 }).set({ hour: 10 }).toJSDate());
    await settle();
    const closed = fake.state.messages.get(q1Message!.ref.messageId)!;
    expect(closed.components).toEqual([]);
    expect(JSON.stringify(closed.embeds)).toContain('✅');
    const late = await driver.settle(
      fake.sendButton({
        customId: `quiz.answer:${q1!.id}:1`,
        messageId: q1Message!.ref.messageId,
        user: noe.id,
        locale: 'fr',
      }),
    );
    expect(textOf(answerOf(late).data)).toContain('fermé');

    // Discord's limits held for every message and answer the bot sent, and nothing was refused.
    for (const call of fake.calls) {
      if (call.method === 'POST' || call.method === 'PATCH') checkLimits(call);
    }
    const refused = fake.calls.filter(
      (c) => c.status >= 400 && !(c.status === 403 && c.path.includes('/messages')),
    );
    expect(refused.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([]);
    const jobs = await db.job.findMany();
    expect(jobs.every((j) => ['done', 'skipped'].includes(j.state))).toBe(true);
  });
});
