// Discord's REST traffic as metrics: discord.js reports each response and each wait for a bucket
// it knows is empty, so nothing is wrapped and no call site changes.
import { type REST, RESTEvents } from 'discord.js';
import type { Metrics } from '../../core/metrics.ts';

/** Counts refused or failed calls and rate-limit waits of one REST client. */
export function observeRest(rest: REST, metrics: Metrics): void {
  // A bucket known to be empty: discord.js waits before sending (no 429 involved).
  rest.on(RESTEvents.RateLimited, (info) => metrics.rateLimitWait('discord', info.timeToReset / 1000));
  rest.on(RESTEvents.Response, (_request, response) => {
    if (response.status === 429) {
      // An unexpected 429: discord.js waits Retry-After, then sends again.
      const seconds = Number(response.headers.get('retry-after') ?? 0);
      metrics.rateLimitWait('discord', Number.isFinite(seconds) ? seconds : 0);
    } else if (response.status >= 400) {
      metrics.platformApiError('discord');
    }
  });
}
