// Discord in http mode (DISCORD_MODE=http) against the fake Discord: no gateway connection, commands
// registered through REST, Ed25519 signatures checked (401 otherwise), PING answered, bodies capped
// at 64 KB, first answers in the HTTP response; and every REST call through one @discordjs/proxy,
// shared by two bot processes that still post once each when Discord answers a global 429.
import { generateKeyPairSync } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type DiscordProxy, startDiscordProxy } from '../../scripts/discord-proxy.ts';
import type { Catalogue } from '../../src/core/commands.ts';
import { type Directory, Dispatcher } from '../../src/core/dispatcher.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { createDiscordPlatform, type DiscordPlatform } from '../../src/platforms/discord/platform.ts';
import { CHANNEL, type DiscordDriver, GUILD, makeDiscordDriver } from '../contract/discord-driver.ts';
import { signInteraction } from '../fakes/discord/fake-discord.ts';

const i18n = createI18n('fr');

const catalogue: Catalogue<unknown> = {
  commands: [
    {
      name: 'hello',
      descriptionKey: 'commands:help.description',
      access: 'anyone',
      options: [],
      async handler({ reply }) {
        await reply.private('hello');
        await reply.private('and a follow-up');
      },
    },
    {
      name: 'slow',
      descriptionKey: 'commands:help.description',
      access: 'anyone',
      options: [],
      async handler({ reply }) {
        await sleep(200);
        await reply.private('slow done');
      },
    },
    {
      name: 'announce',
      descriptionKey: 'commands:help.description',
      access: 'anyone',
      options: [],
      async handler({ reply }) {
        await reply.public({ title: 'Announcement', text: 'To everyone' });
      },
    },
  ],
  forms: [],
  actions: [],
};

const directory: Directory = { resolve: async () => null };

function dispatcher(): Dispatcher {
  return new Dispatcher({
    catalogue,
    services: {},
    directory,
    i18n,
    logger: silentLogger,
    now: () => new Date(),
  });
}

let driver: DiscordDriver | undefined;
let proxy: DiscordProxy | undefined;
const others: DiscordPlatform[] = [];

afterEach(async () => {
  for (const other of others.splice(0)) await other.stop();
  await driver?.stop();
  await proxy?.close();
  driver = undefined;
  proxy = undefined;
});

async function httpDriver(
  options: { deferAfterMs?: number; viaProxy?: boolean } = {},
): Promise<DiscordDriver> {
  driver = await makeDiscordDriver({
    mode: 'http',
    deferAfterMs: options.deferAfterMs ?? 2500,
    ...(options.viaProxy
      ? {
          async apiUrl(fake) {
            proxy = await startDiscordProxy({ api: fake.apiUrl });
            return `http://127.0.0.1:${proxy.port}/api`;
          },
        }
      : {}),
  });
  await driver.start(dispatcher());
  return driver;
}

async function post(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, body: await response.json().catch(() => null) };
}

