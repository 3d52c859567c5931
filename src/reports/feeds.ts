// The class's secret calendar (/calendar/<token>.ics) and podcast (/podcast/<token>.xml) on the
// bot's HTTP server. An unknown or revoked token is a plain 404: nothing tells it ever existed.
import type { Class } from '../db/models.ts';
import { notFound } from '../http/errors.ts';
import type { HttpServer, RequestContext } from '../http/server.ts';
import type { Services } from '../services/index.ts';

export function mountFeeds(http: HttpServer, services: Services): void {
  const serve = (suffix: string, type: string, render: (klass: Class) => Promise<string>) => {
    return async (ctx: RequestContext) => {
      const token = ctx.rest.endsWith(suffix) ? ctx.rest.slice(0, -suffix.length) : '';
      const klass = token ? await services.calendar.classOf(token) : null;
      if (!klass) throw notFound();
      const body = await render(klass);
      ctx.res.writeHead(200, {
        'content-type': `${type}; charset=utf-8`,
        // Calendar apps poll: a short cache keeps edits visible within minutes.
        'cache-control': 'private, max-age=300',
        'content-length': String(Buffer.byteLength(body)),
      });
      ctx.res.end(ctx.req.method === 'HEAD' ? undefined : body);
    };
  };
  http.route(
    'GET',
    '/calendar/*',
    serve('.ics', 'text/calendar', (k) => services.calendar.calendar(k)),
  );
  http.route(
    'GET',
    '/podcast/*',
    serve('.xml', 'application/rss+xml', (k) => services.calendar.podcast(k)),
  );
}
