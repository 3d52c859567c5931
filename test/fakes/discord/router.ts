import type { FakeState } from './state.ts';
import type { ApiObject, RecordedFile } from './types.ts';

/** What a route handler receives: the parsed request and the shared state. */
export interface RouteContext {
  state: FakeState;
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** The JSON body as an object (empty object when absent or not an object). */
  body: ApiObject;
  /** The parsed JSON body as sent (arrays included), null when empty. */
  rawBody: unknown;
  files: RecordedFile[];
}

/** A route's answer. `body` undefined means 204 No Content. */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * One REST route. `auth: false` marks the interaction callback and interaction webhook routes, which
 * discord.js calls without an Authorization header (the interaction token is the credential).
 */
export interface Route {
  method: string;
  pattern: string;
  auth: boolean;
  handle(ctx: RouteContext): RouteResult | Promise<RouteResult>;
}

/** Shorthand to declare a route. */
export function route(
  method: string,
  pattern: string,
  handle: (ctx: RouteContext) => RouteResult | Promise<RouteResult>,
  auth = true,
): Route {
  return { method, pattern, auth, handle };
}

/** JSON answer helper. */
export function json(status: number, body: unknown): RouteResult {
  return { status, body };
}

/**
 * Finds the first route whose method and pattern match. Patterns use `:name` segments; literal segments
 * such as `@me` must be listed before a `:param` route that would also match them.
 */
export function matchRoute(
  routes: Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | null {
  const segments = path.split('/').filter(Boolean);
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const pattern = candidate.pattern.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matched = pattern.every((part, i) => {
      const segment = segments[i] ?? '';
      if (part.startsWith(':')) {
        params[part.slice(1)] = segment;
        return true;
      }
      return part === segment;
    });
    if (matched) return { route: candidate, params };
  }
  return null;
}
