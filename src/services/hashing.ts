// One-way keyed hashes: an anonymous question keeps no link to its author, only a hash that the
// same member in the same class always produces (rate limits, no double upvotes) and that cannot
// be turned back into a member without the secret and the member list.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function memberHash(secret: string, classId: string, memberId: string): string {
  return createHmac('sha256', secret)
    .update(`member:${classId}:${memberId}`)
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
