// The platform contract: what every ChatPlatform (sandbox, Discord, Slack) must do for the core to
// work on it. Each platform supplies a ContractDriver that plays its users (commands, clicks, form
// submissions) and reads what they see; the suite runs the real core on a fresh SQLite database
// against it. A platform passes when people on it can do what the core promises, whatever the wire.

import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/card.ts';
import { ManualClock } from '../../src/core/clock.ts';
import type { Dispatcher } from '../../src/core/dispatcher.ts';
import type { MessageRef } from '../../src/core/events.ts';
import type { ChannelAddress, ChatPlatform } from '../../src/core/platform.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import type { Core } from '../../src/wiring.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';

/** A person the suite acts as. Ids are numeric strings so they are valid on every platform. */
export interface ContractUser {
  id: string;
  name: string;
  locale: string;
}

/** The people of the suite. Drivers that must know members in advance (the sandbox) register these. */
export const contractUsers = {
  teacher: { id: '300000000000000001', name: 'Mme Martin', locale: 'fr' },
  lea: { id: '300000000000000002', name: 'Léa', locale: 'fr' },
  hugo: { id: '300000000000000003', name: 'Hugo', locale: 'en-GB' },
} as const satisfies Record<string, ContractUser>;

/** A control as a user sees it, decoded back to the action it triggers. */
export interface ObservedButton {
  label: string;
  action: string;
  args: string[];
}

/** A menu as a user sees it. */
export interface ObservedSelect {
  action: string;
  args: string[];
  placeholder: string;
  options: { value: string; label: string }[];
}

/** A message as a user sees it: its visible text, its controls, and the ref the platform gave it. */
export interface ObservedMessage {
  ref: MessageRef;
  title?: string;
  /** Body text, field labels and values, footer: everything readable, one piece per line. */
  text: string;
  buttons: ObservedButton[];
  links: { label: string; url: string }[];
  selects: ObservedSelect[];
}

/** A form (modal, dialog) that was opened for a user. */
export interface OpenedForm {
  form: string;
  state: string[];
  /** Ids of its fields, in order. */
  fields: string[];
  /** What its fields were filled in with when it opened, by field id (blank fields left out). */
  values: Record<string, string>;
}

/** What the author of a form sees right after submitting it. */
export interface FormAnswer {
  /** The form stayed open with what was typed (a dialog or modal that can show mistakes). */
  keptOpen: boolean;
  /** Mistakes shown under each field while it stays open, by field id. */
  fieldErrors: Record<string, string>;
  /** Mistakes shown above the fields. */
  general: string;
}

/** A control to press: the action and arguments a card gave it. */
export interface ControlTarget {
  action: string;
  args: string[];
}

/**
 * How the suite drives one platform. Every method acts or reads through the platform's real wire
 * (a fake server, a web route...), never by calling the dispatcher directly, so translation bugs show.
 * Every action method resolves once the platform has answered the user (the reply has left).
 */
export interface ContractDriver {
  /** The platform under test; the suite builds the core with it. */
  readonly platform: ChatPlatform;
  /** The channel the class lives in. */
  readonly place: ChannelAddress;
  /** Starts the platform with the core's dispatcher and waits until it receives events. */
  start(dispatcher: Dispatcher): Promise<void>;
  /** Stops the platform and whatever fake it runs against. */
  stop(): Promise<void>;
  /** Runs a command such as `capsule schedule` with typed arguments, as `user`, in the class channel. */
  command(
    user: ContractUser,
    command: string,
    args?: Record<string, string | number | boolean>,
  ): Promise<void>;
  /** Presses a button; `message` is the message it is on (required where the platform needs it). */
  click(user: ContractUser, control: ControlTarget, message?: MessageRef): Promise<void>;
  /** Picks `value` in a menu. */
  select(user: ContractUser, control: ControlTarget, value: string, message?: MessageRef): Promise<void>;
  /** Submits a form opened earlier (see `formsOpenedFor`) with these values. */
  submitForm(user: ContractUser, form: OpenedForm, values: Record<string, string>): Promise<FormAnswer>;
  /** What the platform suggests while `user` types `partial` in an option with autocomplete. */
  autocomplete(
    user: ContractUser,
    command: string,
    option: string,
    partial: string,
  ): Promise<{ value: string; label: string }[]>;
  /** Messages of the class channel everyone sees (not private replies), oldest first, latest versions. */
  channelMessages(): Promise<ObservedMessage[]>;
  /** Replies only `userId` sees in the channel (ephemeral), oldest first. */
  privateMessagesTo(userId: string): Promise<ObservedMessage[]>;
  /** Direct messages to `userId`, oldest first. */
  directMessagesTo(userId: string): Promise<ObservedMessage[]>;
  /** Forms opened for `userId`, oldest first. */
  formsOpenedFor(userId: string): Promise<OpenedForm[]>;
  /** Makes `userId` refuse direct messages, as their platform lets people do. */
  closeDms(userId: string): Promise<void>;
  /** How many times the platform tried to deliver a direct message to `userId` (when it can tell). */
  directAttempts?(userId: string): Promise<number>;
}

