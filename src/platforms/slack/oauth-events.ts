// app_uninstalled and tokens_revoked: the workspace's (or organization's) tokens are deleted at
// once; its classes stay until the retention purge. Bolt runs these without authorize, so the
// event's own team and enterprise ids say whose tokens go, and no call is made with a dead token.
import type { App } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import type { TokenSource } from './tokens.ts';

/** Listens to the two events; a no-op with a single SLACK_BOT_TOKEN (nothing stored to delete). */
export function registerUninstall(app: App, tokens: TokenSource, logger: Logger): void {
  const forget = async (
    event: string,
    context: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean },
  ) => {
    if (!tokens.forget) return;
    const removed = await tokens.forget({
      ...(context.teamId ? { teamId: context.teamId } : {}),
      ...(context.enterpriseId ? { enterpriseId: context.enterpriseId } : {}),
      isEnterpriseInstall: Boolean(context.isEnterpriseInstall),
    });
    logger.info(
      { event, teamId: context.teamId, enterpriseId: context.enterpriseId, removed },
      'Slack tokens deleted',
    );
  };
  app.event('app_uninstalled', async ({ context }) => forget('app_uninstalled', context));
  app.event('tokens_revoked', async ({ event, context }) => {
    // Only the bot's tokens matter: revoked user tokens (none are asked for) change nothing.
    if ((event.tokens.bot ?? []).length === 0) return;
    await forget('tokens_revoked', context);
  });
}
