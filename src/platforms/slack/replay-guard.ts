// What /slack/events checks before Bolt sees a request (issue 12): the body stops at 64 KB, read
// before anything else (an endless upload gets 413, not a server reading for ever); a timestamp
// more than five minutes away from now, ahead or behind, is refused (Bolt only refuses old ones);
// and a genuine signature already seen is refused, so a captured request cannot be replayed. The
// seen signatures live in the database (SeenSignature), shared by every process and kept across
// restarts. The body is left on `req.rawBody`, where Bolt's receiver picks it up.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidSlackRequest } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import { SIGNED_REQUEST_SKEW_MS, withinSkew } from '../../core/signed-request.ts';
import { defaultBodyLimit } from '../../http/body.ts';

/** A node:http listener, as Bolt's HTTPReceiver exposes it. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Where accepted signatures are remembered until they expire. */
export interface SignatureLedger {
  /** Records a signature; false when it was recorded already (the request is a replay). */
  firstTime(signature: string, expiresAt: Date): Promise<boolean>;
}

/** Signatures are kept a little longer than the window, for clocks slightly apart. */
const MARGIN_MS = 60_000;

/** Options of {@link guardReplays}. */
export interface ReplayGuardOptions {
  signingSecret: string;
  logger: Logger;
  /** Default: a memory of this process only (tests, and a bot without a database). */
  ledger?: SignatureLedger;
  /** The real clock (signatures use it). */
  now?: () => number;
  bodyLimit?: number;
}

/** Wraps Bolt's listener with the body limit, the timestamp window and replay protection. */
export function guardReplays(next: RequestListener, options: ReplayGuardOptions): RequestListener {
  const ledger = options.ledger ?? memoryLedger(options.now ?? Date.now);
  const now = options.now ?? Date.now;
  const limit = options.bodyLimit ?? defaultBodyLimit;

  return (req, res) => {
    readLimited(req, limit)
      .then(async (body) => {
        if (body === null) {
          refuse(res, 413, true);
          return;
        }
        (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
        const signature = header(req, 'x-slack-signature');
        const timestamp = Number(header(req, 'x-slack-request-timestamp'));
        const at = now();
        if (!withinSkew(timestamp, at)) {
          options.logger.warn({ path: req.url }, 'Slack request outside the timestamp window refused');
          refuse(res, 401);
          return;
        }
        const genuine =
          signature !== undefined &&
          isValidSlackRequest({
            signingSecret: options.signingSecret,
            body: body.toString('utf8'),
            headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
            nowMilliseconds: at,
          });
        // Only genuine requests are remembered, so forged ones can neither fill the table nor
        // block a real request by sending its signature first. Bolt still judges the rest.
        if (genuine) {
          const expires = new Date(timestamp * 1000 + SIGNED_REQUEST_SKEW_MS + MARGIN_MS);
          if (!(await ledger.firstTime(signature, expires))) {
            options.logger.warn({ path: req.url }, 'replayed Slack request refused');
            refuse(res, 401);
            return;
          }
        }
        next(req, res);
      })
      .catch((error: unknown) => {
        // The database could not say whether the request is new: Slack retries a 503 later.
        options.logger.warn({ err: error }, 'could not check a Slack request');
        refuse(res, 503);
      });
  };
}

/** A ledger in this process's memory, swept as it goes. */
export function memoryLedger(now: () => number = Date.now): SignatureLedger {
  const seen = new Map<string, number>();
  let nextSweep = 0;
  return {
    async firstTime(signature, expiresAt) {
      const at = now();
      if (at >= nextSweep) {
        nextSweep = at + MARGIN_MS;
        for (const [key, expires] of seen) if (expires <= at) seen.delete(key);
      }
      if (seen.has(signature)) return false;
      seen.set(signature, expiresAt.getTime());
      return true;
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Answers `status` with no body; `close` also ends the connection (an upload that was cut short). */
function refuse(res: ServerResponse, status: number, close = false): void {
  if (res.headersSent) return;
  res.writeHead(status, close ? { connection: 'close', 'content-length': '0' } : { 'content-length': '0' });
  res.end();
}

/**
 * The whole body, or null as soon as it passes `limit` (or declares more): the rest is not read.
 * Node then closes the connection once the 413 is out (`connection: close`).
 */
function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      chunks.length = 0;
      resolve(null);
    };
    req.on('data', onData);
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
