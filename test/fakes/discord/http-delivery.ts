// Discord's http mode in the fake: instead of a gateway dispatch, each interaction is POSTed to the
// bot's interactions URL, signed with Ed25519 like Discord does, and the JSON answer is applied as
// the interaction's first answer (recorded as a callback call marked `viaHttpResponse`).
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { CallLog } from './call-log.ts';
import { interactionCallback } from './routes-interactions.ts';
import type { FakeState } from './state.ts';
import type { ApiObject } from './types.ts';
import { asRecord } from './util.ts';

/** Where and how the fake posts interactions in http mode. */
export interface HttpDeliveryTarget {
  /** The bot's `/discord/interactions` URL. */
  url: string;
  /** The application's private key (the bot verifies with its public half). */
  privateKey: KeyObject;
}

/** A fresh application key pair: the private key for the fake, the public key as DISCORD_PUBLIC_KEY hex. */
export function interactionKeyPair(): { privateKey: KeyObject; publicKeyHex: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKeyHex: der.subarray(der.length - 32).toString('hex') };
}

/** Signs a body as Discord does: hex Ed25519 signature over timestamp + body. */
export function signInteraction(
  privateKey: KeyObject,
  body: string,
  timestamp = String(Math.floor(Date.now() / 1000)),
): Record<string, string> {
  const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
  return {
    'content-type': 'application/json',
    'x-signature-ed25519': signature,
    'x-signature-timestamp': timestamp,
  };
}

/** Posts one interaction to the bot and applies its answer; resolves with the bot's HTTP answer. */
export async function deliverOverHttp(
  target: HttpDeliveryTarget,
  state: FakeState,
  log: CallLog,
  payload: ApiObject,
): Promise<{ status: number; body: unknown }> {
  const text = JSON.stringify(payload);
  const response = await fetch(target.url, {
    method: 'POST',
    headers: signInteraction(target.privateKey, text),
    body: text,
  });
  const raw = await response.text();
  let body: unknown = null;
  try {
    body = raw ? JSON.parse(raw) : null;
  } catch {
    body = raw;
  }
  const id = String(payload.id);
  const token = String(payload.token);
  const path = `/interactions/${id}/${token}/callback`;
  const base = {
    method: 'POST',
    path,
    query: {},
    body,
    files: [],
    headers: { authorization: null, auditLogReason: null, contentType: 'application/json' },
    at: Date.now(),
    injected: false,
    viaHttpResponse: true,
  };
  if (response.status !== 200) {
    log.record({ ...base, status: response.status, response: body });
    return { status: response.status, body };
  }
  const result = interactionCallback({
    state,
    method: 'POST',
    path,
    params: { interactionId: id, token },
    query: {},
    body: asRecord(body),
    rawBody: body,
    files: [],
  });
  log.record({ ...base, status: result.status, response: result.body ?? null });
  return { status: response.status, body };
}
