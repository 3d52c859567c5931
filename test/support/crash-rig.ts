// Two "processes" of the bot on one database and one fake platform, for the exactly-once tests
// (issue 12): each has its own platform client (so no memory is shared but the database and the
// platform) and its own core. A class and capsules due now are written straight to the database.
import type { ManualClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { ChatPlatform } from '../../src/core/platform.ts';
import type { Db } from '../../src/db/client.ts';
import { createDiscordPlatform } from '../../src/platforms/discord/platform.ts';
import { createSlackPlatform } from '../../src/platforms/slack/platform.ts';
import { JOB } from '../../src/services/capsule-jobs.ts';
import type { Core } from '../../src/wiring.ts';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/fake-discord.ts';
import type { Faults } from '../fakes/faults.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/index.ts';
import { testCore } from './core.ts';

export const t0 = new Date('2031-03-03T07:00:00Z');
const GUILD = '120000000000000001';
const DISCORD_CHANNEL = '120000000000000002';
const SLACK_CHANNEL = 'C0CRASH001';

/** One fake platform and how to make bot processes against it. */
export interface PlatformRig {
  name: 'discord' | 'slack';
  workspaceId: string;
  channelId: string;
  faults: Faults;
  /** A new platform client (not started), as a freshly started process would have. */
  process(): Promise<ChatPlatform & { stop(): Promise<void> }>;
  /** Posts in the class channel whose text names this capsule title. */
  postsOf(title: string): number;
  close(): Promise<void>;
}

export async function discordRig(): Promise<PlatformRig> {
  const fake: FakeDiscord = await startFakeDiscord({
    guilds: [{ id: GUILD, name: 'École', channels: [{ id: DISCORD_CHANNEL, name: 'classe' }] }],
  });
  return {
    name: 'discord',
    workspaceId: GUILD,
    channelId: DISCORD_CHANNEL,
    faults: fake.faults,
    async process() {
      const platform = createDiscordPlatform({
        token: fake.token,
        applicationId: fake.applicationId,
        guildId: GUILD,
        apiUrl: fake.apiUrl,
        registerCommands: false,
        rest: { retries: 1, timeout: 1500 },
        logger: silentLogger,
      });
      return platform;
    },
    postsOf: (title) =>
      fake.messages(DISCORD_CHANNEL).filter((m) => JSON.stringify(m).includes(title)).length,
    close: () => fake.close(),
  };
}

export async function slackRig(): Promise<PlatformRig> {
  const fake: FakeSlack = await startFakeSlack({ channels: [{ id: SLACK_CHANNEL, name: 'classe' }] });
  return {
    name: 'slack',
    workspaceId: fake.identity.teamId,
    channelId: SLACK_CHANNEL,
    faults: fake.faults,
    async process() {
      // HTTP mode, never mounted: posting only needs the Web API.
      const platform = createSlackPlatform({
        botToken: fake.botToken,
        signingSecret: 'crash-test',
        mode: 'http',
        apiUrl: fake.apiUrl,
        retries: 2,
        logger: silentLogger,
      });
      return platform;
    },
    postsOf: (title) =>
      fake.messagesIn(SLACK_CHANNEL).filter((m) => JSON.stringify([m.text, m.blocks]).includes(title)).length,
    close: () => fake.close(),
  };
}

/** A bot process: its platform client and its core, on the shared database and clock. */
export async function botProcess(
  rig: PlatformRig,
  db: Db,
  clock: ManualClock,
  instanceId: string,
): Promise<{ core: Core; platform: ChatPlatform & { stop(): Promise<void> } }> {
  const platform = await rig.process();
  const core = testCore({ db, clock, platforms: [platform], instanceId });
  await platform.start(core.dispatcher);
  return { core, platform };
}

/** A class on the rig's channel and `count` capsules due now, each with its publish job. */
export async function seedCapsules(db: Db, rig: PlatformRig, count: number): Promise<string[]> {
  const klass = await db.class.create({
    data: { platform: rig.name, workspaceId: rig.workspaceId, channelId: rig.channelId, name: '4e B' },
  });
  const titles: string[] = [];
  for (let i = 1; i <= count; i++) {
    const title = `Capsule-${i}-${rig.name}`;
    const capsule = await db.capsule.create({
      data: {
        classId: klass.id,
        number: i,
        title,
        videoUrl: `https://tube.example/w/${i}`,
        publishAt: t0,
        sessionAt: new Date(t0.getTime() + 3 * 24 * 3600_000),
      },
    });
    await db.job.create({
      data: {
        kind: JOB.publish,
        classId: klass.id,
        capsuleId: capsule.id,
        dueAt: t0,
        idempotencyKey: `${JOB.publish}:${capsule.id}`,
      },
    });
    titles.push(title);
  }
  return titles;
}
