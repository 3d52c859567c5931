// The whole flipped-class cycle in Slack: the real @slack/bolt App in HTTP mode on the bot's own
// HTTP server, signed slash commands, block_actions and view_submissions, and the fake Web API
// recording every call. Set-up, a capsule and its quiz through modals, publication by the
// scheduler, answers, an anonymous question with upvotes, reminders with DM nudges (one DM closed),
// and the quiz closing at the session.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeAction } from '../../src/core/card.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import type { Core } from '../../src/wiring.ts';
import type { ContractUser, ObservedMessage } from '../contract/platform-contract.ts';
import { CHANNEL, makeSlackDriver, type SlackDriver } from '../contract/slack-driver.ts';
import type { SignedResponse } from '../fakes/slack/index.ts';
import { testCore } from '../support/core.ts';
import { cycleQuizText as quizText } from '../support/cycle-quiz.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';

const i18n = createI18n('fr');
const fr = i18n.t('fr');
const user = (id: string, name: string, locale = 'fr-FR'): ContractUser => ({ id, name, locale });
const teacher = user('U0TEACH001', 'Mme Martin');
const lea = user('U0LEA00001', 'Léa');
const hugo = user('U0HUGO0001', 'Hugo', 'en-GB');
const ines = user('U0INES0001', 'Inès');
const zoe = user('U0ZOE00001', 'Zoé');
const tom = user('U0TOM00001', 'Tom');
const students = [lea, hugo, ines, zoe, tom];

