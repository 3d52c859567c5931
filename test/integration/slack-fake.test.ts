// Drives the real @slack/bolt App (HTTP and Socket Mode) against the in-process fake Slack: nothing in
// Bolt or @slack/web-api is mocked, only the URLs point at 127.0.0.1.
import type { AddressInfo } from 'node:net';
import { App, type Logger, LogLevel, webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeSlack,
  type FakeSlackOptions,
  signedRequest,
  startFakeSlack,
} from '../fakes/slack/index.ts';

const SIGNING_SECRET = 'fake-signing-secret';
const STUDENT = 'U0STUDENT1';
const CLOSED = 'U0CLOSED01';
const CLASS = 'C0CLASS001';

const workspace: FakeSlackOptions = {
  users: [
    { id: STUDENT, name: 'alice', realName: 'Alice Martin', displayName: 'Alice', locale: 'fr-FR' },
    { id: CLOSED, name: 'bob', dmClosed: true },
  ],
  channels: [{ id: CLASS, name: 'classe-3b' }],
};

/** A Bolt logger that keeps lines for assertions instead of printing them. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push =
    (level: string) =>
    (...msg: unknown[]) =>
      lines.push(`${level} ${msg.map(String).join(' ')}`);
  let level = LogLevel.DEBUG;
  return {
    lines,
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeSlack(options: FakeSlackOptions = workspace): Promise<FakeSlack> {
  const fake = await startFakeSlack(options);
  cleanups.push(() => fake.close());
  return fake;
}

/** An HTTP-mode app on a random local port; returns it with its events URL. */
async function startHttpApp(fake: FakeSlack, setup: (app: App) => void, extra: { retries?: number } = {}) {
  const logger = recordingLogger();
  const app = new App({
    token: fake.botToken,
    signingSecret: SIGNING_SECRET,
    logger,
    processBeforeResponse: true,
    clientOptions: {
      slackApiUrl: fake.apiUrl,
      // Small, fast retries: the 429 test only waits for Retry-After.
      retryConfig: { retries: extra.retries ?? 2, factor: 1, minTimeout: 10, maxTimeout: 20 },
    },
  });
  setup(app);
  // HTTPReceiver#start passes an object straight to server.listen: port 0 = random free port.
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => app.stop());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  return { app, url, logger };
}

