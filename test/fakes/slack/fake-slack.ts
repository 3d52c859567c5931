// An in-process Slack for integration tests: one HTTP server on 127.0.0.1 serving the Web API
// (point the real WebClient at it with `clientOptions.slackApiUrl`), response URLs, file upload URLs
// and the Socket Mode WebSocket. Nothing in Bolt or @slack/web-api is mocked.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults } from '../faults.ts';
import {
  isRecord,
  parseBody,
  readBody,
  sendJson,
  sendText,
  type UploadedPart,
  Waiters,
} from './http-utils.ts';
import * as build from './payloads.ts';
import { SlackChannelLimiter, type SlackRateLimitOptions } from './rate-limits.ts';
import { FakeSocketMode } from './socket-mode.ts';
import {
  defaultIdentity,
  type FakeChannelInput,
  type FakeMessage,
  type FakeUserInput,
  SlackState,
  type WorkspaceIdentity,
} from './state.ts';
import { FakeWebApi, type WebApiCall } from './web-api.ts';
import type { MethodHandler } from './web-api-methods.ts';

/** Options of {@link startFakeSlack}. */
export interface FakeSlackOptions {
  /** The bot token the app must use; defaults to `xoxb-fake-bot-token`. */
  botToken?: string;
  /** More accepted bot tokens (several installations). */
  extraBotTokens?: string[];
  /** The app-level token for Socket Mode; defaults to `xapp-1-fake-app-token`. */
  appToken?: string;
  identity?: Partial<WorkspaceIdentity>;
  users?: FakeUserInput[];
  channels?: FakeChannelInput[];
  /** Enforce Slack's per-channel posting limit (off by default; see rate-limits.ts). */
  rateLimits?: SlackRateLimitOptions;
}

/** A POST the app made to a response_url (Bolt's `respond()`). */
export interface ResponseUrlPost {
  id: string;
  url: string;
  /** Parsed JSON body, e.g. `{ text, response_type, replace_original }`. */
  body: unknown;
  contentType: string;
  at: number;
}

