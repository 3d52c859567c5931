// Drives the real discord.js client against the in-process fake Discord (test/fakes/discord): no mocks of
// discord.js, so what passes here exercises the same REST calls and gateway handling as production.
import { once } from 'node:events';
import {
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  type Interaction,
  MessageFlags,
  Routes,
  SlashCommandBuilder,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/fake-discord.ts';

const GUILD = '110000000000000001';
const CHANNEL = '110000000000000002';
const CLOSED_DM_USER = '220000000000000001';
const OPEN_DM_USER = '220000000000000002';

const courseCommand = new SlashCommandBuilder()
  .setName('course')
  .setDescription('Course tools')
  .addSubcommandGroup((group) =>
    group
      .setName('session')
      .setDescription('Class sessions')
      .addSubcommand((sub) =>
        sub
          .setName('start')
          .setDescription('Start a session')
          .addStringOption((o) =>
            o.setName('topic').setDescription('Topic').setRequired(true).setAutocomplete(true),
          )
          .addIntegerOption((o) => o.setName('minutes').setDescription('Length')),
      ),
  );

let fake: FakeDiscord;
let client: Client;
const clientErrors: Error[] = [];

/** The next interaction the client emits. Registered before injecting, so none can be missed. */
function nextInteraction(): Promise<Interaction> {
  return once(client, Events.InteractionCreate).then(([interaction]) => interaction as Interaction);
}

function textChannel(): TextChannel {
  const channel = client.channels.cache.get(CHANNEL);
  if (channel?.type !== ChannelType.GuildText) throw new Error('general channel is not cached');
  return channel;
}

beforeAll(async () => {
  fake = await startFakeDiscord({
    guilds: [{ id: GUILD, name: 'Flipped 101', channels: [{ id: CHANNEL, name: 'general' }] }],
  });
  fake.addUser({ id: CLOSED_DM_USER, username: 'closed_dms', dmClosed: true });
  fake.addUser({ id: OPEN_DM_USER, username: 'open_dms' });
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: fake.restOptions });
  client.on(Events.Error, (error) => clientErrors.push(error));
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
  expect(clientErrors).toEqual([]);
});

