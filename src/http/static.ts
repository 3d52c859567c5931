// Static files from one folder: the sandbox page's scripts and styles, later the dashboard's.
// Paths are resolved and checked to stay inside the folder, so `..` and encoded tricks get a 404.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { notFound } from './errors.ts';
import type { Handler } from './server.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The content type for a file name; unknown kinds are sent as bytes, never sniffed. */
export function contentTypeOf(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * A file path inside `root` for a URL path, or null when it would leave the folder, names a hidden
 * file, or cannot be decoded.
 */
export function safeJoin(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = path.resolve(root);
  const full = path.resolve(base, `.${path.posix.sep}${decoded}`);
  if (full !== base && !full.startsWith(base + path.sep)) return null;
  if (
    path
      .relative(base, full)
      .split(path.sep)
      .some((part) => part.startsWith('.'))
  )
    return null;
  return full;
}

/** Options of a static folder. */
export interface StaticOptions {
  /** File served for the folder itself (`/prefix/`). */
  index?: string;
  /** Cache-Control header; the default makes browsers revalidate, so edits show at once. */
  cacheControl?: string;
}

/** Sends one file with its content type and safe headers. */
export async function sendFile(
  res: ServerResponse,
  file: string,
  options: Pick<StaticOptions, 'cacheControl'> = {},
): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw notFound();
  res.writeHead(200, {
    'content-type': contentTypeOf(file),
    'content-length': info.size,
    'cache-control': options.cacheControl ?? 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (res.req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(createReadStream(file), res);
}

/** A handler for a `/prefix/*` route serving the files of `root`. */
export function serveStatic(root: string, options: StaticOptions = {}): Handler {
  return async ({ res, rest }) => {
    const wanted = rest === '' || rest.endsWith('/') ? `${rest}${options.index ?? ''}` : rest;
    const file = wanted ? safeJoin(root, wanted) : null;
    if (!file) throw notFound();
    await sendFile(res, file, options);
  };
}
