// Slack behind the core's ChatPlatform port. Inbound: slash commands, clicks, modals and the App
// Home, each acknowledged at once and handled after. Outbound: posts, paced edits, DMs and threads
// (a Slack thread is its parent message: the ref of a thread is the parent's ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Card } from '../../core/card.ts';
import { type Clock, systemClock } from '../../core/clock.ts';
import type { Dispatcher } from '../../core/dispatcher.ts';
import type { MessageRef } from '../../core/events.ts';
import { Limiter } from '../../core/limiter.ts';
import { type Logger, silentLogger } from '../../core/logger.ts';
import type { Metrics } from '../../core/metrics.ts';
import type {
  ChannelAddress,
  ChatPlatform,
  DirectResult,
  PostOptions,
  UserAddress,
} from '../../core/platform.ts';
import { logUnexpected } from '../../core/unexpected.ts';
import {
  type BoltParts,
  checkSettings,
  createBolt,
  createWebClient,
  type SlackConnection,
  startBolt,
} from './app.ts';
import { handleCommand, type SlashCommand } from './commands.ts';
import type { SlackContext, SlackServices } from './context.ts';
import { ACTION_PREFIX } from './controls.ts';
import type { EditRate } from './edit-queue.ts';
import { FORM_CALLBACK } from './forms.ts';
import { publishHome } from './home.ts';
import { type BlockActionsBody, handleAction, handleSubmission, type ViewSubmissionBody } from './inbound.ts';
import { ProfileCache } from './locale.ts';
import { registerUninstall } from './oauth-events.ts';
import { SlackOutbound } from './outbound.ts';
import { type SuggestionBody, suggestOptions } from './picker.ts';
import type { SignatureLedger } from './replay-guard.ts';
import { singleInstall, type TokenSource } from './tokens.ts';
import { socketOpen } from './web-metrics.ts';

/** Options of {@link createSlackPlatform}: Config.slack, plus what the core lends. */
export interface SlackPlatformOptions {
  botToken: string;
  /** Socket Mode's app-level token (xapp-…). */
  appToken?: string;
  /** HTTP mode's signing secret. */
  signingSecret?: string;
  mode?: 'socket' | 'http';
  /** SLACK_API_URL: another Web API base (GovSlack, a proxy, a test fake). */
  apiUrl?: string;
  logger?: Logger;
  /**
   * The core services (built after the platforms, hence a function): `() => core.services`.
   * Used for the App Home, which degrades gracefully without them.
   */
  services?: () => SlackServices | undefined;
  /** What cached profiles expire on; default the system clock. */
  clock?: Clock;
  /** Where HTTP mode is mounted; default `/slack/events`. */
  eventsPath?: string;
  /** Bot tokens per workspace; default: SLACK_BOT_TOKEN for every workspace. */
  tokens?: TokenSource;
  /** OAuth installs: `tokens` holds every workspace's token, and SLACK_BOT_TOKEN may be empty. */
  multiWorkspace?: boolean;
  /** Web API retries (a 429 waits for Retry-After before each); default 3. */
  retries?: number;
  startTimeoutMs?: number;
  /** How long a modal waits for its answer before closing; default 2 s (Slack allows 3). */
  formDeadlineMs?: number;
  /** Pace of chat.update per workspace; default a burst of 20, then 50 a minute. */
  editRate?: EditRate;
  /** Events handled at once after their ack; default 4 (more only queue on the database). */
  concurrency?: number;
  /** Counts Web API errors and rate-limit waits. */
  metrics?: Metrics;
  /** HTTP mode: where accepted request signatures are remembered; default this process's memory. */
  ledger?: SignatureLedger;
}

/** Creates the Slack platform. Never throws: bad settings are reported by `start()`. */
export function createSlackPlatform(options: SlackPlatformOptions): SlackPlatform {
  return new SlackPlatform(options);
}

export class SlackPlatform implements ChatPlatform {
  readonly id = 'slack' as const;
  readonly out: SlackOutbound;
  readonly #connection: SlackConnection;
  readonly #options: SlackPlatformOptions;
  readonly #logger: Logger;
  readonly #tokens: TokenSource;
  readonly #profiles: ProfileCache;
  readonly #posted = new Map<string, Promise<MessageRef>>();
  readonly #work: Limiter;
  #bolt: BoltParts | null = null;
  #started = false;

