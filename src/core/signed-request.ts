// What every signed webhook (Slack's HMAC, Discord's Ed25519) shares: how far a request's own
// timestamp may be from now. Both platforms document five minutes; one constant keeps them equal.

/** A signed request whose timestamp is further than this from now, ahead or behind, is refused. */
export const SIGNED_REQUEST_SKEW_MS = 5 * 60_000;

/** Whether a request timestamp (Unix seconds, as both platforms send it) is within the window. */
export function withinSkew(timestampSeconds: number, nowMs: number): boolean {
  return (
    Number.isFinite(timestampSeconds) && Math.abs(nowMs - timestampSeconds * 1000) <= SIGNED_REQUEST_SKEW_MS
  );
}