const quizText = `? 1/2 + 1/4 = ?
- 2/6
* 3/4
- 1/3

? Which month has 28 days?
- January
- February only
- March
- April
- May
* All of them`;

/** A wall-clock date in Paris `days` days after `from`, as a teacher would type it unambiguously. */
function parisDate(from: Date, days: number, hour: number): string {
  return DateTime.fromJSDate(from, { zone: 'Europe/Paris' })
    .plus({ days })
    .set({ hour, minute: 0, second: 0, millisecond: 0 })
    .toFormat('yyyy-MM-dd HH:mm');
}

/** Registers the suite for one platform. `makeDriver` is called once per test. */
export function platformContract(name: string, makeDriver: () => Promise<ContractDriver>): void {
  describe(`platform contract: ${name}`, () => {
    let testDb: TestDb;
    let driver: ContractDriver;
    let core: Core;
    let clock: ManualClock;
    const { teacher, lea, hugo } = contractUsers;
    const i18n = createI18n('fr');

    beforeEach(async () => {
      testDb = await sqliteTestDb();
      driver = await makeDriver();
      // Real time for the core's clock start: platforms (Discord events) refuse dates in their past.
      clock = new ManualClock(new Date());
      core = testCore({
        db: testDb.db,
        clock,
        i18n,
        platforms: [driver.platform],
        instanceId: 'contract',
      });
      await driver.start(core.dispatcher);
    });

    afterEach(async () => {
      await core.services.quizzes.tallies.flush();
      await driver.stop();
      await testDb.close();
    });

    const setUp = async () => {
      await driver.command(teacher, 'setup', { name: '4e B', level: 'college' });
    };
    const schedule = async (title = 'Fractions') => {
      const now = clock.now();
      await driver.command(teacher, 'capsule schedule', {
        title,
        url: 'https://video.example/fractions',
        publish: parisDate(now, 1, 18),
        session: parisDate(now, 3, 10),
      });
    };
    const capsuleMessage = async (): Promise<ObservedMessage> => {
      const found = (await driver.channelMessages()).find((m) => m.title?.includes('Capsule n°1'));
      if (!found) throw new Error('the capsule card is not in the channel');
      return found;
    };
    const lastPrivate = async (user: ContractUser) => (await driver.privateMessagesTo(user.id)).at(-1);

    it('makes the one who sets the class up its teacher', async () => {
      await setUp();
      const posted = await driver.channelMessages();
      expect(posted.map((m) => m.title)).toContain(
        i18n.t('fr')('commands:setup.doneTitle', { name: '4e B' }),
      );
      expect(await driver.privateMessagesTo(teacher.id)).toHaveLength(1);
      await schedule();
      expect((await lastPrivate(teacher))?.text).toContain('n°1');
      const member = await testDb.db.member.findFirstOrThrow({ where: { platformUserId: teacher.id } });
      expect(member.role).toBe('teacher');
      expect(await testDb.db.capsule.count()).toBe(1);
    });

    it('refuses a teacher command to a student, privately, and posts nothing', async () => {
      await setUp();
      await driver.command(lea, 'help');
      const before = (await driver.channelMessages()).length;
      await schedule(); // as the teacher: one capsule exists
      await driver.command(lea, 'capsule cancel', { capsule: '1' });
      expect((await lastPrivate(lea))?.text).toContain(i18n.t('fr')('errors:teachersOnly'));
      expect(await driver.channelMessages()).toHaveLength(before);
      expect((await testDb.db.capsule.findFirstOrThrow()).status).toBe('scheduled');
    });

    it('shows private replies to the one who acted only', async () => {
      await setUp();
      const channel = (await driver.channelMessages()).length;
      await driver.command(hugo, 'help');
      const hugos = await driver.privateMessagesTo(hugo.id);
      expect(hugos).toHaveLength(1);
      expect(hugos[0]?.title).toBe(i18n.t('en')('commands:help.title')); // Hugo's own language
      expect(await driver.privateMessagesTo(lea.id)).toHaveLength(0);
      expect(await driver.privateMessagesTo(teacher.id)).toHaveLength(1); // the set-up hint only
      expect(await driver.channelMessages()).toHaveLength(channel);
    });

    it('posts the capsule card with its link and buttons, and edits it in place', async () => {
      await setUp();
      await schedule();
      await driver.command(teacher, 'capsule post', { capsule: '1' });
      const card = await capsuleMessage();
      expect(card.links).toEqual([{ label: 'Voir la vidéo', url: 'https://video.example/fractions' }]);
      const capsule = await testDb.db.capsule.findFirstOrThrow();
      expect(card.buttons.map((b) => [b.label, b.action, b.args])).toEqual([
        ["Je l'ai regardée", 'capsule.watched', [capsule.id]],
        ['Poser une question', 'question.ask', [capsule.id]],
      ]);
      const count = (await driver.channelMessages()).length;

      await driver.command(teacher, 'capsule edit', { capsule: '1', title: 'Fractions (suite)' });
      const edited = (await driver.channelMessages()).find((m) => m.ref.messageId === card.ref.messageId);
      expect(edited?.title).toContain('Fractions (suite)');
      await driver.platform.update(card.ref, { title: 'Replaced', text: 'In **place**' });
      const replaced = (await driver.channelMessages()).find((m) => m.ref.messageId === card.ref.messageId);
      expect(replaced?.title).toBe('Replaced');
      expect(replaced?.text).toContain('place');
      expect(await driver.channelMessages()).toHaveLength(count);
    });

    it('shows a post made twice with the same idempotency key once', async () => {
      const card: Card = { title: 'Rappel', text: 'Demain en classe' };
      const first = await driver.platform.post(driver.place, card, { idempotencyKey: 'reminder:c1:1440' });
      const second = await driver.platform.post(driver.place, card, { idempotencyKey: 'reminder:c1:1440' });
      expect(second.messageId).toBe(first.messageId);
      const other = await driver.platform.post(driver.place, card, { idempotencyKey: 'reminder:c1:60' });
      expect(other.messageId).not.toBe(first.messageId);
      expect((await driver.channelMessages()).filter((m) => m.title === 'Rappel')).toHaveLength(2);
    });

    it('opens a form and delivers its submission to the handler', async () => {
      await setUp();
      await schedule();
      await driver.command(teacher, 'quiz create', { capsule: '1' });
      const [form] = await driver.formsOpenedFor(teacher.id);
      expect(form).toMatchObject({ form: 'quiz.create', state: ['1', 'live'], fields: ['text'] });
      await driver.submitForm(teacher, form as OpenedForm, { text: quizText });
      expect((await lastPrivate(teacher))?.text).toContain('2');
      expect(await testDb.db.quizQuestion.count()).toBe(2);
    });

    it('asks before replacing a quiz, with buttons only the teacher sees, and shows it privately', async () => {
      await setUp();
      await schedule();
      await driver.command(teacher, 'quiz create', { capsule: '1', text: quizText });
      await driver.command(teacher, 'quiz create', { capsule: '1', text: '? Nouvelle ?\n* oui\n- non' });
      const ask = await lastPrivate(teacher);
      const replace = ask?.buttons.find((b) => b.action === 'quiz.replace');
      if (!ask || !replace) throw new Error('no confirmation with a Replace button');
      expect(await testDb.db.quizQuestion.count()).toBe(2);
      await driver.click(teacher, replace); // on a private reply: no channel message to name
      const questions = await testDb.db.quizQuestion.findMany();
      expect(questions.map((q) => q.prompt)).toEqual(['Nouvelle ?']);
      const channel = (await driver.channelMessages()).length;
      await driver.command(teacher, 'quiz show', { capsule: '1' });
      const shown = await driver.privateMessagesTo(teacher.id);
      expect(shown.at(-1)?.text).toContain('oui ✅');
      expect(await driver.channelMessages()).toHaveLength(channel);
    });

    it('delivers a button click and a menu choice to their actions', async () => {
      await setUp();
      await schedule();
      await driver.command(teacher, 'quiz create', { capsule: '1', text: quizText });
      await driver.command(lea, 'help');
      await driver.command(teacher, 'capsule post', { capsule: '1' });
      const card = await capsuleMessage();
      const watched = card.buttons.find((b) => b.action === 'capsule.watched') as ObservedButton;
      await driver.click(lea, watched, card.ref);
      expect(await testDb.db.capsuleView.count()).toBe(1);
      expect((await lastPrivate(lea))?.text).toContain('Bravo');

      // The second question has six options: more than a row of buttons, so a menu.
      const quiz = (await driver.channelMessages()).filter(
        (m) => m.selects.length > 0 || m.buttons.length > 0,
      );
      const menu = quiz.flatMap((m) => m.selects.map((s) => ({ s, ref: m.ref }))).at(0);
      if (!menu) throw new Error('the six-option question is not a menu');
      expect(menu.s.options).toHaveLength(6);
      const last = menu.s.options.at(-1) as { value: string };
      await driver.select(lea, menu.s, last.value, menu.ref);
      expect((await lastPrivate(lea))?.text).toContain('✅');
      expect(await testDb.db.answer.count()).toBe(1);
    });

    it("answers 'closed' for a user whose direct messages are closed, and does not retry", async () => {
      await setUp();
      await driver.command(lea, 'help');
      await driver.closeDms(lea.id);
      const card: Card = { text: 'Pense à regarder la capsule' };
      const result = await driver.platform.sendDirect(
        { workspaceId: driver.place.workspaceId, platformUserId: lea.id },
        card,
      );
      expect(result).toEqual({ status: 'closed' });
      expect(await driver.directMessagesTo(lea.id)).toHaveLength(0);
      const attempts = await driver.directAttempts?.(lea.id);
      if (attempts !== undefined) expect(attempts).toBeLessThanOrEqual(1);

      // The core remembers it: a second nudge does not knock again.
      const klass = await testDb.db.class.findFirstOrThrow();
      const member = await testDb.db.member.findFirstOrThrow({ where: { platformUserId: lea.id } });
      expect(await core.services.outbox.direct(klass, member, card)).toBe('closed');
      const again = await testDb.db.member.findFirstOrThrow({ where: { platformUserId: lea.id } });
      expect(await core.services.outbox.direct(klass, again, card)).toBe('skipped');
      if (attempts !== undefined) expect(await driver.directAttempts?.(lea.id)).toBe(attempts + 1);

      await driver.command(hugo, 'help');
      const sent = await driver.platform.sendDirect(
        { workspaceId: driver.place.workspaceId, platformUserId: hugo.id },
        card,
      );
      expect(sent.status).toBe('sent');
      expect((await driver.directMessagesTo(hugo.id)).map((m) => m.text)).toEqual([
        'Pense à regarder la capsule',
      ]);
    });

    it('suggests capsules while typing', async () => {
      await setUp();
      await schedule('Fractions');
      await schedule('Géométrie');
      const suggestions = await driver.autocomplete(teacher, 'capsule cancel', 'capsule', 'fra');
      expect(suggestions).toEqual([{ value: '1', label: '#1 Fractions' }]);
      const all = await driver.autocomplete(teacher, 'quiz create', 'capsule', '');
      expect(all.map((s) => s.value)).toEqual(['2', '1']);
    });
  });
}