describe('Discord interactions over HTTP', () => {
  it('opens no gateway connection and registers the commands through REST at start', async () => {
    const { fake } = await httpDriver();
    expect(fake.identifies).toHaveLength(0);
    expect(fake.callsTo('GET', '/gateway/bot')).toHaveLength(0);
    const put = fake.callsTo('PUT', `/applications/${fake.applicationId}/guilds/${GUILD}/commands`);
    expect(put).toHaveLength(1);
    const names = ((put[0]?.body ?? []) as { name: string }[]).map((c) => c.name);
    expect(names.sort()).toEqual(['announce', 'hello', 'slow']);
  });

  it('answers a PING and refuses what is not signed by the application with 401', async () => {
    const { http } = await httpDriver();
    if (!http) throw new Error('http mode expected');
    const ping = JSON.stringify({ id: '1', type: 1, application_id: '9' });
    expect(await post(http.url, ping, signInteraction(http.privateKey, ping))).toEqual({
      status: 200,
      body: { type: 1 },
    });
    const stranger = generateKeyPairSync('ed25519').privateKey;
    expect((await post(http.url, ping, signInteraction(stranger, ping))).status).toBe(401);
    expect((await post(http.url, ping, { 'content-type': 'application/json' })).status).toBe(401);
    const signed = signInteraction(http.privateKey, ping);
    expect((await post(http.url, ping.replace('"1"', '"2"'), signed)).status).toBe(401);
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    expect((await post(http.url, ping, signInteraction(http.privateKey, ping, old))).status).toBe(401);
  });

  it('refuses a body over 64 KB before checking anything', async () => {
    const { http } = await httpDriver();
    if (!http) throw new Error('http mode expected');
    const big = JSON.stringify({ id: '1', type: 2, padding: 'x'.repeat(65 * 1024) });
    expect((await post(http.url, big, signInteraction(http.privateKey, big))).status).toBe(413);
  });

  it('gives the first answer in the HTTP response and the next ones through the webhook', async () => {
    const { fake, settle } = await httpDriver();
    const sent = await settle(fake.sendSlashCommand({ name: 'hello', locale: 'fr' }));
    expect(await sent.http).toMatchObject({
      status: 200,
      body: { type: 4, data: { content: 'hello', flags: 64 } },
    });
    const callbacks = fake.calls.filter((c) => c.path.startsWith(`/interactions/${sent.id}/`));
    // The bot itself never calls the callback endpoint: the one recorded is its HTTP answer.
    expect(callbacks.map((c) => c.viaHttpResponse)).toEqual([true]);
    const followUps = fake.calls.filter((c) => c.method === 'POST' && c.path.includes(`/webhooks/`));
    expect(followUps.map((c) => (c.body as { content: string }).content)).toEqual(['and a follow-up']);
  });

  it('defers a slow handler in the response, then fills the placeholder', async () => {
    const { fake, settle } = await httpDriver({ deferAfterMs: 50 });
    const sent = await settle(fake.sendSlashCommand({ name: 'slow', locale: 'fr' }));
    expect(await sent.http).toMatchObject({ status: 200, body: { type: 5, data: { flags: 64 } } });
    const original = fake.messages().find((m) => m.content === 'slow done');
    expect(original?.flags).toBe(64);
  });
});

describe('one Discord REST proxy for every process', () => {
  it('carries the calls of the bot, interactions included, with its token', async () => {
    const { fake, settle } = await httpDriver({ viaProxy: true });
    let proxied = 0;
    proxy?.server.on('request', () => {
      proxied += 1;
    });
    await settle(fake.sendSlashCommand({ name: 'announce', locale: 'fr' }));
    expect(fake.messages(CHANNEL).map((m) => (m.embeds[0] as { title?: string })?.title)).toContain(
      'Announcement',
    );
    expect(proxied).toBeGreaterThan(0);
    const posted = fake.callsTo('POST', `/channels/${CHANNEL}/messages`);
    expect(posted[0]?.headers.authorization).toBe(`Bot ${fake.token}`);
  });

  it('lets two processes post once each through it when Discord answers a global 429', async () => {
    const { fake, platform } = await httpDriver({ viaProxy: true });
    const second = createDiscordPlatform({
      token: fake.token,
      apiUrl: `http://127.0.0.1:${proxy?.port}/api`,
      mode: 'http',
      registerCommands: false,
      rest: { retries: 0, timeout: 5_000 },
      logger: silentLogger,
    });
    others.push(second);
    await second.start(dispatcher());
    fake.failRoute({
      method: 'POST',
      path: `/channels/${CHANNEL}/messages`,
      status: 429,
      global: true,
      retryAfterSeconds: 0.2,
    });
    const where = { workspaceId: GUILD, channelId: CHANNEL };
    await Promise.all([
      platform.post(where, { text: 'from process 1' }),
      second.post(where, { text: 'from process 2' }),
    ]);
    const texts = fake.messages(CHANNEL).map((m) => m.content);
    expect(texts.filter((t) => t === 'from process 1')).toHaveLength(1);
    expect(texts.filter((t) => t === 'from process 2')).toHaveLength(1);
    const calls = fake.callsTo('POST', `/channels/${CHANNEL}/messages`);
    expect(calls.filter((c) => c.status === 429)).toHaveLength(1);
  });
});
