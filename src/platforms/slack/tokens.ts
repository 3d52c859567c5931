// Which bot token serves which workspace. Today one install (SLACK_BOT_TOKEN) serves every
// workspace id it is asked for; OAuth installation later replaces this one object with a lookup in
// an installation store, and nothing else in the platform changes: every Web API call and Bolt's
// `authorize` go through `tokenFor(teamId)`.
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
