// POST /discord/interactions (DISCORD_MODE=http): Discord signs each request with the application's
// Ed25519 key over timestamp + raw body. A request that fails the check gets 401 (Discord itself
// sends such requests when the URL is saved, and refuses a URL that accepts them); a PING gets a
// PONG; anything else is handed to the platform and answered with its first answer.
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { withinSkew } from '../../core/signed-request.ts';
import { defaultBodyLimit } from '../../http/body.ts';
import type { HttpServer } from '../../http/server.ts';
import type { PendingAnswer, RawInteraction } from './http-mode.ts';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo: the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The application's public key (hex, as the Developer Portal shows it) as a verifying key. */
export function discordPublicKey(hex: string): KeyObject {
  const raw = Buffer.from(hex, 'hex');
  if (raw.length !== 32) throw new Error('DISCORD_PUBLIC_KEY must be 64 hexadecimal characters');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** Whether the headers sign this exact body with the application's key, at a time near `nowMs`. */
export function verifyInteraction(
  key: KeyObject,
  signatureHex: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
  nowMs = Date.now(),
): boolean {
  if (!signatureHex || !timestamp || !/^[0-9a-f]{128}$/i.test(signatureHex) || !/^\d+$/.test(timestamp)) {
    return false;
  }
  // Older or newer than the window: refused, so a captured request cannot be replayed later.
  if (!withinSkew(Number(timestamp), nowMs)) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}

/** What the route needs from the Discord platform. */
export interface InteractionReceiver {
  /** Hands a verified interaction to the bot; null while the platform is not started. */
  receive(payload: RawInteraction): PendingAnswer | null;
}

/** Options of the interactions route. */
export interface InteractionsRouteOptions {
  /** DISCORD_PUBLIC_KEY (hex). */
  publicKey: string;
  path?: string;
  /** The clock for the timestamp check (tests). */
  now?: () => number;
}

const header = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/** Mounts Discord's interactions endpoint on the bot's HTTP server. */
export function mountDiscordInteractions(
  http: Pick<HttpServer, 'route'>,
  platform: InteractionReceiver,
  options: InteractionsRouteOptions,
): void {
  const key = discordPublicKey(options.publicKey);
  const now = options.now ?? Date.now;
  http.route('POST', options.path ?? '/discord/interactions', async (ctx) => {
    const raw = await ctx.raw(defaultBodyLimit);
    const signature = header(ctx.req.headers['x-signature-ed25519']);
    const timestamp = header(ctx.req.headers['x-signature-timestamp']);
    if (!verifyInteraction(key, signature, timestamp, raw, now())) {
      ctx.send(401, { error: 'invalid_request_signature' });
      return;
    }
    let payload: RawInteraction;
    try {
      payload = JSON.parse(raw.toString('utf8')) as RawInteraction;
    } catch {
      ctx.send(400, { error: 'bad_json' });
      return;
    }
    if (payload?.type === 1) {
      ctx.send(200, { type: 1 });
      return;
    }
    if (typeof payload?.id !== 'string') {
      ctx.send(400, { error: 'not_an_interaction' });
      return;
    }
    const pending = platform.receive(payload);
    if (!pending) {
      ctx.send(503, { error: 'discord_not_started' });
      return;
    }
    ctx.res.on('close', () => pending.delivered());
    const response = await pending.response;
    if (response) ctx.send(200, response);
    else ctx.send(500, { error: 'no_answer' });
  });
}
