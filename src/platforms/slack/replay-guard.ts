// Bolt checks a request's signature and refuses timestamps older than five minutes, but within
// those five minutes the same signed body would be accepted again: a captured request could be
// replayed (a vote cast twice, a form sent twice). This guard reads the body once, asks Bolt's own
// `isValidSlackRequest` whether it is genuine, and refuses a signature it has already seen. The
// body is left on `req.rawBody`, where Bolt's receiver picks it up instead of reading the stream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidSlackRequest } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';

/** A node:http listener, as Bolt's HTTPReceiver exposes it. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Slack retries come with a fresh timestamp and signature, so a repeated signature is a replay. */
const WINDOW_MS = 5 * 60_000;
const MARGIN_MS = 60_000;
const BODY_LIMIT = 1024 * 1024;

/** Wraps Bolt's listener with replay protection. `now` is the real clock (signatures use it). */
export function guardReplays(
  next: RequestListener,
  options: { signingSecret: string; logger: Logger; now?: () => number },
): RequestListener {
  const seen = new Map<string, number>();
  const now = options.now ?? Date.now;
  let nextSweep = 0;

  const sweep = (at: number) => {
    if (at < nextSweep) return;
    nextSweep = at + MARGIN_MS;
    for (const [signature, expires] of seen) if (expires <= at) seen.delete(signature);
  };

  return (req, res) => {
    readBody(req)
      .then((body) => {
        if (body === null) {
          reject(res, 413);
          return;
        }
        (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
        const signature = header(req, 'x-slack-signature');
        const timestamp = Number(header(req, 'x-slack-request-timestamp'));
        const at = now();
        sweep(at);
        const genuine =
          signature !== undefined &&
          isValidSlackRequest({
            signingSecret: options.signingSecret,
            body: body.toString('utf8'),
            headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
            nowMilliseconds: at,
          });
        // Only genuine requests are remembered, so forged ones can neither fill the memory nor
        // block a real request by sending its signature first. Bolt still judges the rest.
        if (genuine && seen.has(signature)) {
          options.logger.warn({ path: req.url }, 'replayed Slack request refused');
          reject(res, 401);
          return;
        }
        if (genuine) seen.set(signature, Math.max(timestamp * 1000 + WINDOW_MS, at) + MARGIN_MS);
        next(req, res);
      })
      .catch((error: unknown) => {
        options.logger.warn({ err: error }, 'could not read a Slack request');
        reject(res, 400);
      });
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function reject(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

/** The whole body, or null past the limit. */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > BODY_LIMIT) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > BODY_LIMIT ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
