// Discord's REST traffic as metrics: discord.js reports every wait for a rate limit (a 429 or a
// bucket it knows is empty) and every response, so nothing is wrapped and no call site changes.
import { type REST, RESTEvents } from 'discord.js';
import type { Metrics } from '../../core/metrics.ts';

/** Counts refused or failed calls and rate-limit waits of one REST client. */
export function observeRest(rest: REST, metrics: Metrics): void {
  rest.on(RESTEvents.RateLimited, (info) => metrics.rateLimitWait('discord', info.retryAfter / 1000));
  rest.on(RESTEvents.Response, (_request, response) => {
    // 429s are retried after their wait, counted above; anything else at 400 or more is an error.
    if (response.status >= 400 && response.status !== 429) metrics.platformApiError('discord');
  });
}
