// The Discord platform's own rules, against the fake Discord with a tiny catalogue: answering within
// Discord's 3 seconds (defer, then fill), forms that can no longer open as modals, quiet
// acknowledgements, start-up errors, rendering limits and scheduled-event permissions.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/card.ts';
import type { Catalogue } from '../../src/core/commands.ts';
import { type Directory, Dispatcher } from '../../src/core/dispatcher.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { buildCommands } from '../../src/platforms/discord/command-builder.ts';
import { CustomIdStore } from '../../src/platforms/discord/custom-ids.ts';
import { DiscordStartError } from '../../src/platforms/discord/gateway.ts';
import { createDiscordPlatform, nonceOf } from '../../src/platforms/discord/platform.ts';
import { renderCard } from '../../src/platforms/discord/render.ts';
import { CHANNEL, type DiscordDriver, GUILD, makeDiscordDriver } from '../contract/discord-driver.ts';
import { type FakeDiscord, type SentInteraction, startFakeDiscord } from '../fakes/discord/fake-discord.ts';

const i18n = createI18n('fr');
const seen: { form?: string[]; values?: Record<string, string> } = {};

// Description keys borrow existing strings: only the behaviour matters here.
const catalogue: Catalogue<unknown> = {
  commands: [
    {
      name: 'slow',
      descriptionKey: 'commands:help.description',
      access: 'anyone',
      options: [],
      async handler({ reply }) {
        await sleep(200);
        await reply.private('slow done');
        await reply.private('and a follow-up');
      },
    },
    {
      name: 'slowform',
      descriptionKey: 'commands:help.description',
      access: 'anyone',
      options: [],
      async handler({ reply }) {
        await sleep(200);
        await reply.openForm({ form: 'note', state: ['x', 'y'] });
      },
    },
    {
      name: 'quiet',
      descriptionKey: 'commands:help.description',
      access: 'anyone',
      options: [],
      async handler() {},
    },
    {
      name: 'announce',
      descriptionKey: 'commands:help.description',
      access: 'anyone',
      options: [],
      async handler({ reply }) {
        await reply.public({ title: 'Announcement', text: 'To **everyone**' });
      },
    },
  ],
  forms: [
    {
      id: 'note',
      titleKey: 'commands:forms.ask.title',
      access: 'anyone',
      fields: [{ id: 'body', labelKey: 'commands:forms.ask.text', style: 'paragraph', required: true }],
      async handler({ state, values, reply }) {
        seen.form = state;
        seen.values = values;
        await reply.private('noted');
      },
    },
  ],
  actions: [
    {
      action: 'noop',
      access: 'anyone',
      async handler() {},
    },
    {
      action: 'slowupdate',
      access: 'anyone',
      async handler({ reply }) {
        await sleep(200);
        await reply.update?.({ text: 'updated late' });
      },
    },
  ],
};

const directory: Directory = { resolve: async () => null };

let driver: DiscordDriver;
const callbacks = (sent: SentInteraction) =>
  driver.fake.calls.filter((c) => c.path === `/interactions/${sent.id}/${sent.token}/callback`);
const webhookCalls = (sent: SentInteraction) =>
  driver.fake.calls.filter((c) => c.path.startsWith(`/webhooks/${driver.fake.applicationId}/${sent.token}`));

/** The test catalogue behind a real dispatcher, as every test here starts it. */
function testDispatcher(): Dispatcher {
  return new Dispatcher({
    catalogue,
    services: {},
    directory,
    i18n,
    logger: silentLogger,
    now: () => new Date(),
  });
}

beforeAll(async () => {
  driver = await makeDiscordDriver({ deferAfterMs: 50 });
  const dispatcher = testDispatcher();
  await driver.start(dispatcher as Dispatcher);
});

afterAll(async () => {
  await driver?.stop();
});

