// Which bot token serves which workspace. One install (SLACK_BOT_TOKEN) serves every workspace id
// it is asked for; with OAuth (installation-store.ts) each workspace has its own. Every Web API call
// and Bolt's `authorize` go through `tokenFor(teamId)`.
import type { webApi } from '@slack/bolt';

/** What auth.test says about a bot token. */
export interface BotIdentity {
  teamId: string;
  botUserId: string;
  botId: string;
}

/** Bot tokens by workspace (team) id. */
export interface TokenSource {
  /** Checks the credentials once at start; throws with Slack's error code when they are refused. */
  verify(): Promise<void>;
  /** The bot token for a workspace; throws when the workspace has no installation. */
  tokenFor(teamId: string | undefined): Promise<string>;
  /** The bot's ids in a workspace (Bolt needs them to ignore its own events). */
  identityFor(teamId: string | undefined): Promise<BotIdentity>;
  /** OAuth: told who each event comes from (links a workspace to its organization's install). */
  link?(origin: { teamId?: string; enterpriseId?: string }): Promise<void>;
  /** OAuth: forgets the tokens of a workspace or organization (uninstalled, tokens revoked). */
  forget?(origin: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }): Promise<number>;
}

/** One bot token for the whole deployment: the single-workspace install from the manifest. */
export function singleInstall(client: webApi.WebClient, botToken: string): TokenSource {
  let identity: Promise<BotIdentity> | undefined;
  const load = (): Promise<BotIdentity> => {
    identity ??= client.auth.test({ token: botToken }).then((r) => ({
      teamId: r.team_id ?? '',
      botUserId: r.user_id ?? '',
      botId: r.bot_id ?? '',
    }));
    // A failed check is not cached: the next start tries again.
    identity.catch(() => {
      identity = undefined;
    });
    return identity;
  };
  return {
    async verify() {
      await load();
    },
    async tokenFor() {
      return botToken;
    },
    identityFor: () => load(),
  };
}
