// Signs and sends requests to an app in HTTP mode exactly like Slack does, so Bolt's own
// signature check (HMAC-SHA256 over `v0:{timestamp}:{raw body}`, 5-minute window) is exercised.
import { createHmac } from 'node:crypto';
import type { SlackRequestBody } from './payloads.ts';

/** Options of {@link signedRequest}. */
export interface SignedRequestOptions {
  signingSecret: string;
  body: SlackRequestBody;
  /** Seconds since the epoch; defaults to now. Use an old one to test replay protection. */
  timestamp?: number;
  /** Overrides the computed `x-slack-signature`, to test rejection. */
  signature?: string;
  /** Extra headers, e.g. `x-slack-retry-num`. */
  headers?: Record<string, string>;
}

/** The app's HTTP answer. `json` is the parsed body when it is JSON, else undefined. */
export interface SignedResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{rawBody}` keyed with the signing secret. */
export function signSlackRequest(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/**
 * POSTs a signed request to an app. `appUrl` is the app's base URL or its full events URL; a bare
 * origin gets Bolt's default `/slack/events` path appended.
 */
export async function signedRequest(appUrl: string, options: SignedRequestOptions): Promise<SignedResponse> {
  const url = new URL(appUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/slack/events';
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const { rawBody, contentType } = options.body;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      // Exactly this value: Bolt compares the content type with ===, a `; charset` suffix gets a 400.
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? signSlackRequest(options.signingSecret, timestamp, rawBody),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...options.headers,
    },
    body: rawBody,
  });
  const text = await response.text();
  let json: unknown;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') json = JSON.parse(text);
  return { status: response.status, headers: response.headers, text, json };
}
