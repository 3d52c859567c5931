// Bad input through Discord: each case gets one clear ephemeral answer, posts nothing in the channel,
// and leaves the database as it was.

import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import type { Core } from '../../src/wiring.ts';
import { CHANNEL, type DiscordDriver, makeDiscordDriver } from '../contract/discord-driver.ts';
import type { ContractUser } from '../contract/platform-contract.ts';
import type { SentInteraction } from '../fakes/discord/fake-discord.ts';
import { testCore } from '../support/core.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';

const teacher: ContractUser = { id: '300000000000000001', name: 'Mme Martin', locale: 'fr' };
const lea: ContractUser = { id: '300000000000000002', name: 'Léa', locale: 'fr' };
const fr = createI18n('fr').t('fr');
const hugo: ContractUser = { id: '300000000000000003', name: 'Hugo', locale: 'en-GB' };

let testDb: TestDb;
let driver: DiscordDriver;
let core: Core;
let snapshot: string;
let channelPosts: number;

/** Everything the cases could change. */
async function state(): Promise<string> {
  const db = testDb.db;
  return JSON.stringify([
    await db.capsule.findMany({ orderBy: { number: 'asc' } }),
    await db.quiz.count(),
    await db.capsuleView.count(),
    await db.answer.count(),
    await db.studentQuestion.count(),
    await db.member.findMany({ select: { role: true }, orderBy: { platformUserId: 'asc' } }),
  ]);
}

/** The one answer to an interaction: an ephemeral message; returns its text. */
function ephemeralText(sent: SentInteraction): string {
  const callbacks = driver.fake.calls.filter(
    (c) => c.path === `/interactions/${sent.id}/${sent.token}/callback`,
  );
  expect(callbacks).toHaveLength(1);
  const body = callbacks[0]?.body as {
    type: number;
    data: { flags: number; content?: string; embeds?: { description?: string; color?: number }[] };
  };
  expect(body.type).toBe(4);
  expect(body.data.flags).toBe(64);
  return `${body.data.content ?? ''}${body.data.embeds?.[0]?.description ?? ''}`;
}

beforeAll(async () => {
  testDb = await sqliteTestDb();
  driver = await makeDiscordDriver({ users: [teacher, lea, hugo] });
  const now = DateTime.now().setZone('Europe/Paris');
  core = testCore({
    db: testDb.db,
    clock: new ManualClock(now.toJSDate()),
    platforms: [driver.platform],
    instanceId: 'discord-bad-input',
  });
  await driver.start(core.dispatcher);
  await driver.command(teacher, 'setup', { name: '4e B' });
  await driver.command(lea, 'help');
  await driver.command(teacher, 'capsule schedule', {
    title: 'Fractions',
    url: 'https://video.example/fractions',
    publish: now.plus({ days: 1 }).toFormat('yyyy-MM-dd HH:mm'),
    session: now.plus({ days: 3 }).toFormat('yyyy-MM-dd HH:mm'),
  });
  await driver.command(teacher, 'capsule post', { capsule: '1' });
});

afterAll(async () => {
  await driver?.stop();
  await testDb?.close();
});

beforeEach(async () => {
  snapshot = await state();
  channelPosts = driver.fake.callsTo('POST', `/channels/${CHANNEL}/messages`).length;
});

async function unchanged(): Promise<void> {
  expect(await state()).toBe(snapshot);
  expect(driver.fake.callsTo('POST', `/channels/${CHANNEL}/messages`)).toHaveLength(channelPosts);
}

