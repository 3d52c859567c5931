// Slack's Web API traffic as metrics. The client announces each rate-limit pause (a 429 with its
// Retry-After); failed calls are seen by wrapping the one method every call goes through.
import { type App, webApi } from '@slack/bolt';
import type { Metrics } from '../../core/metrics.ts';

/** Counts failed calls and rate-limit waits of one Web API client. */
export function observeWebClient(client: webApi.WebClient, metrics: Metrics): void {
  client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => metrics.rateLimitWait('slack', seconds));
  const apiCall = client.apiCall.bind(client);
  client.apiCall = async (method, options) => {
    try {
      return await apiCall(method, options);
    } catch (error) {
      metrics.platformApiError('slack');
      throw error;
    }
  };
}

/** Whether Bolt's Socket Mode connection is open now (it reconnects by itself after a cut). */
export function socketOpen(app: App): boolean {
  // Bolt keeps its receiver private; the Socket Mode client under it says whether it is connected.
  const receiver = (app as unknown as { receiver?: { client?: { websocket?: { isActive(): boolean } } } })
    .receiver;
  return receiver?.client?.websocket?.isActive() ?? false;
}
