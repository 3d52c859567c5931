// The fake's `/api/<method>` endpoint: records every call, checks tokens, injects rate limits and
// failures, then lets web-api-methods.ts compute a Slack-shaped answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord, parseBody, readBody, sendJson, Waiters } from './http-utils.ts';
import type { SlackChannelLimiter } from './rate-limits.ts';
import type { SlackState } from './state.ts';
import { type ApiResult, type MethodHandler, methodHandlers } from './web-api-methods.ts';

/** One Web API request as the fake received it, with what it answered. */
export interface WebApiCall {
  method: string;
  /** Arguments without `token`; form values are strings, JSON-valued fields (blocks, view, ...) are parsed. */
  args: Record<string, unknown>;
  /** From `Authorization: Bearer ...`, else from the `token` field. */
  token: string | undefined;
  contentType: string;
  /** 200, or 429 for an injected rate limit. */
  status: number;
  response: ApiResult;
  /** `Date.now()` when the request arrived, to check retry delays. */
  at: number;
}

/** Tokens the fake accepts. */
export interface FakeTokens {
  botTokens: ReadonlySet<string>;
  appToken: string;
}

// Fields the WebClient JSON-encodes inside forms (see WebClient#serializeBody); parsed back for assertions.
const JSON_FIELDS = new Set([
  'blocks',
  'attachments',
  'view',
  'files',
  'metadata',
  'unfurls',
  'user_auth_blocks',
]);

// Methods that do not need a token at all (oauth.v2.access takes the app's client credentials).
const NO_AUTH = new Set(['api.test', 'oauth.v2.access']);

interface Injected {
  remaining: number;
  error?: string;
  retryAfterSec?: number;
}

export class FakeWebApi {
  readonly calls: WebApiCall[] = [];
  private readonly waiters = new Waiters<WebApiCall>(this.calls);
  private readonly rateLimits = new Map<string, Injected>();
  private readonly failures = new Map<string, Injected>();
  private readonly overrides = new Map<string, MethodHandler>();

  constructor(
    private readonly state: SlackState,
    private readonly tokens: FakeTokens,
    private readonly urls: { base: () => string; socket: () => string },
    /** Slack's per-channel posting limit, when the fake enforces it (rate-limits.ts). */
    private readonly channelLimiter: SlackChannelLimiter | null = null,
  ) {}

  /** Answers HTTP 429 with `Retry-After` for the next `times` calls of `method`. */
  rateLimit(method: string, times = 1, retryAfterSec = 1): void {
    this.rateLimits.set(method, { remaining: times, retryAfterSec });
  }

  /** Answers `{ ok: false, error }` for the next `times` calls of `method` (Infinity: until cleared). */
  failWith(method: string, error: string, times = 1): void {
    this.failures.set(method, { remaining: times, error });
  }

  /** Replaces (or adds) the handler of a method, for answers the built-in ones do not cover. */
  handleMethod(method: string, handler: MethodHandler): void {
    this.overrides.set(method, handler);
  }

  clearInjections(): void {
    this.rateLimits.clear();
    this.failures.clear();
  }

  waitForCall(match: (call: WebApiCall) => boolean, timeoutMs: number): Promise<WebApiCall> {
    return this.waiters.wait(match, timeoutMs, 'a matching Web API call');
  }

  async handle(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const body = await readBody(req);
    const raw = await parseBody(body);
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof raw.token === 'string' ? raw.token : undefined);
    const args: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'token') continue;
      args[key] = JSON_FIELDS.has(key) && typeof value === 'string' ? parseJsonOr(value) : value;
    }

    const perChannel = this.channelLimiter?.take(method, args) ?? null;
    const limited =
      take(this.rateLimits, method) ??
      (perChannel === null ? undefined : { remaining: 0, retryAfterSec: perChannel });
    const status = limited ? 429 : 200;
    const response = limited ? { ok: false, error: 'ratelimited' } : this.answer(method, args, token);
    const call: WebApiCall = {
      method,
      args,
      token,
      contentType: body.contentType,
      status,
      response,
      at: Date.now(),
    };
    this.calls.push(call);
    this.waiters.notify(call);
    const headers: Record<string, string> = limited
      ? { 'retry-after': String(limited.retryAfterSec ?? 1) }
      : {};
    sendJson(res, status, response, headers);
  }

  private answer(method: string, args: Record<string, unknown>, token: string | undefined): ApiResult {
    const injected = take(this.failures, method);
    if (injected?.error) return { ok: false, error: injected.error };
    const authError = this.checkToken(method, token);
    if (authError) return { ok: false, error: authError };
    if (method === 'api.test') return { ok: true, args };
    if (method === 'apps.connections.open') return { ok: true, url: this.urls.socket() };
    const handler = this.overrides.get(method) ?? methodHandlers[method];
    if (!handler) return { ok: false, error: 'unknown_method', req_method: method };
    return handler(args, { state: this.state, token, baseUrl: this.urls.base() });
  }

  private checkToken(method: string, token: string | undefined): string | undefined {
    if (NO_AUTH.has(method)) return undefined;
    if (!token) return 'not_authed';
    // Socket Mode's connection URL needs the app-level token; every other method a bot token. A bot token
    // on apps.connections.open really gets `not_allowed_token_type`, but the SocketModeClient retries that
    // forever, so the fake answers `invalid_auth`, which it treats as fatal.
    if (method === 'apps.connections.open')
      return token === this.tokens.appToken ? undefined : 'invalid_auth';
    return this.tokens.botTokens.has(token) ? undefined : 'invalid_auth';
  }
}

function take(map: Map<string, Injected>, method: string): Injected | undefined {
  const entry = map.get(method);
  if (!entry || entry.remaining <= 0) return undefined;
  entry.remaining -= 1;
  if (entry.remaining <= 0) map.delete(method);
  return entry;
}

function parseJsonOr(value: string): unknown {
  try {
    const parsed: unknown = JSON.parse(value);
    return isRecord(parsed) || Array.isArray(parsed) ? parsed : value;
  } catch {
    return value;
  }
}
