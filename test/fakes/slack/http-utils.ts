// Small HTTP helpers shared by the fake's routes: read a whole body, parse it the way Slack would.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request body read in full, with the parts the fake needs to parse it. */
export interface ReadBody {
  raw: Buffer;
  contentType: string;
}

/** A value of a parsed body: a string for form fields, anything for JSON, file metadata for multipart. */
export type BodyValue = unknown;

/** A file part of a multipart body (files.upload v1, or the bytes sent to an upload URL). */
export interface UploadedPart {
  filename: string;
  size: number;
  data: Buffer;
}

export async function readBody(req: IncomingMessage): Promise<ReadBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return { raw: Buffer.concat(chunks), contentType: req.headers['content-type'] ?? '' };
}

/**
 * Parses a body into a flat record. Form fields stay strings (as Slack receives them); multipart file
 * parts become {@link UploadedPart}s. Undici's `Response#formData()` does the multipart work so the fake
 * needs no parser of its own.
 */
export async function parseBody(body: ReadBody): Promise<Record<string, BodyValue>> {
  const type = body.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const text = body.raw.toString('utf8');
  if (type === 'application/json') {
    if (text.trim() === '') return {};
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : { body: parsed };
  }
  if (type === 'multipart/form-data') {
    const form = await new Response(body.raw, { headers: { 'content-type': body.contentType } }).formData();
    const out: Record<string, BodyValue> = {};
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') out[key] = value;
      else {
        const data = Buffer.from(await value.arrayBuffer());
        out[key] = { filename: value.name, size: data.length, data } satisfies UploadedPart;
      }
    }
    return out;
  }
  // The WebClient always sends forms; anything unlabelled is read as a form too, like Slack does.
  return Object.fromEntries(new URLSearchParams(text));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Resolves with the first value `find` returns, now or after a later `notify`. Used by waitForCall and
 * friends so a test can wait for something that may already have happened.
 */
export class Waiters<T> {
  private readonly pending = new Set<{ match: (item: T) => boolean; resolve: (item: T) => void }>();

  constructor(private readonly items: readonly T[]) {}

  wait(match: (item: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    const found = this.items.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const entry = {
        match,
        resolve: (item: T) => {
          clearTimeout(timer);
          this.pending.delete(entry);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        this.pending.delete(entry);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.pending.add(entry);
    });
  }

  notify(item: T): void {
    for (const entry of [...this.pending]) if (entry.match(item)) entry.resolve(item);
  }
}
