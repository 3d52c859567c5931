// OAuth installs in the fake Slack: oauth.v2.access exchanges a code (with the app's client id and
// secret) for the bot token of one workspace, and auth.test answers for whichever token asks, so
// one fake serves several workspaces, each with its own token.
import { type ApiResult, fail, str } from './api-result.ts';
import type { FakeSlack } from './fake-slack.ts';
import { methodHandlers } from './web-api-methods.ts';

/** A workspace that can install the app with `code`. */
export interface FakeWorkspace {
  code: string;
  botToken: string;
  teamId: string;
  teamName: string;
  botUserId: string;
  botId: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
}

/** Makes the fake accept OAuth installs of these workspaces by the app with these credentials. */
export function acceptInstalls(
  fake: FakeSlack,
  workspaces: FakeWorkspace[],
  app: { clientId: string; clientSecret: string },
): void {
  fake.handleMethod('oauth.v2.access', (args): ApiResult => {
    if (str(args.client_id) !== app.clientId || str(args.client_secret) !== app.clientSecret) {
      return fail('invalid_client_id');
    }
    const ws = workspaces.find((w) => w.code === str(args.code));
    if (!ws) return fail('invalid_code');
    fake.botTokens.add(ws.botToken);
    return {
      ok: true,
      app_id: fake.identity.appId,
      authed_user: { id: 'U0INSTALLER' },
      scope: 'commands,chat:write,im:write,users:read,files:write',
      token_type: 'bot',
      access_token: ws.botToken,
      bot_user_id: ws.botUserId,
      team: ws.isEnterpriseInstall ? null : { id: ws.teamId, name: ws.teamName },
      enterprise: ws.enterpriseId ? { id: ws.enterpriseId, name: 'Académie' } : null,
      is_enterprise_install: Boolean(ws.isEnterpriseInstall),
    };
  });
  const single = methodHandlers['auth.test'];
  fake.handleMethod('auth.test', (args, ctx): ApiResult => {
    const ws = workspaces.find((w) => w.botToken === ctx.token);
    if (!ws) return single ? single(args, ctx) : fail('invalid_auth');
    return {
      ok: true,
      url: `https://${ws.teamId.toLowerCase()}.slack.com/`,
      team: ws.teamName,
      user: 'inverso',
      team_id: ws.teamId,
      user_id: ws.botUserId,
      bot_id: ws.botId,
      is_enterprise_install: Boolean(ws.isEnterpriseInstall),
      ...(ws.enterpriseId ? { enterprise_id: ws.enterpriseId } : {}),
    };
  });
}
