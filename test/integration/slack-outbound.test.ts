// The Slack platform's outbound port against the fake Web API: 429 Retry-After honoured by the
// client, a post retried with its idempotency key shown once, threads, charts uploaded next to
// their card, DMs refused in Slack's various ways mapped to "closed", and edits coalesced.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/card.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { slackReply } from '../../src/platforms/slack/delivery.ts';
import { createSlackPlatform, type SlackPlatform } from '../../src/platforms/slack/platform.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/index.ts';

const CHANNEL = 'C0CLASS001';

describe('Slack outbound', () => {
  let fake: FakeSlack;
  let slack: SlackPlatform;
  let place: { workspaceId: string; channelId: string };

  beforeEach(async () => {
    fake = await startFakeSlack({
      users: [
        { id: 'U0OPEN0001', name: 'open' },
        { id: 'U0CLOSED01', name: 'closed', dmClosed: true },
        { id: 'U0BOTUSER1', name: 'somebot', dmClosed: 'cannot_dm_bot' },
        { id: 'U0GONE0001', name: 'gone', deleted: true },
      ],
      channels: [{ id: CHANNEL }, { id: 'C0NOTIN001', botIsMember: false }],
    });
    slack = createSlackPlatform({
      botToken: fake.botToken,
      appToken: fake.appToken,
      apiUrl: fake.apiUrl,
      logger: silentLogger,
      retries: 2,
      editRate: { burst: 2, perMinute: 600 },
    });
    await slack.start({} as never);
    place = { workspaceId: fake.identity.teamId, channelId: CHANNEL };
  });

  afterEach(async () => {
    await slack.stop();
    await fake.close();
  });

  it('waits for Retry-After on a 429, then posts once; an idempotent retry shows nothing new', async () => {
    fake.rateLimit('chat.postMessage', 1, 1);
    const card: Card = { title: 'Rappel', text: 'Demain en classe' };
    const first = await slack.post(place, card, { idempotencyKey: 'reminder:c1:1440' });
    const [limited, posted] = fake.callsTo('chat.postMessage');
    expect(limited?.status).toBe(429);
    expect((posted?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
    const again = await slack.post(place, card, { idempotencyKey: 'reminder:c1:1440' });
    expect(again).toEqual(first);
    expect(fake.messagesIn(CHANNEL)).toHaveLength(1);
    expect(first).toMatchObject({
      platform: 'slack',
      channelId: CHANNEL,
      extra: { team: fake.identity.teamId },
    });
  });

  it('posts in a thread (the parent message), uploads a chart after its card, and explains a missing invite', async () => {
    const parent = await slack.post(place, { text: 'Capsule' });
    const thread = await slack.openThread(parent, 'Questions');
    expect(thread.messageId).toBe(parent.messageId);
    await slack.post(place, { title: 'Question anonyme', text: 'Pourquoi ?' }, { thread });
    expect(fake.callsTo('chat.postMessage').at(-1)?.args.thread_ts).toBe(parent.messageId);

    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    await slack.post(place, {
      title: 'Brief',
      image: { filename: 'answers.png', png, alt: 'Answers per question' },
    });
    expect(fake.callsTo('files.completeUploadExternal')[0]?.args).toMatchObject({ channel_id: CHANNEL });
    const [file] = [...fake.state.files.values()];
    expect([file?.filename, file?.altText, file?.data?.length]).toEqual([
      'answers.png',
      'Answers per question',
      4,
    ]);

    await expect(slack.post({ ...place, channelId: 'C0NOTIN001' }, { text: 'x' })).rejects.toMatchObject({
      key: 'common:slack.notInChannel',
    });
  });

  it("maps Slack's refusals of a DM to 'closed', and sends the others", async () => {
    const to = (platformUserId: string) => ({ workspaceId: place.workspaceId, platformUserId });
    const card: Card = { text: 'Pense à regarder la capsule' };
    expect(await slack.sendDirect(to('U0CLOSED01'), card)).toEqual({ status: 'closed' });
    expect(await slack.sendDirect(to('U0BOTUSER1'), card)).toEqual({ status: 'closed' });
    expect(await slack.sendDirect(to('U0NOBODY01'), card)).toEqual({ status: 'closed' }); // user_not_found
    expect(await slack.sendDirect(to('U0GONE0001'), card)).toEqual({ status: 'closed' }); // user_disabled
    const sent = await slack.sendDirect(to('U0OPEN0001'), card, { idempotencyKey: 'nudge:1' });
    expect(sent).toMatchObject({ status: 'sent', ref: { channelId: expect.stringMatching(/^D/) } });
    await slack.sendDirect(to('U0OPEN0001'), card, { idempotencyKey: 'nudge:1' });
    const dm = fake.messagesIn(sent.status === 'sent' ? sent.ref.channelId : '');
    expect(dm.map((m) => m.text)).toEqual(['Pense à regarder la capsule']);
    // A failure that is not a refusal is an error, for the scheduler to retry.
    fake.failWith('chat.postMessage', 'internal_error');
    await expect(slack.sendDirect(to('U0OPEN0001'), card)).rejects.toMatchObject({
      data: { error: 'internal_error' },
    });
  });

  it("sends a chart after a DM, and a private answer's chart to the DM", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const image = { filename: 'brief.png', png, alt: 'Answers per question' };
    const to = { workspaceId: place.workspaceId, platformUserId: 'U0OPEN0001' };
    const sent = await slack.sendDirect(to, { title: 'Brief', image }, { idempotencyKey: 'brief:1' });
    const dm = sent.status === 'sent' ? sent.ref.channelId : '';
    expect(dm).toMatch(/^D/);
    expect(fake.callsTo('files.completeUploadExternal')[0]?.args).toMatchObject({ channel_id: dm });
    // The same DM again (a retried job): neither the card nor the chart twice.
    await slack.sendDirect(to, { title: 'Brief', image }, { idempotencyKey: 'brief:1' });
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
    // No chart, no upload; a closed DM, no upload either.
    await slack.sendDirect(to, { text: 'Rappel' });
    expect(await slack.sendDirect({ ...to, platformUserId: 'U0CLOSED01' }, { text: 'x', image })).toEqual({
      status: 'closed',
    });
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(1);

    // A private answer (ephemeral in the class channel) says a chart comes, and it comes in the DM.
    const reply = slackReply(
      slack.out,
      { i18n: { match: () => 'fr', fallback: 'fr', t: () => (k: string) => k } } as never,
      { teamId: place.workspaceId, userId: 'U0OPEN0001', channelId: CHANNEL },
      silentLogger,
    );
    await reply.private({ title: 'Brief', image });
    expect(JSON.stringify(fake.callsTo('chat.postEphemeral')[0]?.args)).toContain('📊 Answers per question');
    const uploads = fake.callsTo('files.completeUploadExternal');
    expect(uploads).toHaveLength(2);
    expect(uploads[1]?.args).toMatchObject({ channel_id: dm });
    expect([...fake.state.files.values()].map((f) => f.filename)).toEqual(['brief.png', 'brief.png']);
  });

  it('coalesces a burst of edits of one message into the latest version', async () => {
    const ref = await slack.post(place, { text: 'Tally: 0' });
    await Promise.all(Array.from({ length: 20 }, (_, i) => slack.update(ref, { text: `Tally: ${i + 1}` })));
    const updates = fake.callsTo('chat.update');
    expect(updates.length).toBeLessThanOrEqual(2);
    expect(fake.messagesIn(CHANNEL)[0]?.text).toBe('Tally: 20');
  });
});
