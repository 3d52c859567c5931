// Server-Sent Events: one long response per open page. Used by the sandbox for live messages, and
// ready for the dashboard. A comment line every few seconds keeps proxies from closing idle streams.
import type { ServerResponse } from 'node:http';

/** How often an idle stream gets a keep-alive comment. */
export const keepAliveMs = 20_000;

/** One open event stream. */
export interface EventStream {
  /** Sends one named event with a JSON payload. Ignored once the stream is closed. */
  send(event: string, data: unknown): void;
  close(): void;
  readonly closed: boolean;
  /** Called once when the client goes away or the stream is closed. */
  onClose(listener: () => void): void;
}

/** Turns a response into an event stream (headers are sent at once). */
export function openEventStream(res: ServerResponse, options: { retryMs?: number } = {}): EventStream {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // Tells nginx-like proxies not to buffer, or events would arrive in bursts.
    'x-accel-buffering': 'no',
  });
  res.write(`retry: ${options.retryMs ?? 2000}\n\n`);
  const listeners: (() => void)[] = [];
  let closed = false;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(ping);
    for (const listener of listeners.splice(0)) listener();
  };
  const ping = setInterval(() => {
    if (!closed) res.write(': ping\n\n');
  }, keepAliveMs);
  ping.unref();
  res.on('close', finish);
  return {
    get closed() {
      return closed;
    },
    send(event, data) {
      if (closed) return;
      // JSON has no raw line breaks, so one data line always holds the whole payload.
      res.write(`event: ${event.replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      finish();
      res.end();
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
}
