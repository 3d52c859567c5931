// The bot's one HTTP server: a tiny router over node:http. It serves the sandbox, /healthz, and
// later Slack's HTTP mode, the teacher dashboard and the parents' unsubscribe page. A route gets
// the raw req/res and reads the body only if it asks, so signed requests stay byte-exact.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Translator } from '../core/dispatcher.ts';
import type { TKey, TParams } from '../core/i18n-types.ts';
import { firstLocale } from '../core/locale.ts';
import type { Logger } from '../core/logger.ts';
import { logUnexpected } from '../core/unexpected.ts';
import { readForm, readJson, readRaw } from './body.ts';
import { isHttpError } from './errors.ts';

/** HTTP methods routes can answer. A GET route also answers HEAD. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route handler receives. Nothing is read from the request until a helper is called. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  query: URLSearchParams;
  /** For a `/prefix/*` route, the path after the prefix (still URL-encoded); '' for exact routes. */
  rest: string;
  /** The client's preferred language among those the server translates, if any. */
  locale: string | undefined;
  /** The body as JSON (415 unless the content type is JSON, 400 when malformed, 413 when too big). */
  json(limit?: number): Promise<unknown>;
  /** The body as an url-encoded form. */
  form(limit?: number): Promise<Record<string, string>>;
  /** The body's exact bytes (signature checks). */
  raw(limit?: number): Promise<Buffer>;
  /** Answers with a JSON body. */
  send(status: number, body: unknown, headers?: Record<string, string>): void;
}

/** A route handler. Throw an HttpError for a client mistake; anything else becomes a logged 500. */
export type Handler = (ctx: RequestContext) => Promise<void> | void;

/** What createHttpServer needs. */
export interface HttpServerOptions {
  logger: Logger;
  /** Translates error messages into the client's language; without it, answers carry codes only. */
  i18n?: Pick<Translator, 't' | 'match'>;
}

/** The bot's HTTP server. */
export interface HttpServer {
  /** Adds a route: an exact path (`/healthz`) or a prefix ending in `/*` (`/sandbox/assets/*`). */
  route(method: Method, pathOrPrefix: string, handler: Handler): void;
  /** Starts listening; port 0 picks a free port, returned. */
  listen(port: number, host?: string): Promise<{ port: number }>;
  /** Stops listening and closes open connections (event streams included). */
  close(): Promise<void>;
  readonly server: Server;
}

interface Route {
  method: string;
  path: string;
  prefix: boolean;
  handler: Handler;
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { logger, i18n } = options;
  const routes: Route[] = [];

  const server = createServer((req, res) => {
    void dispatch(req, res);
  });

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const locale = preferredLocale(req.headers['accept-language'], i18n);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'content-length': String(Buffer.byteLength(text)),
        ...headers,
      });
      res.end(text);
    };
    try {
      const match = findRoute(routes, req.method ?? 'GET', url.pathname);
      if (match.kind === 'none') {
        sendError(send, locale, 404, 'not_found', 'web:http.notFound');
        return;
      }
      if (match.kind === 'method') {
        res.setHeader('allow', match.allow.join(', '));
        sendError(send, locale, 405, 'method_not_allowed', 'web:http.methodNotAllowed');
        return;
      }
      await match.route.handler({
        req,
        res,
        url,
        query: url.searchParams,
        rest: match.rest,
        locale,
        json: (limit) => readJson(req, limit),
        form: (limit) => readForm(req, limit),
        raw: (limit) => readRaw(req, limit),
        send,
      });
    } catch (error) {
      if (res.headersSent) {
        // Half an answer is already out (a stream): all that is left is to cut it.
        if (!isHttpError(error)) logger.warn({ err: error, path: url.pathname }, 'response failed midway');
        res.destroy();
        return;
      }
      if (isHttpError(error)) {
        sendError(send, locale, error.status, error.code, error.key, error.params);
        return;
      }
      const errorId = logUnexpected(logger, error, 'http handler failed', {
        method: req.method,
        path: url.pathname,
      });
      sendError(send, locale, 500, 'internal', 'web:http.internal', { id: errorId }, errorId);
    }
  }

  function sendError(
    send: RequestContext['send'],
    locale: string | undefined,
    status: number,
    code: string,
    key: TKey,
    params: TParams = {},
    id?: string,
  ): void {
    const body: Record<string, string> = { error: code };
    if (id) body.id = id;
    if (i18n) body.message = i18n.t(locale ?? '')(key, params);
    send(status, body);
  }

  return {
    server,
    route(method, pathOrPrefix, handler) {
      const prefix = pathOrPrefix.endsWith('/*');
      const path = prefix ? pathOrPrefix.slice(0, -1) : pathOrPrefix;
      if (!path.startsWith('/')) throw new Error(`route path must start with "/": ${pathOrPrefix}`);
      if (routes.some((r) => r.method === method && r.path === path && r.prefix === prefix)) {
        throw new Error(`route ${method} ${pathOrPrefix} is already defined`);
      }
      routes.push({ method, path, prefix, handler });
    },
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve({ port: (server.address() as AddressInfo).port });
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

type Match =
  | { kind: 'route'; route: Route; rest: string }
  | { kind: 'method'; allow: string[] }
  | { kind: 'none' };

/** Exact paths win over prefixes; among prefixes, the longest wins. */
function findRoute(routes: Route[], method: string, pathname: string): Match {
  const fits = (r: Route): boolean =>
    r.prefix ? pathname.startsWith(r.path) || pathname === r.path.slice(0, -1) : pathname === r.path;
  const candidates = routes.filter(fits).sort((a, b) => score(b) - score(a));
  if (candidates.length === 0) return { kind: 'none' };
  const wanted = method === 'HEAD' ? ['HEAD', 'GET'] : [method];
  const best = candidates[0] as Route;
  const sameTarget = candidates.filter((r) => r.path === best.path && r.prefix === best.prefix);
  const route = sameTarget.find((r) => wanted.includes(r.method));
  if (!route) return { kind: 'method', allow: [...new Set(sameTarget.map((r) => r.method))] };
  return { kind: 'route', route, rest: route.prefix ? pathname.slice(route.path.length) : '' };
}

function score(route: Route): number {
  return route.prefix ? route.path.length : Number.MAX_SAFE_INTEGER;
}

/** The first language of Accept-Language (by weight) that the server can translate. */
export function preferredLocale(
  header: string | undefined,
  i18n: Pick<Translator, 'match'> | undefined,
): string | undefined {
  if (!header || !i18n) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = Number(
        rest
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (
    firstLocale(
      i18n,
      ranked.map((r) => r.tag),
    ) ?? undefined
  );
}