describe('Bolt in HTTP mode against the fake Slack', () => {
  it('verifies auth.test, then runs a signed slash command: ack, postEphemeral and respond()', async () => {
    const fake = await fakeSlack();
    const { url } = await startHttpApp(fake, (app) => {
      app.command('/inverso', async ({ command, ack, client, respond }) => {
        await ack();
        await client.chat.postEphemeral({
          channel: command.channel_id,
          user: command.user_id,
          text: `Salut ${command.text}`,
        });
        await respond({ response_type: 'ephemeral', text: 'Séance enregistrée' });
      });
    });
    // The App calls auth.test in its constructor (token verification).
    expect((await fake.waitForCall('auth.test')).token).toBe(fake.botToken);

    const command = fake.slashCommand({
      command: '/inverso',
      text: 'alice',
      userId: STUDENT,
      channelId: CLASS,
    });
    const res = await signedRequest(url, { signingSecret: SIGNING_SECRET, body: command });

    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    // processBeforeResponse: everything the handler did is already recorded when the answer arrives.
    expect(fake.callsTo('chat.postEphemeral')).toEqual([
      expect.objectContaining({
        token: fake.botToken,
        args: expect.objectContaining({ channel: CLASS, user: STUDENT, text: 'Salut alice' }),
        response: expect.objectContaining({ ok: true, message_ts: expect.stringMatching(/^\d{10}\.\d{6}$/) }),
      }),
    ]);
    expect(fake.responsesTo(command.responseUrl ?? '')).toEqual([
      expect.objectContaining({ body: { response_type: 'ephemeral', text: 'Séance enregistrée' } }),
    ]);
  });

  it('rejects a bad signature and a stale timestamp with 401, running no handler', async () => {
    const fake = await fakeSlack();
    let handled = 0;
    const { url, logger } = await startHttpApp(fake, (app) => {
      app.command('/inverso', async ({ ack }) => {
        handled += 1;
        await ack();
      });
    });
    const body = fake.slashCommand({ command: '/inverso', userId: STUDENT, channelId: CLASS });

    const forged = await signedRequest(url, { signingSecret: 'not-the-secret', body });
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await signedRequest(url, { signingSecret: SIGNING_SECRET, body, timestamp: sixMinutesAgo });

    expect([forged.status, stale.status]).toEqual([401, 401]);
    expect(handled).toBe(0);
    expect(logger.lines.some((l) => l.includes('signature mismatch'))).toBe(true);
    expect(logger.lines.some((l) => l.includes('request is stale'))).toBe(true);
  });

  it('handles a button, a static_select and a view submission (with a closed DM)', async () => {
    const fake = await fakeSlack();
    const { app, url } = await startHttpApp(fake, (app) => {
      app.action('join', async ({ ack, body, client }) => {
        await ack();
        if (body.type !== 'block_actions' || !body.channel || !body.message)
          throw new Error('unexpected body');
        await client.chat.update({
          channel: body.channel.id,
          ts: body.message.ts,
          text: `${body.user.name} a rejoint`,
        });
      });
      app.action('group', async ({ ack, action, respond }) => {
        await ack();
        if (action.type !== 'static_select') throw new Error('unexpected action');
        await respond({ replace_original: false, text: `Groupe ${action.selected_option.value}` });
      });
      app.view('feedback', async ({ ack, body, view, client }) => {
        const score = view.state.values.rating?.score?.value ?? '';
        try {
          await client.chat.postMessage({
            channel: body.user.id,
            text: `Merci (${view.private_metadata}): ${score}`,
          });
          await ack();
        } catch (error) {
          const code = error instanceof webApi.WebAPIPlatformError ? error.data.error : String(error);
          await ack({ response_action: 'errors', errors: { rating: code } });
        }
      });
    });

    // A real message to click on, posted through the same fake.
    const posted = await app.client.chat.postMessage({ channel: CLASS, text: 'Rejoindre la séance ?' });
    const click = fake.blockAction({
      actionId: 'join',
      value: 's1',
      userId: STUDENT,
      userName: 'alice',
      channelId: CLASS,
      messageTs: posted.ts,
    });
    expect((await signedRequest(url, { signingSecret: SIGNING_SECRET, body: click })).status).toBe(200);
    expect(fake.messagesIn(CLASS)).toEqual([
      expect.objectContaining({ ts: posted.ts, text: 'alice a rejoint', edited: true }),
    ]);

    const select = fake.staticSelectAction({
      actionId: 'group',
      selectedValue: 'B',
      userId: STUDENT,
      channelId: CLASS,
    });
    expect((await signedRequest(url, { signingSecret: SIGNING_SECRET, body: select })).status).toBe(200);
    expect(fake.responsesTo(select.responseUrl ?? '')[0]?.body).toEqual({
      replace_original: false,
      text: 'Groupe B',
    });

    const submit = (userId: string) =>
      fake.viewSubmission({
        callbackId: 'feedback',
        privateMetadata: 'session-42',
        values: { rating: { score: '5' } },
        userId,
      });
    const ok = await signedRequest(url, { signingSecret: SIGNING_SECRET, body: submit(STUDENT) });
    expect([ok.status, ok.text]).toEqual([200, '']);
    const dm = fake.callsTo('chat.postMessage').at(-1);
    expect(dm?.args).toMatchObject({ channel: STUDENT, text: 'Merci (session-42): 5' });
    expect(dm?.response).toMatchObject({ ok: true, channel: expect.stringMatching(/^D/) });

    // Bob's DMs are closed: the post fails like on Slack and the modal shows the error.
    const refused = await signedRequest(url, { signingSecret: SIGNING_SECRET, body: submit(CLOSED) });
    expect(refused.status).toBe(200);
    expect(refused.json).toEqual({ response_action: 'errors', errors: { rating: 'messages_tab_disabled' } });
  });

  it('retries chat.postMessage after a 429, honouring Retry-After: 1', async () => {
    const fake = await fakeSlack();
    const { url, logger } = await startHttpApp(fake, (app) => {
      app.command('/inverso', async ({ ack, client, command }) => {
        await ack();
        await client.chat.postMessage({ channel: command.channel_id, text: 'Rappel' });
      });
    });
    fake.rateLimit('chat.postMessage', 1, 1);

    const res = await signedRequest(url, {
      signingSecret: SIGNING_SECRET,
      body: fake.slashCommand({ command: '/inverso', userId: STUDENT, channelId: CLASS }),
    });

    expect(res.status).toBe(200);
    const [limited, retried, ...more] = fake.callsTo('chat.postMessage');
    expect(more).toEqual([]);
    expect(limited).toMatchObject({ status: 429, response: { ok: false, error: 'ratelimited' } });
    expect(retried).toMatchObject({ status: 200, response: { ok: true }, args: { text: 'Rappel' } });
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(logger.lines.some((l) => l.includes('Will retry in 1 seconds'))).toBe(true);
    expect(fake.messagesIn(CLASS)).toHaveLength(1);
  });
});

