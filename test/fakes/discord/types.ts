/**
 * Shared types of the in-process Discord fake. Payloads on the wire are plain JSON, so API objects are
 * typed as loose records (`ApiObject`) and only the fields tests commonly read are spelled out.
 */

/** A loose JSON object as Discord sends or receives it. */
export type ApiObject = Record<string, unknown>;

/** A user known to the fake: interaction authors, DM recipients and guild members. */
export interface FakeUser {
  id: string;
  username: string;
  globalName?: string | null;
  /** When true, posting into this user's DM channel fails with 403 / code 50007, like a user with closed DMs. */
  dmClosed?: boolean;
  /** Default `locale` of interactions sent by this user. */
  locale?: string;
  bot?: boolean;
}

/** A channel of a fake guild, announced in GUILD_CREATE. Type defaults to 0 (GUILD_TEXT). */
export interface FakeChannel {
  id: string;
  name: string;
  type?: number;
  parentId?: string | null;
}

/** A guild the bot is in: listed as unavailable in READY, then sent in full as GUILD_CREATE. */
export interface FakeGuild {
  id: string;
  name?: string;
  /** Defaults to a single text channel named `general`. */
  channels?: FakeChannel[];
  ownerId?: string;
  preferredLocale?: string;
  /**
   * Permissions of the bot's managed role (as Discord creates from the invite's permissions). Defaults to
   * administrator, like `app_permissions` in interactions.
   */
  botPermissions?: bigint | string;
}

/** Options of `startFakeDiscord`. Every field has a default so `startFakeDiscord()` works as is. */
export interface FakeDiscordOptions {
  guilds?: FakeGuild[];
  applicationId?: string;
  botUserId?: string;
  botUsername?: string;
  token?: string;
  users?: FakeUser[];
  /** Sent in HELLO. The client's first heartbeat comes after a random fraction of it. */
  heartbeatIntervalMs?: number;
  /** Enforce Discord's REST rate limits (off by default; see rate-limits.ts). */
  rateLimits?: import('./rate-limits.ts').DiscordRateLimitOptions;
}

/** A file received in a multipart/form-data request (field `files[n]`). */
export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string | null;
  data: Buffer;
}

/** One REST request the fake received, with the answer it gave. */
export interface RecordedCall {
  /** Position in `calls`, starting at 0. */
  seq: number;
  method: string;
  /** Path below `/api/v10`, percent-decoded (`%40original` becomes `@original`). */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or the parsed `payload_json` field of a multipart body; null when empty. */
  body: unknown;
  files: RecordedFile[];
  headers: {
    authorization: string | null;
    /** Decoded value of `X-Audit-Log-Reason`. */
    auditLogReason: string | null;
    contentType: string | null;
  };
  status: number;
  /** JSON body of the answer (null for 204). */
  response: unknown;
  /** True when the answer came from a `failRoute` rule instead of the route handler. */
  injected: boolean;
  /** True for an interaction's first answer given in the HTTP response (Discord's http mode). */
  viaHttpResponse?: boolean;
  at: number;
}

/** Makes matching requests fail before reaching their route, for retry and error-path tests. */
export interface FailureRule {
  /** Upper-case HTTP method; any method when omitted. */
  method?: string;
  /** Matched against the decoded path below `/api/v10`; a string must match exactly. */
  path: RegExp | string;
  status: number;
  /** How many requests fail; defaults to 1. */
  times?: number;
  /** Defaults to a Discord-like error body for the status. */
  body?: unknown;
  /** For 429: sent as `Retry-After` header and `retry_after` field (seconds, may be fractional). */
  retryAfterSeconds?: number;
  /** For 429: marks the limit as global (`X-RateLimit-Global`). */
  global?: boolean;
}

/** A message as the fake stores and returns it (Discord's message object). */
export interface FakeMessage extends ApiObject {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: ApiObject[];
  flags: number;
  author: ApiObject;
  timestamp: string;
  edited_timestamp: string | null;
  type: number;
}

/** Handle returned by the `send*` interaction helpers. */
export interface SentInteraction {
  id: string;
  token: string;
  applicationId: string;
  /** The exact `d` of the INTERACTION_CREATE dispatch. */
  payload: ApiObject;
  /** Resolves with the recorded `POST /interactions/{id}/{token}/callback` call. */
  callback(timeoutMs?: number): Promise<RecordedCall>;
  /** Http mode: the bot's answer to the signed POST (status and JSON body). */
  http?: Promise<{ status: number; body: unknown }>;
}