describe('answering within Discord’s 3 seconds', () => {
  it('defers a slow handler ephemerally, fills the placeholder, then follows up', async () => {
    const sent = await driver.settle(driver.fake.sendSlashCommand({ name: 'slow', locale: 'fr' }));
    expect(callbacks(sent).map((c) => c.body)).toEqual([{ type: 5, data: { flags: 64 } }]);
    const hooks = webhookCalls(sent);
    expect(hooks.map((c) => `${c.method} ${c.path.split('/').slice(4).join('/')}`)).toEqual([
      'PATCH messages/@original',
      'POST ',
    ]);
    expect(hooks[1]?.body).toMatchObject({ content: 'and a follow-up', flags: 64 });
  });

  it('offers a button when a form can no longer open as a modal, and the button opens it', async () => {
    const sent = await driver.settle(driver.fake.sendSlashCommand({ name: 'slowform', locale: 'en-GB' }));
    expect(callbacks(sent)[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
    const filled = webhookCalls(sent)[0]?.body as {
      components: { components: { custom_id: string; label: string }[] }[];
    };
    const button = filled.components[0]?.components[0];
    expect(button).toMatchObject({ label: 'Open the form', custom_id: 'inverso-open-form:note:x:y' });
    const opened = await driver.settle(driver.fake.sendButton({ customId: button!.custom_id }));
    expect(callbacks(opened)[0]?.body).toMatchObject({ type: 9, data: { custom_id: 'form:note:x:y' } });
    await driver.settle(
      driver.fake.sendModalSubmit({ customId: 'form:note:x:y', fields: { body: 'hello' } }),
    );
    expect(seen).toEqual({ form: ['x', 'y'], values: { body: 'hello' } });
  });

  it('acknowledges a silent command privately and a silent button without a message', async () => {
    const quiet = await driver.settle(driver.fake.sendSlashCommand({ name: 'quiet', locale: 'fr' }));
    expect(callbacks(quiet)[0]?.body).toMatchObject({ type: 4, data: { content: "C'est fait.", flags: 64 } });
    const noop = await driver.settle(driver.fake.sendButton({ customId: 'noop' }));
    expect(callbacks(noop)[0]?.body).toEqual({ type: 6 });
  });

  it('shows a late update privately once the interaction was deferred', async () => {
    const sent = await driver.settle(driver.fake.sendButton({ customId: 'slowupdate' }));
    expect(callbacks(sent)[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(webhookCalls(sent)[0]?.body).toMatchObject({ content: 'updated late' });
  });

  it('posts a public answer as a normal channel message, without mentions', async () => {
    const before = driver.fake.messages(CHANNEL).length;
    const sent = await driver.settle(driver.fake.sendSlashCommand({ name: 'announce', locale: 'fr' }));
    const posted = driver.fake
      .messages(CHANNEL)
      .slice(before)
      .filter((m) => (m.flags & 64) === 0);
    expect(posted.map((m) => (m.embeds[0] as { title: string }).title)).toEqual(['Announcement']);
    expect(callbacks(sent)[0]?.body).toMatchObject({ type: 4, data: { flags: 64 } });
  });
});

describe('starting', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(async () => fake?.close());

  it('rejects a wrong token with one clear error naming Discord and the token, and does not retry', async () => {
    const platform = createDiscordPlatform({
      token: 'not-the-token',
      apiUrl: fake.apiUrl,
      rest: { retries: 0, timeout: 2000 },
      logger: silentLogger,
    });
    const dispatcher = testDispatcher();
    const start = platform.start(dispatcher as Dispatcher);
    await expect(start).rejects.toBeInstanceOf(DiscordStartError);
    await expect(start).rejects.toThrow(
      'Discord: the token in DISCORD_TOKEN was refused (401). Check the bot token in the Developer Portal',
    );
    const attempts = fake.callsTo('GET', '/gateway/bot').length;
    await sleep(500);
    expect(fake.callsTo('GET', '/gateway/bot')).toHaveLength(attempts);
    expect(platform.client).toBeNull();
    await platform.stop();
  });

  it('names the API address when Discord cannot be reached', async () => {
    const platform = createDiscordPlatform({
      token: 'any',
      apiUrl: 'http://127.0.0.1:9/api',
      rest: { retries: 0, timeout: 1000 },
      logger: silentLogger,
      readyTimeoutMs: 5000,
    });
    const dispatcher = testDispatcher();
    await expect(platform.start(dispatcher as Dispatcher)).rejects.toThrow(
      /^Discord: could not connect .*127\.0\.0\.1:9/,
    );
  });
});

describe('rendering within Discord’s limits', () => {
  const ids = new CustomIdStore();
  const button = (i: number) => ({
    kind: 'button' as const,
    action: 'x.y',
    args: [String(i)],
    label: `B${i}`,
  });

  it('splits long rows and turns what does not fit in five rows into a menu', () => {
    const wide = renderCard({ text: 't', controls: [Array.from({ length: 12 }, (_, i) => button(i))] }, ids);
    expect(wide.components.map((r) => r.components.length)).toEqual([5, 5, 2]);
    const tall = renderCard(
      {
        text: 't',
        controls: Array.from({ length: 10 }, (_, r) => [button(r * 3), button(r * 3 + 1), button(r * 3 + 2)]),
      },
      ids,
    );
    expect(tall.components).toHaveLength(5);
    const menu = tall.components[4]?.components[0];
    expect(menu).toMatchObject({ type: 3, custom_id: 'inverso-pick' });
    expect(menu?.type === 3 && menu.options.map((o) => o.value)).toEqual(
      Array.from({ length: 18 }, (_, i) => `x.y:${i + 12}`),
    );
  });

  it('cuts labels, long custom ids, embeds and fields to size', () => {
    const long = 'é'.repeat(300);
    const card: Card = {
      title: long,
      text: 'x'.repeat(5000),
      fields: Array.from({ length: 30 }, (_, i) => ({ label: `f${i}`, value: long.repeat(5) })),
      controls: [
        [{ kind: 'button', action: 'question.mark', args: ['a'.repeat(120), 'answered'], label: long }],
      ],
      tone: 'error',
    };
    const out = renderCard(card, ids);
    const embed = out.embeds[0]!;
    expect(embed.title?.length).toBe(256);
    expect(embed.fields?.length).toBeGreaterThan(0);
    expect(embed.fields?.length).toBeLessThanOrEqual(25);
    expect(embed.fields?.every((f) => f.value.length <= 1024)).toBe(true);
    expect(embed.color).toBe(0xed4245);
    const total =
      (embed.title?.length ?? 0) +
      (embed.description?.length ?? 0) +
      (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    const control = out.components[0]?.components[0] as { label: string; custom_id: string };
    expect(control.label).toHaveLength(80);
    expect(control.label.endsWith('…')).toBe(true);
    expect(control.custom_id.length).toBeLessThanOrEqual(100);
    expect(ids.decode(control.custom_id)).toEqual({
      action: 'question.mark',
      args: ['a'.repeat(120), 'answered'],
    });
  });

  it('sends plain text as content, images as attachments, and links as link buttons', () => {
    expect(renderCard({ text: 'Bravo' }, ids)).toMatchObject({ content: 'Bravo', embeds: [] });
    const chart = renderCard(
      {
        title: 'Résultats',
        image: { filename: 'Quiz Chart', png: new Uint8Array([137, 80]), alt: 'bars' },
        controls: [[{ kind: 'link', url: 'https://v.example', label: 'Voir' }]],
      },
      ids,
    );
    expect(chart.embeds[0]?.image).toEqual({ url: 'attachment://quiz-chart.png' });
    expect(chart.files).toEqual([{ name: 'quiz-chart.png', data: Buffer.from([137, 80]) }]);
    expect(chart.components[0]?.components[0]).toEqual({
      type: 2,
      style: 5,
      label: 'Voir',
      url: 'https://v.example',
    });
  });

  it('makes nonces Discord accepts, the same for the same key', () => {
    const key = 'reminder:cmwqtw7f50008k97ditt948zg:1440';
    expect(nonceOf(key)).toHaveLength(25);
    expect(nonceOf(key)).toBe(nonceOf(key));
    expect(nonceOf(key)).not.toBe(nonceOf(`${key}x`));
  });

  it('builds commands Discord accepts: valid names, short descriptions, required options first', async () => {
    const { buildCatalogue } = await import('../../src/commands/index.ts');
    const commands = buildCommands(buildCatalogue().commands, i18n);
    const name = /^[-_'\p{L}\p{N}]{1,32}$/u;
    const check = (
      options: { name: string; description: string; required?: boolean; options?: unknown[] }[],
    ) => {
      let optional = false;
      for (const o of options) {
        expect(o.name).toMatch(name);
        expect(o.description.length).toBeLessThanOrEqual(100);
        if (o.required && optional) throw new Error(`${o.name}: required after optional`);
        if (!o.required) optional = true;
        if (o.options) check(o.options as never);
      }
    };
    for (const command of commands) {
      expect(command.name).toMatch(name);
      check(command.options);
    }
  });
});

describe('scheduled events', () => {
  it('skips the session event, without calling Discord, when the bot lacks the permission', async () => {
    const fake = await startFakeDiscord({
      guilds: [{ id: GUILD, channels: [{ id: CHANNEL, name: '4e-b' }], botPermissions: String(1n << 11n) }],
    });
    const platform = createDiscordPlatform({
      token: fake.token,
      apiUrl: fake.apiUrl,
      rest: { retries: 0, timeout: 2000 },
      logger: silentLogger,
      registerCommands: false,
    });
    const dispatcher = testDispatcher();
    await platform.start(dispatcher as Dispatcher);
    const start = new Date(Date.now() + 86_400_000);
    await expect(
      platform.upsertEvent(
        { workspaceId: GUILD, channelId: CHANNEL },
        { name: 'Séance', description: 'd', startsAt: start, endsAt: new Date(start.getTime() + 3_600_000) },
      ),
    ).rejects.toThrow(/no Create Events permission/);
    expect(fake.callsTo('POST', `/guilds/${GUILD}/scheduled-events`)).toHaveLength(0);
    await platform.stop();
    await fake.close();
  });
});
