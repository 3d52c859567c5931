// Slack's Web API traffic as metrics. The client announces each rate-limit pause (a 429 with its
// Retry-After); failed calls are seen in apiCall, the one method every call goes through.
import { type App, webApi } from '@slack/bolt';
import type { Metrics } from '../../core/metrics.ts';

/**
 * A WebClient that counts its failed calls. A subclass, not a patch: the client binds each method
 * (chat.postMessage...) to apiCall when it is built, so replacing apiCall afterwards changes nothing.
 */
export class CountingWebClient extends webApi.WebClient {
  readonly #metrics: Metrics;

  constructor(metrics: Metrics, options: webApi.WebClientOptions) {
    super(undefined, options);
    this.#metrics = metrics;
    this.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => metrics.rateLimitWait('slack', seconds));
  }

  override async apiCall(
    method: string,
    options?: Record<string, unknown>,
  ): Promise<webApi.WebAPICallResult> {
    try {
      return await super.apiCall(method, options);
    } catch (error) {
      this.#metrics.platformApiError('slack');
      throw error;
    }
  }
}

/** Whether Bolt's Socket Mode connection is open now (it reconnects by itself after a cut). */
export function socketOpen(app: App): boolean {
  // Bolt keeps its receiver private; the Socket Mode client under it says whether it is connected.
  const receiver = (app as unknown as { receiver?: { client?: { websocket?: { isActive(): boolean } } } })
    .receiver;
  return receiver?.client?.websocket?.isActive() ?? false;
}
