// GET /metrics for Prometheus. On a loopback-only server anyone who can reach it is on the machine;
// beyond 127.0.0.1 the figures (class activity, error rates) need a bearer token, and without
// METRICS_TOKEN the route stays closed rather than open to the world.
import { timingSafeEqual } from 'node:crypto';
import { HttpError } from './errors.ts';
import type { Handler } from './server.ts';

/** What the route serves: the Prometheus text and its content type. */
export interface MetricsSource {
  contentType: string;
  text(): Promise<string>;
}

/** Who may read the metrics. */
export interface MetricsAccess {
  /** METRICS_TOKEN; when set, every scrape must carry it, even on loopback. */
  token: string | null;
  /** The address the server listens on (HOST). */
  host: string;
}

/** Whether an address only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

export function metricsRoute(source: MetricsSource, access: MetricsAccess): Handler {
  const open = !access.token && isLoopback(access.host);
  const expected = access.token ? Buffer.from(`Bearer ${access.token}`) : null;
  return async ({ req, res }) => {
    if (!open) {
      if (!expected) throw new HttpError(403, 'metrics_off', 'web:http.metricsOff');
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        throw new HttpError(401, 'unauthorized', 'web:http.metricsToken');
      }
    }
    const text = await source.text();
    res.writeHead(200, {
      'content-type': source.contentType,
      'cache-control': 'no-store',
      'content-length': String(Buffer.byteLength(text)),
    });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
}