describe('discord.js against the fake Discord', () => {
  it('logs in, identifies with the Guilds intent and caches the guild from GUILD_CREATE', () => {
    expect(client.user?.id).toBe(fake.botUserId);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(client.guilds.cache.get(GUILD)?.name).toBe('Flipped 101');
    expect(textChannel().name).toBe('general');
    expect(fake.identifies[0]).toMatchObject({ token: fake.token, intents: GatewayIntentBits.Guilds });
    const [gatewayCall] = fake.callsTo('GET', '/gateway/bot');
    expect(gatewayCall?.headers.authorization).toBe(`Bot ${fake.token}`);
  });

  it('registers guild commands, and rejects an invalid name like Discord', async () => {
    const commands = await client.application!.commands.set([courseCommand.toJSON()], GUILD);
    expect(commands.first()?.name).toBe('course');
    const [put] = fake.callsTo('PUT', `/applications/${fake.applicationId}/guilds/${GUILD}/commands`);
    expect(put?.status).toBe(200);
    expect(fake.state.guildCommands.get(GUILD)?.[0]?.id).toBe(commands.first()?.id);

    const invalid = client.application!.commands.set([{ name: 'Bad Name', description: 'x' }], GUILD);
    await expect(invalid).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(invalid).rejects.toMatchObject({ code: 50035, status: 400 });
  });

  it('delivers a slash command with nested options and records an ephemeral reply', async () => {
    const received = nextInteraction();
    const sent = fake.sendSlashCommand({
      guildId: GUILD,
      name: 'course',
      subcommandGroup: 'session',
      subcommand: 'start',
      options: { topic: 'Fractions', minutes: 15 },
      locale: 'fr',
    });
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
    expect(interaction.id).toBe(sent.id);
    expect(interaction.locale).toBe('fr');
    expect(interaction.commandGuildId).toBe(GUILD);
    expect(interaction.options.getSubcommandGroup()).toBe('session');
    expect(interaction.options.getSubcommand()).toBe('start');
    expect(interaction.options.getString('topic', true)).toBe('Fractions');
    expect(interaction.options.getInteger('minutes')).toBe(15);
    expect(interaction.memberPermissions?.has('SendMessages')).toBe(true);

    await interaction.reply({ content: 'Session started', flags: MessageFlags.Ephemeral });
    const callback = await sent.callback();
    expect(callback.body).toEqual({
      type: 4,
      data: expect.objectContaining({ content: 'Session started', flags: 64 }),
    });
    expect(callback.status).toBe(204);

    // A follow-up with a file goes out as multipart/form-data.
    const followUp = await interaction.followUp({
      content: 'Grades attached',
      files: [{ attachment: Buffer.from('name,grade\nada,A\n'), name: 'grades.csv' }],
    });
    const [post] = fake.callsTo('POST', `/webhooks/${fake.applicationId}/${sent.token}`);
    expect(post?.query.wait).toBe('true');
    expect(post?.headers.contentType).toMatch(/^multipart\/form-data/);
    expect(post?.body).toMatchObject({ content: 'Grades attached' });
    expect(post?.files[0]?.filename).toBe('grades.csv');
    expect(post?.files[0]?.data.toString()).toContain('ada,A');
    expect(followUp.attachments.first()?.name).toBe('grades.csv');

    // Discord refuses a second initial response.
    const again = client.rest.post(Routes.interactionCallback(sent.id, sent.token), {
      body: { type: 4, data: { content: 'twice' } },
      auth: false,
    });
    await expect(again).rejects.toMatchObject({ code: 40060 });
  });

  it('answers autocomplete with choices', async () => {
    const received = nextInteraction();
    const sent = fake.sendAutocomplete({
      name: 'course',
      subcommandGroup: 'session',
      subcommand: 'start',
      options: { topic: 'Fra' },
      focused: 'topic',
    });
    const interaction = await received;
    if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
    expect(interaction.options.getFocused(true)).toMatchObject({ name: 'topic', value: 'Fra' });
    await interaction.respond([{ name: 'Fractions', value: 'fractions' }]);
    expect((await sent.callback()).body).toEqual({
      type: 8,
      data: { choices: [{ name: 'Fractions', value: 'fractions', name_localizations: undefined }] },
    });
  });

  it('handles a button on a bot message with deferUpdate + editReply, then update()', async () => {
    const posted = await textChannel().send({
      content: 'Ready for class?',
      components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Yes', custom_id: 'ready:yes' }] }],
    });

    let received = nextInteraction();
    let sent = fake.sendButton({ customId: 'ready:yes', messageId: posted.id, user: OPEN_DM_USER });
    let interaction = await received;
    if (!interaction.isButton()) throw new Error('expected a button');
    expect(interaction.customId).toBe('ready:yes');
    expect(interaction.message.id).toBe(posted.id);
    expect(interaction.user.id).toBe(OPEN_DM_USER);
    await interaction.deferUpdate();
    await interaction.editReply({ content: 'Marked ready', components: [] });
    expect((await sent.callback()).body).toEqual({ type: 6 });
    const [edit] = fake.callsTo('PATCH', `/webhooks/${fake.applicationId}/${sent.token}/messages/@original`);
    expect(edit?.status).toBe(200);
    expect(fake.state.messages.get(posted.id)).toMatchObject({ content: 'Marked ready', components: [] });

    received = nextInteraction();
    sent = fake.sendButton({ customId: 'ready:again', messageId: posted.id });
    interaction = await received;
    if (!interaction.isButton()) throw new Error('expected a button');
    await interaction.update({ content: 'Updated in place' });
    expect((await sent.callback()).body).toMatchObject({ type: 7, data: { content: 'Updated in place' } });
    expect(fake.state.messages.get(posted.id)?.content).toBe('Updated in place');
  });

  it('delivers select menu values', async () => {
    const received = nextInteraction();
    const sent = fake.sendSelect({ customId: 'pace', values: ['slower'] });
    const interaction = await received;
    if (!interaction.isStringSelectMenu()) throw new Error('expected a string select');
    expect(interaction.values).toEqual(['slower']);
    await interaction.reply({ content: 'Noted', flags: MessageFlags.Ephemeral });
    expect((await sent.callback()).body).toMatchObject({ type: 4, data: { flags: 64 } });
  });

  it.each(['actionRow', 'label'] as const)('reads modal fields (%s layout)', async (shape) => {
    const received = nextInteraction();
    const sent = fake.sendModalSubmit({
      customId: 'feedback',
      fields: { summary: 'Loved it', question: 'Why?' },
      shape,
    });
    const interaction = await received;
    if (!interaction.isModalSubmit()) throw new Error('expected a modal submit');
    expect(interaction.fields.getTextInputValue('summary')).toBe('Loved it');
    expect(interaction.fields.getTextInputValue('question')).toBe('Why?');
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await interaction.editReply('Thanks!');
    expect((await sent.callback()).body).toEqual({ type: 5, data: { flags: 64 } });
    const original = [...fake.state.messages.values()].find(
      (m) => m.interaction_metadata && m.content === 'Thanks!',
    );
    expect(original?.flags).toBe(64);
  });

  it('de-duplicates a channel message posted twice with the same nonce and enforce_nonce', async () => {
    const first = await textChannel().send({
      content: 'Reminder: watch video 3',
      nonce: 'reminder-42',
      enforceNonce: true,
    });
    const second = await textChannel().send({
      content: 'Reminder: watch video 3',
      nonce: 'reminder-42',
      enforceNonce: true,
    });
    expect(second.id).toBe(first.id);
    expect(
      fake
        .callsTo('POST', `/channels/${CHANNEL}/messages`)
        .filter((c) => c.body && (c.body as { nonce?: string }).nonce === 'reminder-42'),
    ).toHaveLength(2);
    expect(fake.messages(CHANNEL).filter((m) => m.content === 'Reminder: watch video 3')).toHaveLength(1);
  });

  it('starts a thread from a message', async () => {
    const message = await textChannel().send('Questions about chapter 2');
    const thread = await message.startThread({ name: 'Chapter 2 questions' });
    expect(thread.id).toBe(message.id);
    expect(thread.type).toBe(ChannelType.PublicThread);
    await thread.send('First question');
    expect(fake.messages(thread.id).map((m) => m.content)).toEqual(['First question']);
  });

  it('fails a DM to a user with closed DMs with code 50007, and delivers to an open one', async () => {
    const closed = await client.users.fetch(CLOSED_DM_USER);
    const failure = closed.send('Your video is due');
    await expect(failure).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(failure).rejects.toMatchObject({ code: 50007, status: 403 });

    const open = await client.users.fetch(OPEN_DM_USER);
    const delivered = await open.send('Your video is due');
    expect(delivered.channel.type).toBe(ChannelType.DM);
    expect(fake.messages(delivered.channelId)).toHaveLength(1);
  });

  it('creates, edits and deletes a scheduled event, refusing one in the past', async () => {
    const guild = client.guilds.cache.get(GUILD)!;
    const start = Date.now() + 3_600_000;
    const event = await guild.scheduledEvents.create({
      name: 'Class Q&A',
      scheduledStartTime: start,
      scheduledEndTime: start + 3_600_000,
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
      entityType: GuildScheduledEventEntityType.External,
      entityMetadata: { location: 'Room 101' },
      reason: 'Weekly session',
    });
    expect(event.entityMetadata?.location).toBe('Room 101');
    const [create] = fake.callsTo('POST', `/guilds/${GUILD}/scheduled-events`);
    expect(create?.headers.auditLogReason).toBe('Weekly session');
    const edited = await guild.scheduledEvents.edit(event, { name: 'Class Q&A (moved)' });
    expect(edited.name).toBe('Class Q&A (moved)');
    await guild.scheduledEvents.delete(event);
    expect(fake.state.scheduledEvents.size).toBe(0);

    const past = guild.scheduledEvents.create({
      name: 'Too late',
      scheduledStartTime: Date.now() - 60_000,
      scheduledEndTime: Date.now() + 60_000,
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
      entityType: GuildScheduledEventEntityType.External,
      entityMetadata: { location: 'Room 101' },
    });
    await expect(past).rejects.toMatchObject({ code: 50035 });
  });

  it('retries after an injected 429 and surfaces an injected 500', async () => {
    fake.failRoute({
      method: 'POST',
      path: `/channels/${CHANNEL}/messages`,
      status: 429,
      retryAfterSeconds: 0.05,
    });
    const sent = await textChannel().send('After the rate limit');
    const posts = fake.callsTo('POST', `/channels/${CHANNEL}/messages`).slice(-2);
    expect(posts.map((c) => [c.status, c.injected])).toEqual([
      [429, true],
      [200, false],
    ]);
    expect(sent.content).toBe('After the rate limit');

    fake.failRoute({ method: 'GET', path: /^\/channels\/\d+$/, status: 500 });
    await expect(client.channels.fetch(CHANNEL, { force: true })).rejects.toMatchObject({ status: 500 });
  });

  it('rejects login with a wrong token promptly (401 on /gateway/bot)', async () => {
    const intruder = new Client({ intents: [GatewayIntentBits.Guilds], rest: fake.restOptions });
    intruder.on(Events.Error, () => {});
    await expect(intruder.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    const [denied] = fake.callsTo('GET', '/gateway/bot').filter((c) => c.status === 401);
    expect(denied?.response).toEqual({ message: '401: Unauthorized', code: 0 });
    await intruder.destroy();
  });

  it('closes the gateway with 4004 on IDENTIFY with a wrong token', async () => {
    const socket = new WebSocket(`${fake.gatewayUrl}/?v=10&encoding=json`);
    const [hello] = await once(socket, 'message');
    expect(JSON.parse(String(hello))).toMatchObject({ op: 10 });
    socket.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: {} } }));
    const [code] = await once(socket, 'close');
    expect(code).toBe(4004);
  });
});
