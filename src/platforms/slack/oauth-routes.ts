// "Add to Slack" for many workspaces: GET /slack/install shows the button (and sets the state
// cookie), GET /slack/oauth_redirect checks the state (a JWT signed with the state secret, and the
// same value in the browser's cookie) and exchanges the code through oauth.v2.access, then stores
// the installation, encrypted, through the installation store. @slack/oauth's InstallProvider
// does the protocol; these routes only mount it on the bot's HTTP server.
import { createHmac } from 'node:crypto';
import { type InstallationStore, InstallProvider } from '@slack/oauth';
import { escapeHtml } from '../../core/escape-html.ts';
import type { Translate } from '../../core/i18n-types.ts';
import type { Logger } from '../../core/logger.ts';
import type { HttpServer } from '../../http/server.ts';
import { boltLogger } from './app.ts';

/** The bot scopes of slack-manifest.yml: the fewest that work. */
export const BOT_SCOPES = ['commands', 'chat:write', 'im:write', 'users:read', 'files:write'];

/** The state secret when SLACK_STATE_SECRET is not set: derived from APP_SECRET, alike on every bot. */
export function stateSecretFrom(appSecret: string): string {
  return createHmac('sha256', appSecret).update('inverso slack-oauth-state v1').digest('base64url');
}

/** What the OAuth routes need. */
export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Signs the state; derived from APP_SECRET unless SLACK_STATE_SECRET is set. */
  stateSecret: string;
  installationStore: InstallationStore;
  /** PUBLIC_URL: the redirect URL is `${publicUrl}/slack/oauth_redirect`. */
  publicUrl: string;
  /** SLACK_API_URL (the installer calls oauth.v2.access and auth.test through it). */
  apiUrl?: string;
  logger: Logger;
  /** The installer's page in the browser's language (its Accept-Language, else the default). */
  translate: (locale: string | undefined) => Translate;
}

/** A short HTML page in the installer's language. */
function page(t: Translate, key: 'web:slackInstall.installed' | 'web:slackInstall.failed'): string {
  return `<!doctype html><title>Inverso</title><p>${escapeHtml(t(key))}</p>`;
}

/** Mounts /slack/install and /slack/oauth_redirect. */
export function mountSlackOAuth(
  http: Pick<HttpServer, 'route'>,
  options: SlackOAuthOptions,
): InstallProvider {
  const provider = new InstallProvider({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    stateSecret: options.stateSecret,
    installationStore: options.installationStore,
    installUrlOptions: { scopes: BOT_SCOPES, redirectUri: `${options.publicUrl}/slack/oauth_redirect` },
    logger: boltLogger(options.logger),
    // Setting clientOptions replaces the installer's defaults: the API URL is all it needs.
    ...(options.apiUrl
      ? {
          clientOptions: {
            slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`,
          },
        }
      : {}),
  });
  const log = options.logger.child({ platform: 'slack' });
  http.route('GET', '/slack/install', ({ req, res }) => provider.handleInstallPath(req, res));
  http.route('GET', '/slack/oauth_redirect', ({ req, res, locale }) =>
    provider.handleCallback(req, res, {
      success: (installation, _options, _req, response) => {
        log.info(
          { teamId: installation.team?.id, enterpriseId: installation.enterprise?.id },
          'Slack workspace installed',
        );
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(page(options.translate(locale), 'web:slackInstall.installed'));
      },
      failure: (error, _options, _req, response) => {
        // A forged or expired state, a refused code: nothing is stored.
        log.warn({ code: (error as { code?: string }).code, reason: error.message }, 'Slack install refused');
        response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
        response.end(page(options.translate(locale), 'web:slackInstall.failed'));
      },
    }),
  );
  return provider;
}