describe('Slack: the whole cycle over HTTP', () => {
  let testDb: TestDb;
  let driver: SlackDriver;
  let core: Core;
  let clock: ManualClock;

  const settle = async () => {
    await core.scheduler.runDue();
    await core.scheduler.runDue(); // nudges are queued by the reminder that just ran
    await core.services.quizzes.tallies.flush();
    await core.services.questions.cards.flush();
    await driver.platform.settled();
  };
  const lastPrivate = async (who: ContractUser) => (await driver.privateMessagesTo(who.id)).at(-1);
  const channel = () => driver.channelMessages();
  const find = async (title: string): Promise<ObservedMessage> => {
    const found = (await channel()).find((m) => m.title?.includes(title));
    if (!found) throw new Error(`no "${title}" in the channel`);
    return found;
  };
  const ack = (res: unknown) => res as SignedResponse;

  beforeEach(async () => {
    testDb = await sqliteTestDb();
    driver = await makeSlackDriver({
      users: [teacher, ...students.map((s) => (s === tom ? { ...s, dmClosed: true } : s))],
      services: () => core.services,
    });
    clock = new ManualClock(new Date('2026-11-23T07:00:00Z')); // Monday 08:00 in Paris
    core = testCore({
      db: testDb.db,
      clock,
      i18n,
      platforms: [driver.platform],
    });
    await driver.start(core.dispatcher);
  });

  afterEach(async () => {
    await driver.stop();
    await testDb.close();
  });

  it('runs set-up, modals, publication, answers, questions, reminders and the close', async () => {
    const { fake } = driver;
    // Set-up: acknowledged with an empty 200, the class card in the channel, the hint privately.
    const setup = ack(await driver.slash(teacher, '/setup', 'name:"4e B" level:college'));
    expect([setup.status, setup.text]).toEqual([200, '']);
    expect((await channel()).map((m) => m.title)).toEqual([fr('commands:setup.doneTitle', { name: '4e B' })]);
    expect((await lastPrivate(teacher))?.text).toContain('/capsule schedule');
    for (const s of students) await driver.slash(s, '/help', '');
    expect((await lastPrivate(hugo))?.title).toBe('Inverso — what you can do');

    // /capsule schedule alone opens the modal; a past date keeps it open with the problem under its field.
    await driver.slash(teacher, '/capsule', 'schedule');
    const [scheduleForm] = await driver.formsOpenedFor(teacher.id);
    expect(scheduleForm).toEqual({
      form: 'capsule.schedule',
      state: [],
      fields: ['title', 'url', 'publish', 'session', 'minutes'],
      values: {},
    });
    const values = {
      title: 'Additionner des fractions',
      url: 'https://video.example/fractions',
      publish: '2020-01-01 08:00',
      session: 'jeudi 10h',
      minutes: '12',
    };
    if (!scheduleForm) throw new Error('no form');
    const refused = ack(await driver.submit(teacher, scheduleForm, values));
    // Slack keeps the modal open with what was typed; the problem is shown under its field.
    const kept = refused.json as { response_action: string; errors: Record<string, string> };
    expect(kept.response_action).toBe('errors');
    expect(Object.keys(kept.errors)).toEqual(['publish']);
    expect(kept.errors.publish).toContain('passée');
    expect(await testDb.db.capsule.count()).toBe(0);
    const blank = ack(await driver.submit(teacher, scheduleForm, { ...values, title: '  ' }));
    expect(blank.json).toMatchObject({ response_action: 'errors', errors: { title: expect.any(String) } });

    const scheduled = ack(await driver.submit(teacher, scheduleForm, { ...values, publish: 'lundi 18h' }));
    expect([scheduled.status, scheduled.text]).toEqual([200, '']); // the modal closes
    const confirmation = await lastPrivate(teacher);
    expect(confirmation?.text).toContain('n°1');
    expect(confirmation?.text).toContain('⚠️'); // 12 minutes is long for the default level

    // /quiz create 1 opens the quiz modal with the capsule in its state.
    await driver.slash(teacher, '/quiz', 'create 1');
    const quizForm = (await driver.formsOpenedFor(teacher.id)).at(-1);
    expect(quizForm).toMatchObject({ form: 'quiz.create', state: ['1', 'live'], fields: ['text'] });
    if (!quizForm) throw new Error('no quiz form');
    await driver.submit(teacher, quizForm, { text: quizText });
    expect((await lastPrivate(teacher))?.text).toContain('2 questions');

    // Nothing before 18:00; then the scheduler posts the capsule and the quiz.
    await settle();
    expect(await channel()).toHaveLength(1);
    clock.set(new Date('2026-11-23T17:00:00Z'));
    await settle();
    const capsuleCard = await find('Capsule n°1');
    expect(capsuleCard.links).toEqual([{ label: 'Voir la vidéo', url: 'https://video.example/fractions' }]);
    expect(capsuleCard.buttons.map((b) => b.label)).toEqual([
      "Je l'ai regardée",
      'Faire le quiz',
      'Poser une question',
    ]);
    const capsulePost = fake
      .callsTo('chat.postMessage')
      .find((c) => String(c.args.text).includes('Capsule n°1'));
    expect(capsulePost?.args).toMatchObject({ channel: CHANNEL, unfurl_links: 'false' });
    const q1Message = await find('Quiz —');
    const q2Message = await find('Quiz —');
    expect(q1Message.buttons).toHaveLength(3);
    expect(q2Message.selects[0]?.options).toHaveLength(6); // six options: a menu, not buttons
    const capsule = await testDb.db.capsule.findFirstOrThrow();
    const [q1, q2] = await testDb.db.quizQuestion.findMany({ orderBy: { position: 'asc' } });
    if (!q1 || !q2) throw new Error('no questions');

    // Three students watch and answer: Léa and Inès right, Hugo wrong (in his own language).
    for (const s of [lea, hugo, ines]) {
      const res = ack(
        await driver.press(s, { action: 'capsule.watched', args: [capsule.id] }, undefined, capsuleCard.ref),
      );
      expect([res.status, res.text]).toEqual([200, '']);
    }
    expect((await lastPrivate(lea))?.text).toContain('Bravo');
    await driver.press(lea, { action: 'quiz.answer', args: [q1.id, '1'] }, undefined, q1Message.ref);
    await driver.press(ines, { action: 'quiz.answer', args: [q1.id, '1'] }, undefined, q1Message.ref);
    await driver.press(hugo, { action: 'quiz.answer', args: [q1.id, '0'] }, undefined, q1Message.ref);
    expect((await lastPrivate(lea))?.text).toContain('✅');
    const wrong = await lastPrivate(hugo);
    expect(wrong?.text).toContain('Not quite');
    expect(wrong?.text).toContain('Same denominator');
    for (const s of [lea, hugo, ines]) {
      await driver.press(s, { action: 'quiz.answer', args: [q2.id] }, '5', q2Message.ref);
    }
    expect((await lastPrivate(ines))?.text).toContain('✅');
    // Feedback went privately through the response URLs, never to the channel.
    const feedback = fake.responses.filter((r) => JSON.stringify(r.body).includes('Bonne réponse'));
    expect(feedback.length).toBeGreaterThanOrEqual(4);
    expect(feedback.every((r) => (r.body as { response_type?: string }).response_type === 'ephemeral')).toBe(
      true,
    );
    await settle();
    const tally = (await find('Quiz —')).text;
    expect(tally).toContain('3 réponses');
    const updates = fake.callsTo('chat.update').map((c) => JSON.stringify(c.args));
    expect(updates.length).toBeGreaterThan(0);
    for (const update of updates) expect(update).not.toMatch(/Léa|Hugo|Inès|U0LEA|U0HUGO|U0INES/);

    // Hugo asks anonymously: choose anonymity, the modal, the question in the capsule's thread.
    await driver.press(hugo, { action: 'question.ask', args: [capsule.id] }, undefined, capsuleCard.ref);
    await driver.press(hugo, { action: 'question.form', args: [capsule.id, 'anon'] });
    const askForm = (await driver.formsOpenedFor(hugo.id)).at(-1);
    expect(askForm).toMatchObject({ form: 'question.askAnonymous', state: [capsule.id, 'anon'] });
    if (!askForm) throw new Error('no question form');
    await driver.submit(hugo, askForm, { text: 'Pourquoi le même dénominateur ?' });
    const asked = fake.callsTo('chat.postMessage').find((c) => String(c.args.text).includes('Pourquoi'));
    expect(asked?.args.thread_ts).toBe(capsuleCard.ref.messageId);
    expect(JSON.stringify(asked?.args)).not.toMatch(/Hugo|U0HUGO/);
    expect(JSON.stringify(asked?.args)).toContain('Question anonyme');
    const stored = await testDb.db.studentQuestion.findFirstOrThrow();
    expect(stored.authorId).toBeNull();

    // Two classmates upvote; the question's card is edited in place.
    const questionCard = await find('Question anonyme');
    await driver.press(lea, { action: 'question.upvote', args: [stored.id] }, undefined, questionCard.ref);
    await driver.press(ines, { action: 'question.upvote', args: [stored.id] }, undefined, questionCard.ref);
    await settle();
    expect((await find('Question anonyme')).text).toContain('2');
    const list = await (async () => {
      await driver.slash(teacher, '/questions', '');
      return lastPrivate(teacher);
    })();
    expect(list?.text).toContain('anonyme · ▲ 2');
    expect(list?.text).not.toContain('Hugo');

    // The teacher marks it from the private list: the list is replaced in place.
    await driver.press(teacher, { action: 'question.mark', args: [stored.id, 'selected'] });
    const replaced = fake.responses.at(-1)?.body as { replace_original?: boolean; text?: string };
    expect(replaced.replace_original).toBe(true);
    expect(JSON.stringify(replaced)).toContain('retenue');

    // 24 h before class: the channel reminder with counts, DM nudges to those who did not watch.
    clock.set(new Date('2026-11-25T09:00:00Z'));
    await settle();
    const reminder = await find('Rappel');
    expect(reminder.text).toContain('3/5');
    expect((await driver.directMessagesTo(zoe.id)).map((m) => m.title)).toEqual([
      'Avant le cours : Additionner des fractions',
    ]);
    for (const s of [lea, hugo, ines]) expect(await driver.directMessagesTo(s.id)).toHaveLength(0);
    const tomRow = await testDb.db.member.findFirstOrThrow({ where: { platformUserId: tom.id } });
    expect(tomRow.dmClosedAt).not.toBeNull(); // messages_tab_disabled: remembered, not retried
    const refusedDm = fake
      .callsTo('chat.postMessage')
      .filter((c) => c.response.error === 'messages_tab_disabled');
    expect(refusedDm).toHaveLength(1);

    // At the session the quiz closes: results shown, no more buttons; a late click is refused.
    clock.set(new Date('2026-11-26T09:00:00Z'));
    await settle();
    const closed = await find('Quiz —');
    expect(closed.buttons).toHaveLength(0);
    expect(closed.text).toContain('✅');
    await driver.send(
      fake.blockAction({
        userId: zoe.id,
        actionId: 'iv.b.1',
        blockId: `iv|${CHANNEL}|0`,
        value: encodeAction('quiz.answer', [q1.id, '1']),
        channelId: CHANNEL,
        messageTs: closed.ref.messageId,
      }),
      zoe.id,
    );
    expect((await lastPrivate(zoe))?.text).toContain('fermé');
    expect(await testDb.db.answer.count()).toBe(6);
    const jobs = await testDb.db.job.findMany();
    expect(jobs.every((j) => ['done', 'skipped'].includes(j.state))).toBe(true);
    // Every private answer used a response URL: no ephemeral needed the bot in the channel.
    expect(fake.callsTo('chat.postEphemeral')).toHaveLength(0);
  });
});