  constructor(options: SlackPlatformOptions) {
    this.#options = options;
    this.#logger = (options.logger ?? silentLogger).child({ platform: 'slack' });
    this.#connection = {
      mode: options.mode ?? 'socket',
      botToken: options.botToken,
      ...(options.appToken ? { appToken: options.appToken } : {}),
      ...(options.signingSecret ? { signingSecret: options.signingSecret } : {}),
      ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
      eventsPath: options.eventsPath ?? '/slack/events',
      retries: options.retries ?? 3,
      startTimeoutMs: options.startTimeoutMs ?? 30_000,
      ...(options.ledger ? { ledger: options.ledger } : {}),
      ...(options.multiWorkspace ? { oauth: true } : {}),
    };
    const client = createWebClient(this.#connection, this.#logger, options.metrics);
    this.#tokens = options.tokens ?? singleInstall(client, options.botToken);
    // Keyed posts are re-sent by post-once.ts only after looking for them, never by the client.
    const once = createWebClient({ ...this.#connection, retries: 0 }, this.#logger, options.metrics);
    this.out = new SlackOutbound(client, this.#tokens, this.#logger, options.editRate, {
      client: once,
      tries: this.#connection.retries + 1,
    });
    const tokenFor = (team: string) => this.#tokens.tokenFor(team);
    this.#profiles = new ProfileCache({
      client,
      tokenFor,
      logger: this.#logger,
      clock: options.clock ?? systemClock,
    });
    // The handlers answer the person themselves (with an error id, see reportUnexpected); what
    // reaches here escaped them, and has nobody to answer: logged once, under an id.
    this.#work = new Limiter(options.concurrency ?? 4, (error) =>
      logUnexpected(this.#logger, error, 'Slack event failed'),
    );
  }

  get mode(): 'socket' | 'http' {
    return this.#connection.mode;
  }

  /**
   * HTTP mode's endpoint, to mount at `eventsPath` (POST) on the bot's HTTP server. It answers 503
   * until the platform is started, and 404 in Socket Mode.
   */
  readonly requestListener = (req: IncomingMessage, res: ServerResponse): void => {
    const listener = this.#started ? this.#bolt?.listener : undefined;
    if (listener) {
      listener(req, res);
      return;
    }
    res.writeHead(this.#connection.mode === 'http' ? 503 : 404);
    res.end();
  };

  async start(dispatcher: Dispatcher): Promise<void> {
    checkSettings(this.#connection);
    const bolt = createBolt(this.#connection, this.#tokens, this.#logger);
    this.#register(bolt, this.#context(dispatcher));
    await startBolt(bolt, this.#connection, this.#tokens);
    this.#bolt = bolt;
    this.#started = true;
    this.#logger.info({ mode: this.#connection.mode }, 'Slack connected');
  }

  /** Started, and in Socket Mode with its connection open (HTTP mode has none to lose). */
  connected(): boolean {
    if (!this.#started || !this.#bolt) return false;
    return this.#connection.mode === 'http' || socketOpen(this.#bolt.app);
  }

  async stop(): Promise<void> {
    this.#started = false;
    // Finish what was acknowledged; paced edits get a few seconds, not their whole schedule.
    let timer: NodeJS.Timeout | undefined;
    const enough = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 5000);
    });
    await Promise.race([this.settled(), enough]);
    clearTimeout(timer);
    const bolt = this.#bolt;
    this.#bolt = null;
    // HTTP mode's receiver never listened on its own (our server did): only Socket Mode stops.
    if (bolt && this.#connection.mode === 'socket') await bolt.app.stop().catch(() => {});
  }

  /** Resolves when every event received so far has been handled (tests, graceful stop). */
  async settled(): Promise<void> {
    while (this.#work.size > 0 || this.out.edits.size > 0) {
      await this.#work.idle();
      if (this.out.edits.size > 0) await new Promise((r) => setTimeout(r, 10));
    }
  }

  /**
   * Posts a card. Slack has no idempotency key: a keyed post carries its key in the message's
   * metadata and is looked for before any new try (post-once.ts); keys are also remembered with
   * their message for the process's lifetime, so a retry in the same process costs no call.
   */
  post(to: ChannelAddress, card: Card, options?: PostOptions): Promise<MessageRef> {
    const key = options?.idempotencyKey;
    const known = key ? this.#posted.get(key) : undefined;
    if (known) return known;
    const thread = options?.thread;
    const posting = this.out.post(
      to.workspaceId,
      thread?.channelId ?? to.channelId,
      card,
      thread?.messageId,
      key ? { key, resume: options?.resume === true } : undefined,
    );
    if (key) {
      this.#remember(key, posting);
      posting.catch(() => this.#posted.delete(key));
    }
    return posting;
  }

  update(ref: MessageRef, card: Card): Promise<void> {
    return this.out.update(ref, card);
  }

  async sendDirect(to: UserAddress, card: Card, options?: PostOptions): Promise<DirectResult> {
    const key = options?.idempotencyKey ? `dm:${options.idempotencyKey}` : undefined;
    const known = key ? this.#posted.get(key) : undefined;
    if (known) return { status: 'sent', ref: await known };
    const ref = await this.out.direct(
      to.workspaceId,
      to.platformUserId,
      card,
      undefined,
      key ? { key, resume: options?.resume === true } : undefined,
    );
    if (!ref) return { status: 'closed' };
    if (key) this.#remember(key, Promise.resolve(ref));
    return { status: 'sent', ref };
  }

  /** A Slack thread is the parent message itself: posting with `thread` sets thread_ts. */
  async openThread(on: MessageRef, _name: string): Promise<MessageRef> {
    return { ...on, extra: { ...on.extra, thread: on.messageId } };
  }

  #remember(key: string, ref: Promise<MessageRef>): void {
    // Bounded: the oldest keys go first (their jobs are long done).
    if (this.#posted.size >= 20_000) {
      const oldest = this.#posted.keys().next().value;
      if (oldest !== undefined) this.#posted.delete(oldest);
    }
    this.#posted.set(key, ref);
  }

  #context(dispatcher: Dispatcher): SlackContext {
    const ctx: SlackContext = {
      out: this.out,
      dispatcher,
      profiles: this.#profiles,
      services: this.#options.services ?? (() => undefined),
      logger: this.#logger,
      formDeadlineMs: this.#options.formDeadlineMs ?? 2000,
      refreshHome: (teamId, userId) => publishHome(ctx, teamId, userId),
    };
    return ctx;
  }

  #register({ app }: BoltParts, ctx: SlackContext): void {
    // Every listener acknowledges first (Slack waits 3 s at most), then works in the background.
    app.command(/^\/.+/, async ({ ack, command }) => {
      await ack();
      this.#work.push(() => handleCommand(ctx, command as SlashCommand));
    });
    app.action(new RegExp(`^${ACTION_PREFIX.replace('.', '\\.')}`), async ({ ack, body }) => {
      await ack();
      if (body.type !== 'block_actions') return;
      this.#work.push(() => handleAction(ctx, body as unknown as BlockActionsBody));
    });
    app.view(FORM_CALLBACK, async ({ ack, body }) => {
      // The modal's ack waits for the answer (at most formDeadlineMs): see inbound.ts.
      this.#work.push(
        () =>
          handleSubmission(ctx, body as unknown as ViewSubmissionBody, (response) => ack(response as never)),
        true,
      );
    });
    app.options(/^iv\.ac\|/, async ({ ack, body }) => {
      // Options are the answer itself: computed first (they are quick), acknowledged with them.
      const options = await suggestOptions(ctx, body as unknown as SuggestionBody).catch((error: unknown) => {
        this.#logger.warn({ err: error }, 'Slack suggestions failed');
        return [];
      });
      await ack({ options });
    });
    app.event('app_home_opened', async ({ event, body }) => {
      if (event.tab !== 'home') return;
      const teamId = (body as { team_id?: string }).team_id ?? '';
      this.#work.push(() => publishHome(ctx, teamId, event.user));
    });
    registerUninstall(app, this.#tokens, this.#logger);
    app.error(async (error) => {
      logUnexpected(this.#logger, error, 'Slack listener error');
    });
  }
}
