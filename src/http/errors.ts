// Errors a route raises on purpose (bad body, unknown member). The server turns them into a JSON
// answer with their status; anything else becomes a 500 with an error id logged once.
import type { TKey, TParams } from '../core/i18n-types.ts';

/** A request the client can fix. `code` is for programs, `key` the translated message for people. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly key: TKey,
    readonly params: TParams = {},
  ) {
    super(code);
    this.name = 'HttpError';
  }
}

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError;
}

export const badRequest = (key: TKey, params?: TParams): HttpError =>
  new HttpError(400, 'bad_request', key, params);
export const notFound = (key: TKey = 'web:http.notFound', params?: TParams): HttpError =>
  new HttpError(404, 'not_found', key, params);
export const conflict = (key: TKey, params?: TParams): HttpError =>
  new HttpError(409, 'conflict', key, params);