/** Starts a fake Slack on a random local port. Always `await fake.close()` after the test. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const fake = new FakeSlack(options);
  await fake.listen();
  return fake;
}

export class FakeSlack {
  readonly botToken: string;
  readonly appToken: string;
  readonly identity: WorkspaceIdentity;
  readonly state: SlackState;
  readonly socket: FakeSocketMode;
  readonly responses: ResponseUrlPost[] = [];
  /** Flaky-platform faults on Web API calls, named by method (`chat.postMessage`). */
  readonly faults = new Faults();
  /** Bot tokens the Web API accepts (OAuth installs add theirs). */
  readonly botTokens: Set<string>;
  private readonly webApi: FakeWebApi;
  /** What the per-channel limit let through and refused (null when it is off). */
  readonly channelLimiter: SlackChannelLimiter | null;
  private readonly server: Server;
  private readonly responseWaiters = new Waiters<ResponseUrlPost>(this.responses);
  private readonly failingResponseUrls = new Map<string, number>();
  private port = 0;
  private responseCounter = 0;

  constructor(options: FakeSlackOptions = {}) {
    this.botToken = options.botToken ?? 'xoxb-fake-bot-token';
    this.appToken = options.appToken ?? 'xapp-1-fake-app-token';
    this.identity = { ...defaultIdentity, ...options.identity };
    this.state = new SlackState(this.identity);
    for (const user of options.users ?? []) this.state.addUser(user);
    for (const channel of options.channels ?? []) this.state.addChannel(channel);
    this.socket = new FakeSocketMode(this.identity.appId);
    this.botTokens = new Set([this.botToken, ...(options.extraBotTokens ?? [])]);
    this.channelLimiter = options.rateLimits ? new SlackChannelLimiter(options.rateLimits) : null;
    this.webApi = new FakeWebApi(
      this.state,
      { botTokens: this.botTokens, appToken: this.appToken },
      { base: () => this.baseUrl, socket: () => `ws://127.0.0.1:${this.port}/socket?ticket=${Date.now()}` },
      this.channelLimiter,
    );
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          sendJson(res, 500, { ok: false, error: 'fake_slack_internal_error', detail: String(error) });
      });
    });
    this.server.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', this.baseUrl).pathname === '/socket')
        this.socket.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  /** `http://127.0.0.1:PORT` */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Value for the WebClient's `slackApiUrl` (trailing slash included). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** Every Web API request received, in order, rate-limited attempts included. */
  get calls(): readonly WebApiCall[] {
    return this.webApi.calls;
  }

  async listen(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
  }

  callsTo(method: string): WebApiCall[] {
    return this.webApi.calls.filter((call) => call.method === method);
  }

  /** Resolves with the first call (past or future) to `method` or matching the predicate. */
  waitForCall(match: string | ((call: WebApiCall) => boolean), timeoutMs = 2000): Promise<WebApiCall> {
    const predicate = typeof match === 'string' ? (call: WebApiCall) => call.method === match : match;
    return this.webApi.waitForCall(predicate, timeoutMs);
  }

  /** The next `times` calls of `method` get HTTP 429 with `Retry-After: retryAfterSec`. */
  rateLimit(method: string, times = 1, retryAfterSec = 1): void {
    this.webApi.rateLimit(method, times, retryAfterSec);
  }

  /** The next `times` calls of `method` answer `{ ok: false, error }`. */
  failWith(method: string, error: string, times = 1): void {
    this.webApi.failWith(method, error, times);
  }

  /** Replaces or adds a Web API method's handler. */
  handleMethod(method: string, handler: MethodHandler): void {
    this.webApi.handleMethod(method, handler);
  }

  addUser(user: FakeUserInput): void {
    this.state.addUser(user);
  }

  addChannel(channel: FakeChannelInput): void {
    this.state.addChannel(channel);
  }

  /** Messages the app posted (and did not delete) in a channel, ephemeral ones included. */
  messagesIn(channelId: string): FakeMessage[] {
    return this.state.messages.filter((m) => m.channel === channelId);
  }

  /** A new response_url served by the fake; posts to it land in {@link responses}. */
  responseUrl(id = `r${++this.responseCounter}`): string {
    return `${this.baseUrl}/response/${id}`;
  }

  responsesTo(url: string): ResponseUrlPost[] {
    return this.responses.filter((r) => r.url === url);
  }

  waitForResponse(
    match: string | ((post: ResponseUrlPost) => boolean),
    timeoutMs = 2000,
  ): Promise<ResponseUrlPost> {
    const predicate = typeof match === 'string' ? (post: ResponseUrlPost) => post.url === match : match;
    return this.responseWaiters.wait(predicate, timeoutMs, 'a post to a response_url');
  }

  /** Makes posts to `url` answer `status` (404 is what an expired response_url gets). */
  failResponseUrl(url: string, status = 404): void {
    this.failingResponseUrls.set(url, status);
  }

  // Payload builders filled with this workspace's identity and a response_url on this fake.
  slashCommand(o: build.SlashCommandOptions): build.SlackRequestBody {
    return build.slashCommand({ ...this.context(), responseUrl: this.responseUrl(), ...o });
  }

  blockAction(o: build.BlockActionOptions): build.SlackRequestBody {
    return build.blockAction({ ...this.context(), responseUrl: this.responseUrl(), ...o });
  }

  staticSelectAction(o: build.StaticSelectOptions): build.SlackRequestBody {
    return build.staticSelectAction({ ...this.context(), responseUrl: this.responseUrl(), ...o });
  }

  viewSubmission(o: build.ViewSubmissionOptions): build.SlackRequestBody {
    return build.viewSubmission({ ...this.context(), ...o });
  }

  eventCallback(o: build.EventCallbackOptions): build.SlackRequestBody {
    return build.eventCallback({ ...this.context(), botUserId: this.identity.botUserId, ...o });
  }

  async close(): Promise<void> {
    this.faults.releaseHeld();
    await this.socket.close();
    // Keep-alive sockets of the app's fetch would otherwise hold server.close() open.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private context(): build.PayloadContext {
    const { teamId, teamDomain, appId } = this.identity;
    return { teamId, teamDomain, apiAppId: appId };
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', this.baseUrl);
    const [, kind, id] = pathname.split('/');
    if (kind === 'api' && id && req.method === 'POST') {
      // auth.test and apps.connections.open are start-up calls: faulting them tests start-up, not posts.
      const name = (): string | null => (id === 'auth.test' || id === 'apps.connections.open' ? null : id);
      const handle = (rq: IncomingMessage, rs: ServerResponse) => void this.webApi.handle(rq, rs, id);
      return this.faults.wrap(name, handle, slackRateLimit)(req, res);
    }
    if (kind === 'response' && id && req.method === 'POST') return this.onResponseUrl(req, res, id);
    if (kind === 'upload' && id && (req.method === 'POST' || req.method === 'PUT'))
      return this.onUpload(req, res, id);
    sendText(res, 404, 'not found');
  }

  private async onResponseUrl(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const body = await readBody(req);
    const url = this.responseUrl(id);
    const failing = this.failingResponseUrls.get(url);
    if (failing !== undefined) return sendText(res, failing, 'expired_url');
    const text = body.raw.toString('utf8');
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: keep the text, the assertion will show it.
    }
    const post: ResponseUrlPost = { id, url, body: parsed, contentType: body.contentType, at: Date.now() };
    this.responses.push(post);
    this.responseWaiters.notify(post);
    sendJson(res, 200, { ok: true });
  }

  /** The upload_url step of files.uploadV2: the WebClient POSTs the bytes as multipart field `body`. */
  private async onUpload(req: IncomingMessage, res: ServerResponse, fileId: string): Promise<void> {
    const file = this.state.files.get(fileId);
    const body = await readBody(req);
    if (!file) return sendText(res, 404, 'file_not_found');
    const fields = await parseBody(body);
    const part = Object.values(fields).find((v): v is UploadedPart => isRecord(v) && Buffer.isBuffer(v.data));
    file.data = part ? part.data : body.raw;
    sendText(res, 200, `OK - ${file.data.length}`);
  }
}

/** A 429 as Slack sends it: `Retry-After` in seconds and `ratelimited`. */
function slackRateLimit(res: ServerResponse): void {
  sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
}
