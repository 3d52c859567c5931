// One Discord REST proxy for every bot process (@discordjs/proxy): each bot sets
// DISCORD_API_URL=http://HOST:PORT/api, and this one process keeps Discord's global limit (50
// requests/s per token) and per-route buckets for all of them, queueing what must wait. The bots' own Authorization header
// is forwarded; the proxy holds no token.
// Run: npm run discord:proxy -- [PORT=8080] [HOST=127.0.0.1] [queue|reject]
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { populateErrorResponse, populateSuccessfulResponse } from '@discordjs/proxy';
// The proxy recognises rate-limit errors by class: its REST must come from the same (ES module)
// copy of @discordjs/rest, not discord.js's CommonJS one.
import { DefaultRestOptions, REST, type RequestMethod } from '@discordjs/rest';
import { SlidingWindow } from './sliding-window.ts';

/** A running proxy. */
export interface DiscordProxy {
  port: number;
  server: Server;
  /** Requests answered, and how many of them the proxy answered 429 itself (`reject`). */
  answered: { requests: number; rejected: number };
  close(): Promise<void>;
}

/** How the proxy behaves at a limit. */
export interface DiscordProxyOptions {
  port?: number;
  host?: string;
  /** Discord's API base (tests point it at the fake). */
  api?: string;
  /**
   * `queue` (default): a request that would exceed a limit waits in the proxy's queue and goes out
   * as soon as the budget allows, so the pipe stays full (a bot's request waits at most a few
   * seconds, far below its 15 s timeout). `reject`: answered 429 with Retry-After at once, as the
   * official container does; each bot then waits and retries, and the global window restarts
   * about 0.1 s late each second (about 10 % slower at full load, ADR 0021).
   */
  atLimit?: 'queue' | 'reject';
}

/** Starts the proxy. */
export async function startDiscordProxy(options: DiscordProxyOptions = {}): Promise<DiscordProxy> {
  // 50 requests in any 1.075 s: Discord's 50 per second with 75 ms for requests that travel slower
  // than others (about 7 % of the throughput; ADR 0021).
  const pace = new SlidingWindow(50, 1_075);
  const rest = new REST({
    ...(options.api ? { api: options.api } : {}),
    // The fixed-second budget of @discordjs/rest stays, and under it a sliding one.
    globalRequestsPerSecond: 50,
    makeRequest: async (url, init) => {
      // Interaction answers are outside Discord's global budget (and due within 3 s).
      if (!/\/(interactions|webhooks)\//.test(url)) await pace.take();
      return DefaultRestOptions.makeRequest(url, init);
    },
    ...(options.atLimit === 'reject' ? { rejectOnRateLimit: () => true, retries: 0 } : {}),
  });
  const answered = { requests: 0, rejected: 0 };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    res.once('finish', () => {
      answered.requests += 1;
      if (res.statusCode === 429) answered.rejected += 1;
    });
    return forward(rest, req, res);
  };
  const server = createServer((req, res) => {
    Promise.resolve(handle(req, res)).catch((error: unknown) => {
      console.error(JSON.stringify({ msg: 'discord proxy request failed', err: String(error) }));
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    server,
    answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        rest.clearHashSweeper();
        rest.clearHandlerSweeper();
      }),
  };
}

/**
 * `proxyRequests` of @discordjs/proxy, with the body read first: it streams the request into the
 * REST queue, so when Discord answers 429 and the queue sends the request again, the stream is
 * spent and the retry hangs until the timeout (15 s). A buffer can be sent again.
 */
async function forward(rest: REST, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://proxy');
  const fullRoute = url.pathname.replace(/^\/api(\/v\d+)?/, '') as `/${string}`;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  const type = req.headers['content-type'];
  if (type) headers['Content-Type'] = type;
  if (req.headers.authorization) headers.authorization = req.headers.authorization;
  const reason = req.headers['x-audit-log-reason'];
  if (typeof reason === 'string') headers['x-audit-log-reason'] = reason;
  try {
    const answer = await rest.queueRequest({
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      fullRoute,
      // Whatever the bot asked; Discord answers Method Not Allowed to a wrong one.
      method: (req.method ?? 'GET') as RequestMethod,
      auth: false, // the bot's own Authorization header is forwarded
      passThroughBody: true,
      query: url.searchParams,
      headers,
    });
    await populateSuccessfulResponse(res, answer);
  } catch (error) {
    if (!populateErrorResponse(res, error)) throw error;
  } finally {
    res.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // The fourth argument, Discord's API base, is for the fan-out bench's fake Discord.
  const [port = '8080', host = '127.0.0.1', atLimit = 'queue', api] = process.argv.slice(2);
  const proxy = await startDiscordProxy({
    port: Number(port),
    host,
    atLimit: atLimit === 'reject' ? 'reject' : 'queue',
    ...(api ? { api } : {}),
  });
  console.log(JSON.stringify({ msg: 'discord REST proxy listening', host, port: proxy.port }));
  const stop = () =>
    void proxy.close().then(() => {
      console.log(JSON.stringify({ msg: 'discord REST proxy stopped', ...proxy.answered }));
      process.exit(0);
    });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
