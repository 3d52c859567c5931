import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallLog } from './call-log.ts';
import { multipartBoundary, parseMultipart } from './multipart.ts';
import type { DiscordRateLimiter } from './rate-limits.ts';
import { matchRoute, type Route, type RouteResult } from './router.ts';
import type { FakeState } from './state.ts';
import type { FailureRule, RecordedCall, RecordedFile } from './types.ts';
import { apiError, asRecord } from './util.ts';

interface ParsedBody {
  body: unknown;
  files: RecordedFile[];
  invalid: boolean;
}

function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return { body: null, files: [], invalid: false };
  const boundary = multipartBoundary(contentType);
  try {
    if (boundary) {
      const parts = parseMultipart(raw, boundary);
      const payload = parts.find((p) => p.name === 'payload_json');
      const files = parts
        .filter((p) => p.filename !== null)
        .map((p) => ({
          field: p.name,
          filename: p.filename ?? '',
          contentType: p.contentType,
          data: p.data,
        }));
      return { body: payload ? JSON.parse(payload.data.toString('utf8')) : null, files, invalid: false };
    }
    return { body: JSON.parse(raw.toString('utf8')), files: [], invalid: false };
  } catch {
    return { body: raw.toString('utf8'), files: [], invalid: true };
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Decodes each segment, so `messages/%40original` is recorded and routed as `messages/@original`. */
function decodePath(pathname: string): string {
  return pathname.split('/').map(safeDecode).join('/');
}

function defaultFailureBody(rule: FailureRule): unknown {
  if (rule.status === 429) {
    return {
      message: 'You are being rate limited.',
      retry_after: rule.retryAfterSeconds ?? 0.05,
      global: !!rule.global,
    };
  }
  if (rule.status === 403) return apiError('Missing Permissions', 50013);
  if (rule.status === 404) return apiError('Unknown', 0);
  return apiError(`${rule.status}: Fake failure`, 0);
}

/**
 * The REST half of the fake: parses each request under `/api/v{n}`, checks the bot token, applies injected
 * failures, dispatches to a route and records the exchange in the call log before answering.
 */
export class RestServer {
  readonly #failures: Array<FailureRule & { remaining: number }> = [];

  constructor(
    private readonly state: FakeState,
    private readonly log: CallLog,
    private readonly routes: Route[],
    /** Discord's rate limits, when the fake enforces them (rate-limits.ts). */
    private readonly limiter: DiscordRateLimiter | null = null,
  ) {}

  /** Makes the next `rule.times` (default 1) matching requests fail with the given status. */
  failRoute(rule: FailureRule): void {
    this.#failures.push({ ...rule, method: rule.method?.toUpperCase(), remaining: rule.times ?? 1 });
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void this.#respond(req, res, Buffer.concat(chunks)));
  };

  #takeFailure(method: string, path: string): FailureRule | null {
    const rule = this.#failures.find(
      (f) =>
        f.remaining > 0 &&
        (!f.method || f.method === method) &&
        (typeof f.path === 'string' ? f.path === path : f.path.test(path)),
    );
    if (!rule) return null;
    rule.remaining -= 1;
    return rule;
  }

  async #respond(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.discord.test');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = decodePath(url.pathname.replace(/^\/api(\/v\d+)?/, '')) || '/';
    const contentType = req.headers['content-type'];
    const parsed = parseBody(raw, contentType);
    const reason = req.headers['x-audit-log-reason'];
    const base: Omit<RecordedCall, 'seq' | 'status' | 'response' | 'injected'> = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body: parsed.body,
      files: parsed.files,
      headers: {
        authorization: req.headers.authorization ?? null,
        auditLogReason: typeof reason === 'string' ? safeDecode(reason) : null,
        contentType: contentType ?? null,
      },
      at: Date.now(),
    };

    let result: RouteResult;
    let injected = false;
    const matched = matchRoute(this.routes, method, path);
    const needsAuth = matched?.route.auth ?? true;
    if (needsAuth && req.headers.authorization !== `Bot ${this.state.token}`) {
      result = { status: 401, body: apiError('401: Unauthorized', 0) };
    } else if (parsed.invalid) {
      result = { status: 400, body: apiError('The request body contains invalid JSON.', 50109) };
    } else {
      const limit = this.limiter?.take(method, matched?.route.pattern ?? null, path);
      const failure = limit && 'limited' in limit ? null : this.#takeFailure(method, path);
      if (limit && 'limited' in limit) {
        result = limit.limited;
      } else if (failure) {
        injected = true;
        result = { status: failure.status, body: failure.body ?? defaultFailureBody(failure) };
        if (failure.status === 429) {
          result.headers = {
            'retry-after': String(failure.retryAfterSeconds ?? 0.05),
            'x-ratelimit-scope': failure.global ? 'global' : 'user',
            ...(failure.global ? { 'x-ratelimit-global': 'true' } : {}),
          };
        }
      } else if (!matched) {
        result = { status: 404, body: apiError('Unknown', 0) };
      } else {
        try {
          result = await matched.route.handle({
            state: this.state,
            method,
            path,
            params: matched.params,
            query: base.query,
            body: asRecord(parsed.body),
            rawBody: parsed.body,
            files: parsed.files,
          });
        } catch (error) {
          // A crashing route is a bug in the fake: make it loud in the recorded answer.
          const detail = error instanceof Error ? error.stack : String(error);
          result = { status: 500, body: apiError(`500: fake route crashed: ${detail}`, 0) };
        }
      }
      if (limit && 'headers' in limit) result.headers = { ...limit.headers, ...result.headers };
    }

    this.log.record({ ...base, status: result.status, response: result.body ?? null, injected });
    const headers: Record<string, string> = { ...result.headers };
    if (result.body === undefined) {
      res.writeHead(result.status, headers).end();
      return;
    }
    headers['content-type'] = 'application/json';
    res.writeHead(result.status, headers).end(JSON.stringify(result.body));
  }
}
