import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { Db } from '../../src/db/client.ts';
import { type RunningBot, startInverso } from '../../src/main.ts';
import { NotInstalled, PrismaInstallations } from '../../src/platforms/slack/installation-store.ts';
import { sealedBox } from '../../src/platforms/slack/sealed-box.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/fake-slack.ts';
import { acceptInstalls, type FakeWorkspace } from '../fakes/slack/oauth.ts';
import { signedRequest } from '../fakes/slack/signing.ts';
import { pgUrl, postgresAvailable, providers, type TestDb } from '../support/db.ts';

const installation = (team: string, token: string, enterprise?: string, org = false) => ({
  team: org ? undefined : { id: team, name: `École ${team}` },
  enterprise: enterprise ? { id: enterprise, name: 'Académie' } : undefined,
  user: { id: 'U0INSTALLER', token: undefined, scopes: undefined },
  bot: { token, scopes: ['commands'], id: `B${team}`, userId: `U${team}BOT` },
  isEnterpriseInstall: org,
  appId: 'A0INVERSO',
  tokenType: 'bot' as const,
  authVersion: 'v2' as const,
});

for (const provider of providers) {
  describe(`Slack installations on ${provider.name}`, () => {
    it('keeps tokens encrypted, finds each workspace its own, and forgets an uninstalled one', async () => {
      if (provider.name === 'postgres' && !(await postgresAvailable())) return;
      const testDb = await provider.open();
      try {
        const store = new PrismaInstallations(testDb.db, sealedBox('a secret of the deployment'));
        await store.storeInstallation(installation('TA', 'xoxb-team-a'));
        await store.storeInstallation(installation('TB', 'xoxb-team-b'));
        await store.storeInstallation(installation('E1', 'xoxb-org', 'E1', true));
        const rows = await testDb.db.slackInstallation.findMany({ orderBy: { id: 'asc' } });
        expect(rows.map((r) => r.id)).toEqual(['E1', 'TA', 'TB']);
        // Nothing in the table gives a token away.
        expect(JSON.stringify(rows)).not.toContain('xoxb-');
        expect(await store.tokenFor('TA')).toBe('xoxb-team-a');
        expect(await store.tokenFor('TB')).toBe('xoxb-team-b');
        expect((await store.identityFor('TB')).botUserId).toBe('UTBBOT');
        // A workspace of the organization-wide install is linked by its first event.
        await expect(store.tokenFor('TZ')).rejects.toBeInstanceOf(NotInstalled);
        await store.link({ teamId: 'TZ', enterpriseId: 'E1' });
        expect(await store.tokenFor('TZ')).toBe('xoxb-org');
        // Another APP_SECRET cannot read them.
        const stranger = new PrismaInstallations(testDb.db, sealedBox('another secret'));
        await expect(stranger.tokenFor('TA')).rejects.toThrow();
        expect(await store.forget({ teamId: 'TA' })).toBe(1);
        await expect(store.tokenFor('TA')).rejects.toBeInstanceOf(NotInstalled);
        expect(await store.tokenFor('TB')).toBe('xoxb-team-b');
        expect(await store.forget({ teamId: 'TZ', enterpriseId: 'E1', isEnterpriseInstall: true })).toBe(1);
        await expect(store.tokenFor('TZ')).rejects.toBeInstanceOf(NotInstalled);
        expect(await testDb.db.slackTeam.count()).toBe(1); // TB's own link
      } finally {
        await testDb.close();
      }
    });
  });
}

const client = { clientId: '1111.2222', clientSecret: 'client-secret-of-the-app' };
const signingSecret = 'signing-secret-of-the-app';
const workspaces: FakeWorkspace[] = [
  {
    code: 'code-a',
    botToken: 'xoxb-a',
    teamId: 'TA',
    teamName: 'Collège A',
    botUserId: 'UABOT',
    botId: 'BA',
  },
  { code: 'code-b', botToken: 'xoxb-b', teamId: 'TB', teamName: 'Lycée B', botUserId: 'UBBOT', botId: 'BB' },
];

