// Slack has no idempotency key for chat.postMessage, so a keyed post carries its key in the
// message's metadata and is never re-sent blindly: after an answer that may have been lost (a
// reset, a timeout, a 5xx) or when an earlier attempt may have posted (`resume`), the channel's
// recent history (or the thread's replies) is read for a message with that key, and the one found
// is adopted instead of posting again. See docs/decisions/0018-exactly-once-posts.md.
import type { webApi } from '@slack/bolt';

/** The metadata event type of Inverso's keyed posts. */
export const POST_EVENT = 'inverso_post';

/** Slack metadata naming a post's key (chat.postMessage `metadata`). */
export function postMetadata(key: string): { event_type: string; event_payload: { key: string } } {
  return { event_type: POST_EVENT, event_payload: { key } };
}

/** Where a keyed message may be: a channel (or DM), or a thread of it. */
export interface PostPlace {
  token: string;
  channel: string;
  threadTs?: string;
}

/** Messages read back per lookup: keyed posts are looked for soon after they were made. */
const LOOKUP_LIMIT = 200;

/** The ts of the message posted under `key` in that place, if Slack has it. */
export async function findKeyed(
  client: webApi.WebClient,
  place: PostPlace,
  key: string,
): Promise<string | undefined> {
  const common = {
    token: place.token,
    channel: place.channel,
    include_all_metadata: true,
    limit: LOOKUP_LIMIT,
  };
  const page = place.threadTs
    ? await client.conversations.replies({ ...common, ts: place.threadTs })
    : await client.conversations.history(common);
  for (const message of page.messages ?? []) {
    const metadata = (message as { metadata?: { event_type?: string; event_payload?: { key?: unknown } } })
      .metadata;
    if (metadata?.event_type === POST_EVENT && metadata.event_payload?.key === key && message.ts) {
      return message.ts;
    }
  }
  return undefined;
}

/** Slack answered and said no (`ok: false`): nothing was posted, and trying again changes nothing. */
function refused(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'slack_webapi_platform_error';
}

/**
 * Posts once: `send` (a call the WebClient does not retry by itself) is tried up to `tries` times,
 * and before each new try, and before the first when `resume`, the place is searched for the key.
 * Returns the ts and channel of the message, found or posted.
 */
export async function postOnce(
  client: webApi.WebClient,
  place: PostPlace,
  key: string,
  options: { resume: boolean; tries: number; send: () => Promise<{ channel?: string; ts?: string }> },
): Promise<{ channel: string; ts: string; found: boolean }> {
  let lookFirst = options.resume;
  let lastError: unknown;
  for (let attempt = 0; attempt < Math.max(1, options.tries); attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    if (lookFirst) {
      const ts = await findKeyed(client, place, key);
      if (ts) return { channel: place.channel, ts, found: true };
    }
    try {
      const result = await options.send();
      return { channel: result.channel ?? place.channel, ts: result.ts ?? '', found: false };
    } catch (error) {
      if (refused(error)) throw error;
      // The answer was lost, not necessarily the post: look before the next try.
      lastError = error;
      lookFirst = true;
    }
  }
  throw lastError;
}
