// One-way keyed hashes. A key is scoped to one purpose and one thing (a question, a poll
// question): it stops a second vote or a second ballot, and never equals a key of the same member
// elsewhere, so a reader of the database cannot gather a member's rows by it.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a scoped key is for; each purpose gives unrelated keys for the same member. */
export type KeyPurpose = 'vote' | 'poll' | 'ask' | 'own';

export function scopedKey(secret: string, purpose: KeyPurpose, scope: string, memberId: string): string {
  return createHmac('sha256', secret)
    .update(`${purpose}:${scope}:${memberId}`)
    .digest('base64url')
    .slice(0, 32);
}

export function tokenHash(secret: string, token: string): string {
  return createHmac('sha256', secret).update(`token:${token}`).digest('base64url');
}

/** A signature for links (unsubscribe, sign-in): HMAC of the payload. */
export function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`link:${payload}`).digest('base64url').slice(0, 43);
}

export function verify(secret: string, payload: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
