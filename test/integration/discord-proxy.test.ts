// The Discord REST proxy (scripts/discord-proxy.ts, `npm run discord:proxy`) when Discord answers
// a global 429 anyway (its second and the proxy's never line up exactly): the refused request goes
// again with its body once the second is over, instead of hanging on a spent stream until timeout.
import { afterEach, describe, expect, it } from 'vitest';
import { type DiscordProxy, startDiscordProxy } from '../../scripts/discord-proxy.ts';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/fake-discord.ts';

const GUILD = '121000000000000001';
const channels = ['121000000000000002', '121000000000000003', '121000000000000004'];

describe('Discord REST proxy', () => {
  let fake: FakeDiscord;
  let proxy: DiscordProxy;
  afterEach(async () => {
    await proxy.close();
    await fake.close();
  });

  it('sends a request refused by a global 429 again, body included, and answers the bot once', async () => {
    // A Discord stricter than the proxy's own budget, so the proxy meets a global 429.
    fake = await startFakeDiscord({
      guilds: [{ id: GUILD, name: 'G', channels: channels.map((id) => ({ id, name: id })) }],
      rateLimits: { globalPerSecond: 2, routeLimit: 5, routeWindowMs: 5_000 },
    });
    proxy = await startDiscordProxy({ api: fake.apiUrl });
    const answers = await Promise.all(
      channels.map((channel, i) =>
        fetch(`http://127.0.0.1:${proxy.port}/api/v10/channels/${channel}/messages`, {
          method: 'POST',
          headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ content: `message ${i}` }),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(fake.rateLimitCounts.global429).toBeGreaterThan(0);
    expect(channels.map((c) => fake.messages(c).map((m) => m.content))).toEqual([
      ['message 0'],
      ['message 1'],
      ['message 2'],
    ]);
  });
});
