// Request bodies, read only when a handler asks: a route that never calls these (Slack's signed
// requests) gets the untouched stream in `req`. Every reader stops at a size limit.
import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.ts';

/** Default largest body accepted, in bytes: commands and forms are small. */
export const defaultBodyLimit = 64 * 1024;

/** Reads the whole body as bytes, failing with 413 past `limit`. */
export async function readRaw(req: IncomingMessage, limit = defaultBodyLimit): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  // Event listeners rather than `for await`: leaving an async iterator early destroys the socket,
  // and the client would see a reset instead of the 413.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
    });
  });
}

/** Reads a JSON body. Asks for a JSON content type, which also keeps other sites' forms out. */
export async function readJson(req: IncomingMessage, limit = defaultBodyLimit): Promise<unknown> {
  if (mediaType(req) !== 'application/json') {
    throw new HttpError(415, 'unsupported_media_type', 'web:http.expectedJson');
  }
  const raw = await readRaw(req, limit);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'bad_json', 'web:http.badJson');
  }
}

/** Reads an `application/x-www-form-urlencoded` body into its last value per field. */
export async function readForm(
  req: IncomingMessage,
  limit = defaultBodyLimit,
): Promise<Record<string, string>> {
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    throw new HttpError(415, 'unsupported_media_type', 'web:http.expectedForm');
  }
  const raw = await readRaw(req, limit);
  return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
}

/** The content type without its parameters, lower-cased. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'payload_too_large', 'web:http.tooLarge', { kb: Math.ceil(limit / 1024) });
}
