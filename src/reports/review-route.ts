// GET /r/<id>.<signature>: the tracked link of a review resource. It records the student's first
// click and sends the browser on (302) to the resource, at the moment of the video. A link the bot
// did not sign, or whose row is gone, is a plain 404 that records nothing. No cache (a browser
// must come back through here) and no referrer (the resource's site learns nothing of the bot).
import { notFound } from '../http/errors.ts';
import type { HttpServer } from '../http/server.ts';
import type { Services } from '../services/index.ts';

export function mountReviewLinks(http: HttpServer, services: Services): void {
  http.route('GET', '/r/*', async (ctx) => {
    const target = await services.reviewLinks.open(ctx.rest);
    if (!target) throw notFound();
    ctx.res.writeHead(302, {
      location: target,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-length': '0',
    });
    ctx.res.end();
  });
}
