// The fakes' rate limits that the fan-out bench relies on: Discord's global and per-route budgets
// with its real headers, Slack's one message per second per channel with Retry-After.
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/fake-discord.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/index.ts';

const GUILD = '120000000000000001';
const channels = ['120000000000000002', '120000000000000003', '120000000000000004'];

describe('fake Discord rate limits', () => {
  let fake: FakeDiscord;
  afterEach(async () => fake.close());

  const post = (channel: string) =>
    fetch(`${fake.apiUrl}/v10/channels/${channel}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'x' }),
    });

  it('answers per-route buckets with headers, then a route 429, then a global 429', async () => {
    fake = await startFakeDiscord({
      guilds: [{ id: GUILD, name: 'G', channels: channels.map((id) => ({ id, name: id })) }],
      rateLimits: { globalPerSecond: 4, routeLimit: 2, routeWindowMs: 5_000 },
    });
    const first = await post(channels[0]!);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(Number(first.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(4);
    expect(first.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{16}$/);
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect((await post(channels[0]!)).status).toBe(200);
    const route = await post(channels[0]!);
    expect(route.status).toBe(429);
    expect(route.headers.get('x-ratelimit-scope')).toBe('user');
    expect(((await route.json()) as { global: boolean }).global).toBe(false);
    expect((await post(channels[1]!)).status).toBe(200);
    expect((await post(channels[2]!)).status).toBe(200);
    const global = await post(channels[2]!);
    expect(global.status).toBe(429);
    expect(global.headers.get('x-ratelimit-global')).toBe('true');
    expect(global.headers.get('x-ratelimit-scope')).toBe('global');
    const body = (await global.json()) as { global: boolean; retry_after: number };
    expect(body.global).toBe(true);
    expect(body.retry_after).toBeGreaterThan(0);
    expect(fake.rateLimitCounts).toEqual({ accepted: 4, global429: 1, route429: 1 });
  });
});

describe('fake Slack rate limit', () => {
  let fake: FakeSlack;
  afterEach(async () => fake.close());

  it('lets one message per second per channel through and answers 429 with Retry-After', async () => {
    fake = await startFakeSlack({
      channels: [
        { id: 'C1', name: 'a' },
        { id: 'C2', name: 'b' },
      ],
      rateLimits: { perChannelMs: 1_000 },
    });
    const post = (channel: string) =>
      fetch(`${fake.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fake.botToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel, text: 'x' }),
      });
    expect((await post('C1')).status).toBe(200);
    const limited = await post('C1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await post('C2')).status).toBe(200);
    expect(fake.channelLimiter?.counts).toEqual({ accepted: 2, limited: 1 });
  });
});