for (const provider of providers)
  describe(`Slack installed by two workspaces through OAuth on ${provider.name}`, () => {
    let fake: FakeSlack;
    let bot: RunningBot | undefined;
    let testDb: TestDb | undefined;
    let db: Db;
    let base: string;
    let runs = true;

    beforeAll(async () => {
      if (provider.name === 'postgres' && !(await postgresAvailable())) {
        runs = false;
        return;
      }
      fake = await startFakeSlack({
        channels: [{ id: 'CA' }, { id: 'CB' }],
        users: [
          { id: 'UA1', name: 'prof.a', locale: 'fr-FR' },
          { id: 'UB1', name: 'prof.b', locale: 'en-GB' },
        ],
      });
      acceptInstalls(fake, workspaces, client);
      testDb = await provider.open();
      db = testDb.db;
      const url = testDb.pgSchema ? `${pgUrl}?schema=${testDb.pgSchema}` : testDb.url;
      const config = loadConfig({
        DATABASE_URL: url,
        PORT: '0',
        SANDBOX: 'off',
        PUBLIC_URL: 'https://inverso.example.org',
        APP_SECRET: 'oauth-test-app-secret',
        SLACK_CLIENT_ID: client.clientId,
        SLACK_CLIENT_SECRET: client.clientSecret,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_MODE: 'http',
        SLACK_API_URL: fake.apiUrl,
      });
      bot = await startInverso(config, silentLogger);
      base = `http://127.0.0.1:${bot.port}`;
    });

    afterAll(async () => {
      await bot?.stop(1000);
      await testDb?.close();
      await fake?.close();
    });

    /** The "Add to Slack" page: its state (in the link) and the cookie that must come back with it. */
    const startInstall = async () => {
      const page = await fetch(`${base}/slack/install`);
      expect(page.status).toBe(200);
      const html = await page.text();
      const state = decodeURIComponent(/[?&;]state=([^&"']+)/.exec(html)?.[1] ?? '');
      const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      expect(html).toContain(`client_id=${client.clientId}`);
      expect(cookie).toMatch(/^slack-app-oauth-state=/);
      return { state, cookie };
    };
    const redirect = (code: string, state: string, cookie?: string) =>
      fetch(`${base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, {
        headers: cookie ? { cookie } : {},
      });
    const until = async (check: () => Promise<boolean>) => {
      for (let i = 0; i < 100 && !(await check()); i += 1) await sleep(50);
      expect(await check()).toBe(true);
    };

    it('installs two workspaces, checking the state each time', async () => {
      if (!runs) return;
      for (const ws of workspaces) {
        const { state, cookie } = await startInstall();
        const done = await redirect(ws.code, state, cookie);
        expect(done.status).toBe(200);
      }
      const rows = await db.slackInstallation.findMany({ orderBy: { id: 'asc' } });
      expect(rows.map((r) => [r.id, r.botUserId])).toEqual([
        ['TA', 'UABOT'],
        ['TB', 'UBBOT'],
      ]);
      // The installer asked Slack with the app's credentials, then checked each token.
      expect(fake.callsTo('oauth.v2.access')).toHaveLength(2);
      expect(fake.callsTo('auth.test').map((c) => c.token)).toEqual(
        expect.arrayContaining(['xoxb-a', 'xoxb-b']),
      );
    });

    it('refuses a forged state, and a real state without its cookie', async () => {
      if (!runs) return;
      const before = fake.callsTo('oauth.v2.access').length;
      const { cookie, state } = await startInstall();
      expect((await redirect('code-a', 'forged-state', cookie)).status).toBe(400);
      expect((await redirect('code-a', state)).status).toBe(400);
      expect(fake.callsTo('oauth.v2.access')).toHaveLength(before);
    });

    it('serves the class of each workspace with that workspace’s own token', async () => {
      if (!runs) return;
      const setup = (teamId: string, channelId: string, userId: string, name: string) =>
        signedRequest(base, {
          signingSecret,
          body: fake.slashCommand({
            command: '/setup',
            text: `name:"${name}" level:college`,
            channelId,
            teamId,
            userId,
            responseUrl: fake.responseUrl(),
          }),
        });
      expect((await setup('TA', 'CA', 'UA1', '4e A')).status).toBe(200);
      expect((await setup('TB', 'CB', 'UB1', '2nde B')).status).toBe(200);
      await until(async () => (await db.class.count()) === 2);
      await until(async () =>
        ['CA', 'CB'].every((channel) => fake.calls.some((c) => c.args.channel === channel)),
      );
      const tokenOf = { CA: 'xoxb-a', CB: 'xoxb-b', UA1: 'xoxb-a', UB1: 'xoxb-b' } as Record<string, string>;
      const ofAClass = fake.calls.filter((c) => tokenOf[String(c.args.channel ?? c.args.user ?? '')]);
      expect(ofAClass.length).toBeGreaterThanOrEqual(2);
      for (const call of ofAClass) {
        expect(call.token, call.method).toBe(tokenOf[String(call.args.channel ?? call.args.user)]);
      }
      const classes = await db.class.findMany({ orderBy: { name: 'asc' } });
      expect(classes.map((c) => [c.name, c.workspaceId])).toEqual([
        ['2nde B', 'TB'],
        ['4e A', 'TA'],
      ]);
    });

    it('deletes a workspace’s tokens when it uninstalls the app, and keeps its class', async () => {
      if (!runs) return;
      const uninstalled = await signedRequest(base, {
        signingSecret,
        body: fake.eventCallback({ teamId: 'TA', event: { type: 'app_uninstalled' } }),
      });
      expect(uninstalled.status).toBe(200);
      await until(async () => (await db.slackInstallation.count({ where: { id: 'TA' } })) === 0);
      expect(await db.slackInstallation.count({ where: { id: 'TB' } })).toBe(1);
      expect(await db.class.count({ where: { workspaceId: 'TA' } })).toBe(1);
      // Nothing called Slack with the dead token to do it.
      expect(fake.calls.filter((c) => c.method === 'auth.test' && c.token === 'xoxb-a')).toHaveLength(1);
    });
  });