describe('Bolt in Socket Mode against the fake Slack', () => {
  it('connects with the app token and acks slash command, interactive and events envelopes', async () => {
    const fake = await fakeSlack();
    const app = new App({
      token: fake.botToken,
      appToken: fake.appToken,
      socketMode: true,
      logger: recordingLogger(),
      // The SocketModeReceiver reuses these clientOptions, so apps.connections.open hits the fake too.
      clientOptions: { slackApiUrl: fake.apiUrl },
    });
    app.command('/inverso', async ({ command, ack, client }) => {
      await ack({ response_type: 'ephemeral', text: 'En cours…' });
      await client.chat.postMessage({
        channel: command.channel_id,
        text: `Séance lancée par ${command.user_name}`,
      });
    });
    app.action('join', async ({ ack }) => {
      await ack();
    });
    app.event('app_home_opened', async ({ event, client }) => {
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [] } });
    });
    await app.start();
    cleanups.push(() => app.stop());

    expect(fake.socket.connected).toBe(true);
    expect(fake.callsTo('apps.connections.open')).toEqual([
      expect.objectContaining({ token: fake.appToken, response: expect.objectContaining({ ok: true }) }),
    ]);

    const command = fake.slashCommand({
      command: '/inverso',
      userId: STUDENT,
      userName: 'alice',
      channelId: CLASS,
    });
    const ack = await fake.socket.send('slash_commands', command.payload);
    expect(ack).toEqual({
      envelope_id: fake.socket.envelopes[0]?.envelope_id,
      payload: { response_type: 'ephemeral', text: 'En cours…' },
    });
    const post = await fake.waitForCall('chat.postMessage');
    expect(post).toMatchObject({
      token: fake.botToken,
      args: { channel: CLASS, text: 'Séance lancée par alice' },
    });

    const click = fake.blockAction({ actionId: 'join', userId: STUDENT, channelId: CLASS });
    expect((await fake.socket.send('interactive', click.payload)).payload).toEqual({});

    const homeOpened = fake.eventCallback({
      event: { type: 'app_home_opened', user: STUDENT, channel: 'D0HOME0001', tab: 'home' },
    });
    const eventAck = await fake.socket.send('events_api', homeOpened.payload);
    expect(eventAck.envelope_id).toBe(fake.socket.envelopes[2]?.envelope_id);
    await fake.waitForCall('views.publish');
    expect(fake.state.homes.get(STUDENT)?.type).toBe('home');
  });
});

