// Slack's HTTP mode on the bot's own HTTP server. The body is left unread here, so Bolt checks
// the signature on the exact bytes Slack sent.
import type { HttpServer } from '../../http/server.ts';
import type { SlackPlatform } from './platform.ts';

export function mountSlackEvents(
  http: Pick<HttpServer, 'route'>,
  slack: SlackPlatform,
  path = '/slack/events',
): void {
  http.route(
    'POST',
    path,
    ({ req, res }) =>
      new Promise<void>((resolve) => {
        res.on('close', () => resolve());
        slack.requestListener(req, res);
      }),
  );
}
