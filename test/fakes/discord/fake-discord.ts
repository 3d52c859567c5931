import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults } from '../faults.ts';
import { CallLog, type PathMatcher } from './call-log.ts';
import { Gateway } from './gateway.ts';
import type { HttpDeliveryTarget } from './http-delivery.ts';
import type { SlashCommandInput } from './interaction-payloads.ts';
import {
  type AutocompleteInput,
  type ButtonInput,
  InteractionInjector,
  type ModalSubmitInput,
  type SelectInput,
} from './interactions.ts';
import { DiscordRateLimiter, type RateLimitCounts } from './rate-limits.ts';
import { RestServer } from './rest.ts';
import { appRoutes } from './routes-app.ts';
import { channelRoutes } from './routes-channels.ts';
import { guildRoutes } from './routes-guilds.ts';
import { interactionRoutes } from './routes-interactions.ts';
import { FakeState } from './state.ts';
import type {
  ApiObject,
  FailureRule,
  FakeDiscordOptions,
  FakeMessage,
  FakeUser,
  RecordedCall,
  SentInteraction,
} from './types.ts';

export { interactionKeyPair, signInteraction } from './http-delivery.ts';
export type { InteractionOrigin, OptionInput, SlashCommandInput } from './interaction-payloads.ts';
export { DEFAULT_USER } from './interaction-payloads.ts';
export type { AutocompleteInput, ButtonInput, ModalSubmitInput, SelectInput } from './interactions.ts';
export type * from './types.ts';

/** A running fake Discord: REST under `apiUrl`, the gateway on the same port, plus test helpers. */
export interface FakeDiscord {
  /** Base for discord.js's `rest.api` option: `http://127.0.0.1:PORT/api`. */
  apiUrl: string;
  /** `ws://127.0.0.1:PORT`, as returned by `GET /gateway/bot`. */
  gatewayUrl: string;
  token: string;
  applicationId: string;
  botUserId: string;
  /** Ready-made `rest` client options: `{ api: apiUrl, retries: 0, timeout: 2000 }`. */
  restOptions: { api: string; retries: number; timeout: number };
  /** The in-memory world (messages, channels, commands, scheduled events...), for assertions. */
  state: FakeState;
  /** Every REST call, in order (live array). */
  calls: RecordedCall[];
  callsTo(method: string, path: PathMatcher): RecordedCall[];
  waitForCall(
    predicate: (call: RecordedCall) => boolean,
    timeoutMs?: number,
    sinceSeq?: number,
  ): Promise<RecordedCall>;
  clearCalls(): void;
  /** Makes the next matching request(s) fail; see `FailureRule`. */
  failRoute(rule: FailureRule): void;
  /** Flaky-platform faults on REST calls named `METHOD /path` (e.g. `POST /channels/1/messages`). */
  faults: Faults;
  addUser(user: FakeUser): FakeUser;
  /** Stored messages, optionally of one channel, oldest first. */
  messages(channelId?: string): FakeMessage[];
  sendSlashCommand(input: SlashCommandInput): SentInteraction;
  sendAutocomplete(input: AutocompleteInput): SentInteraction;
  sendButton(input: ButtonInput): SentInteraction;
  sendSelect(input: SelectInput): SentInteraction;
  sendModalSubmit(input: ModalSubmitInput): SentInteraction;
  /**
   * Http mode: interactions are POSTed, signed, to this URL and the answer is applied as the first
   * answer (null goes back to gateway dispatches).
   */
  deliverOverHttp(target: HttpDeliveryTarget | null): void;
  /** Sends any gateway dispatch to connected clients; returns how many received it. */
  dispatch(event: string, data: unknown): number;
  /** Resolves once a client finished IDENTIFY and received its guilds. */
  waitForGatewayReady(timeoutMs?: number): Promise<void>;
  /** Closes client connections with a close code (4000 by default: resumable). */
  disconnectGateway(code?: number): void;
  /** IDENTIFY payloads received (`d`, including the token and intents). */
  identifies: ApiObject[];
  /** What the rate limits let through and refused (zeros when they are off). */
  rateLimitCounts: RateLimitCounts;
  /** Terminates connections and stops the server. */
  close(): Promise<void>;
}

/**
 * Starts a fake Discord on 127.0.0.1 (random port) that the real discord.js client can log in to:
 * `new Client({ intents, rest: fake.restOptions })` then `client.login(fake.token)`.
 */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const state = new FakeState(options);
  const log = new CallLog();
  const limiter = options.rateLimits ? new DiscordRateLimiter(options.rateLimits) : null;
  const rest = new RestServer(
    state,
    log,
    [...appRoutes, ...channelRoutes, ...guildRoutes, ...interactionRoutes],
    limiter,
  );
  const faults = new Faults();
  const server = createServer(faults.wrap(restCallName, rest.handle, discordRateLimit));
  const gateway = new Gateway(server, state);
  const injector = new InteractionInjector(state, gateway, log);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const apiUrl = `http://127.0.0.1:${port}/api`;
  state.gatewayUrl = `ws://127.0.0.1:${port}`;

  let closed = false;
  return {
    apiUrl,
    gatewayUrl: state.gatewayUrl,
    token: state.token,
    applicationId: state.applicationId,
    botUserId: state.botUser.id,
    restOptions: { api: apiUrl, retries: 0, timeout: 2_000 },
    state,
    calls: log.calls,
    callsTo: (method, path) => log.callsTo(method, path),
    waitForCall: (predicate, timeoutMs, sinceSeq) => log.waitForCall(predicate, timeoutMs, sinceSeq),
    clearCalls: () => log.clear(),
    failRoute: (rule) => rest.failRoute(rule),
    faults,
    addUser: (user) => state.addUser(user),
    messages: (channelId) => state.messagesIn(channelId),
    sendSlashCommand: (input) => injector.sendSlashCommand(input),
    sendAutocomplete: (input) => injector.sendAutocomplete(input),
    sendButton: (input) => injector.sendButton(input),
    sendSelect: (input) => injector.sendSelect(input),
    sendModalSubmit: (input) => injector.sendModalSubmit(input),
    deliverOverHttp: (target) => {
      injector.httpTarget = target;
    },
    dispatch: (event, data) => gateway.dispatch(event, data),
    waitForGatewayReady: (timeoutMs) => gateway.waitForReady(timeoutMs),
    disconnectGateway: (code) => gateway.disconnectAll(code),
    identifies: gateway.identifies,
    rateLimitCounts: limiter?.counts ?? { accepted: 0, global429: 0, route429: 0 },
    async close() {
      if (closed) return;
      closed = true;
      faults.releaseHeld();
      await gateway.close();
      // undici keeps sockets alive between requests; without this, close() would wait for their timeout.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `POST /channels/1/messages` for a REST call; the gateway's own GET is never faulted. */
function restCallName(req: { method?: string; url?: string }): string | null {
  const path = new URL(req.url ?? '/', 'http://fake').pathname.replace(/^\/api(\/v\d+)?/, '');
  if (path === '/gateway/bot') return null;
  return `${(req.method ?? 'GET').toUpperCase()} ${path}`;
}

/** A 429 as Discord sends it: the X-RateLimit-* headers and a JSON body with retry_after. */
function discordRateLimit(res: ServerResponse): void {
  const after = 0.2;
  res.writeHead(429, {
    'content-type': 'application/json',
    'retry-after': String(Math.ceil(after)),
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(Date.now() / 1000 + after),
    'x-ratelimit-reset-after': String(after),
    'x-ratelimit-bucket': 'fake-injected',
    'x-ratelimit-scope': 'user',
  });
  res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: after, global: false }));
}