describe('wrong tokens', () => {
  it('surfaces invalid_auth from auth.test when the bot token is wrong', async () => {
    const fake = await fakeSlack();
    // deferInitialization: auth.test runs in init(), so its failure is a rejected promise we can await
    // (without it the constructor fires auth.test and nothing awaits the rejection until the first event).
    const app = new App({
      token: 'xoxb-revoked',
      signingSecret: SIGNING_SECRET,
      logger: recordingLogger(),
      deferInitialization: true,
      clientOptions: { slackApiUrl: fake.apiUrl },
    });

    await expect(app.init()).rejects.toMatchObject({
      code: webApi.ErrorCode.PlatformError,
      data: { ok: false, error: 'invalid_auth' },
    });
    expect(fake.callsTo('auth.test')).toEqual([
      expect.objectContaining({ token: 'xoxb-revoked', response: { ok: false, error: 'invalid_auth' } }),
    ]);
  });

  it('fails Socket Mode start with invalid_auth when the app token is wrong', async () => {
    const fake = await fakeSlack();
    const app = new App({
      token: fake.botToken,
      appToken: 'xapp-1-wrong',
      socketMode: true,
      logger: recordingLogger(),
      clientOptions: { slackApiUrl: fake.apiUrl },
    });
    cleanups.push(() => app.stop());

    await expect(app.start()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    expect(fake.socket.connectionCount).toBe(0);
  });
});

describe('fake Web API answers like Slack', () => {
  it('covers users.info locale, DMs, views, permalinks, uploads and unknown methods', async () => {
    const fake = await fakeSlack();
    const client = new webApi.WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
    });

    const withoutLocale = await client.users.info({ user: STUDENT });
    const withLocale = await client.users.info({ user: STUDENT, include_locale: true });
    expect(withoutLocale.user).not.toHaveProperty('locale');
    expect(withLocale.user).toMatchObject({
      id: STUDENT,
      locale: 'fr-FR',
      profile: { display_name: 'Alice' },
    });
    await expect(client.users.info({ user: 'U0NOBODY00' })).rejects.toMatchObject({
      data: { error: 'user_not_found' },
    });

    const dm = await client.conversations.open({ users: STUDENT });
    expect(dm.channel?.id).toMatch(/^D/);
    await expect(client.chat.postMessage({ channel: 'C0UNKNOWN0', text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    const closedDm = await client.conversations.open({ users: CLOSED });
    await expect(
      client.chat.postMessage({ channel: closedDm.channel?.id ?? '', text: 'x' }),
    ).rejects.toMatchObject({
      data: { error: 'messages_tab_disabled' },
    });

    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Quiz*' } }];
    const msg = await client.chat.postMessage({ channel: CLASS, text: 'Quiz', blocks });
    expect(fake.callsTo('chat.postMessage').at(-1)?.args.blocks).toEqual(blocks);
    const link = await client.chat.getPermalink({ channel: CLASS, message_ts: msg.ts ?? '' });
    expect(link.permalink).toBe(
      `https://inverso-test.slack.com/archives/${CLASS}/p${msg.ts?.replace('.', '')}`,
    );

    const modal = {
      type: 'modal' as const,
      callback_id: 'quiz',
      title: { type: 'plain_text' as const, text: 'Quiz' },
      blocks: [],
    };
    const opened = await client.views.open({ trigger_id: '1.2.abc', view: modal });
    await expect(client.views.open({ trigger_id: '1.2.abc', view: modal })).rejects.toMatchObject({
      data: { error: 'exchanged_trigger_id' },
    });
    const updated = await client.views.update({
      view_id: opened.view?.id ?? '',
      view: { ...modal, private_metadata: 'q2' },
    });
    expect(updated.view).toMatchObject({ id: opened.view?.id, callback_id: 'quiz', private_metadata: 'q2' });

    const upload = await client.filesUploadV2({
      channel_id: CLASS,
      filename: 'notes.csv',
      content: 'a,b\n1,2\n',
      title: 'Notes',
    });
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(fake.callsTo('files.completeUploadExternal')[0]?.args).toMatchObject({ channel_id: CLASS });
    const [file] = [...fake.state.files.values()];
    expect(file?.data?.toString()).toBe('a,b\n1,2\n');
    expect(upload.files[0]?.files?.[0]).toMatchObject({ id: file?.id, title: 'Notes', mimetype: 'text/csv' });

    await expect(client.apiCall('inverso.nothing')).rejects.toMatchObject({
      data: { error: 'unknown_method' },
    });
    expect(fake.callsTo('inverso.nothing')).toHaveLength(1);
  });
});