describe('bad input through Discord', () => {
  it('answers an option value out of range (Discord checks it in the client, not on the wire)', async () => {
    const sent = await driver.settle(
      driver.fake.sendSlashCommand({
        name: 'capsule',
        subcommand: 'edit',
        options: { capsule: '1', minutes: 900 },
        user: teacher.id,
        locale: 'fr',
      }),
    );
    expect(ephemeralText(sent)).toContain('180');
    await unchanged();
  });

  it('answers a modal with a date that cannot be read', async () => {
    const sent = await driver.settle(
      driver.fake.sendModalSubmit({
        customId: 'form:capsule.schedule',
        fields: {
          title: 'Géométrie',
          url: 'https://video.example/geo',
          publish: 'quand tu veux',
          session: 'jeudi 10h',
          minutes: '',
        },
        user: teacher.id,
        locale: 'fr',
      }),
    );
    expect(ephemeralText(sent)).toContain('quand tu veux');
    await unchanged();
  });

  it('answers a button of a capsule that no longer exists, and a button this process forgot', async () => {
    const message = (await driver.channelMessages()).find((m) => m.title?.startsWith('Capsule'));
    const gone = await driver.settle(
      driver.fake.sendButton({
        customId: 'capsule.watched:cm-deleted-capsule',
        messageId: message?.ref.messageId,
        user: lea.id,
        locale: 'fr',
      }),
    );
    expect(ephemeralText(gone)).toMatch(/capsule/i);
    const forgotten = await driver.settle(
      driver.fake.sendButton({ customId: '~forgotten-token', user: lea.id, locale: 'en-GB' }),
    );
    expect(ephemeralText(forgotten)).toMatch(/button|bouton/i);
    await unchanged();
  });

  it('refuses a teacher command to a student', async () => {
    const sent = await driver.settle(
      driver.fake.sendSlashCommand({
        name: 'capsule',
        subcommand: 'cancel',
        options: { capsule: '1' },
        user: lea.id,
        locale: 'fr',
      }),
    );
    expect(ephemeralText(sent)).toContain('Seuls les professeurs');
    await unchanged();
  });

  it("refuses a teacher's form to a student before it opens", async () => {
    const sent = await driver.settle(
      driver.fake.sendSlashCommand({ name: 'capsule', subcommand: 'schedule', user: lea.id, locale: 'fr' }),
    );
    // One answer, the refusal: no modal to fill in first.
    expect(ephemeralText(sent)).toContain('Seuls les professeurs');
    await unchanged();
  });

  it('tells the person, with an error id, when Discord refuses the modal', async () => {
    driver.fake.failRoute({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 400 });
    const sent = await driver.settle(
      driver.fake.sendSlashCommand({
        name: 'capsule',
        subcommand: 'schedule',
        user: teacher.id,
        locale: 'fr',
      }),
    );
    const callbacks = driver.fake.calls.filter(
      (c) => c.path === `/interactions/${sent.id}/${sent.token}/callback`,
    );
    expect(callbacks.map((c) => [c.status, (c.body as { type: number }).type])).toEqual([
      [400, 9],
      [204, 4],
    ]);
    const body = callbacks[1]?.body as { data: { content?: string; embeds?: { description?: string }[] } };
    const text = `${body.data.content ?? ''}${body.data.embeds?.[0]?.description ?? ''}`;
    const id = /([0-9a-f]{8})\.$/.exec(text)?.[1];
    expect(id, text).toBeDefined();
    expect(text).toContain(fr('errors:unexpected', { id }));
    await unchanged();
  });

  it('answers a student who submits a teacher form', async () => {
    const sent = await driver.settle(
      driver.fake.sendModalSubmit({
        customId: 'form:quiz.create:1:live',
        fields: { text: '? Q\n* a\n- b' },
        user: lea.id,
        locale: 'fr',
      }),
    );
    expect(ephemeralText(sent)).toContain('Seuls les professeurs');
    await unchanged();
  });

  it('answers a command sent from a direct message', async () => {
    const sent = await driver.settle(
      driver.fake.sendSlashCommand({ name: 'help', guildId: null, user: hugo.id, locale: 'en-GB' }),
    );
    expect(ephemeralText(sent)).toContain('class channel of a server');
    await unchanged();
  });

  it('answers a modal whose form this process forgot', async () => {
    const sent = await driver.settle(
      driver.fake.sendModalSubmit({
        customId: '~forgotten-form',
        fields: { text: 'x' },
        user: lea.id,
        locale: 'fr',
      }),
    );
    expect(ephemeralText(sent)).toContain('plus disponible');
    await unchanged();
  });
  it('answers a lone surrogate or U+0000 in free text, and a capsule number beyond the integer range', async () => {
    for (const text of ['Pourquoi \uD800 ?', 'Pourquoi\u0000 ?']) {
      const sent = await driver.settle(
        driver.fake.sendSlashCommand({ name: 'ask', options: { text }, user: lea.id, locale: 'fr' }),
      );
      expect(ephemeralText(sent)).toContain('ne peuvent pas être enregistrés');
    }
    for (const capsule of ['99999999999999999999', '2147483648']) {
      const sent = await driver.settle(
        driver.fake.sendSlashCommand({
          name: 'quiz',
          subcommand: 'close',
          options: { capsule },
          user: teacher.id,
          locale: 'fr',
        }),
      );
      expect(ephemeralText(sent)).toContain(capsule);
    }
    await unchanged();
  });
});
