// Slack's Socket Mode side: the WebSocket that apps.connections.open points to. It greets the app with
// `hello`, pushes envelopes, and matches the app's acks to them by envelope_id.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { isRecord, Waiters } from './http-utils.ts';

/** Envelope types Slack sends over Socket Mode. */
export type SocketEnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** A message pushed to the app, as Slack frames it. */
export interface SocketEnvelope {
  envelope_id: string;
  type: SocketEnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** The app's acknowledgement: `payload` carries what it passed to `ack()` (`{}` for a bare ack). */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/** Options of {@link FakeSocketMode.send}. */
export interface SocketSendOptions {
  /** Slack allows ~3 s for an ack; the default waits that long before rejecting. */
  ackTimeoutMs?: number;
  /** Defaults to true except for events_api, like Slack. */
  acceptsResponsePayload?: boolean;
}

export class FakeSocketMode {
  readonly envelopes: SocketEnvelope[] = [];
  readonly acks: SocketAck[] = [];
  /** Number of WebSocket connections the app opened, reconnections included. */
  connectionCount = 0;
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly ackWaiters = new Waiters<SocketAck>(this.acks);
  private readonly connectWaiters = new Waiters<WebSocket>([]);

  constructor(private readonly appId: string) {}

  /** True while at least one app connection is open and greeted. */
  get connected(): boolean {
    return [...this.sockets].some((s) => s.readyState === s.OPEN);
  }

  /** Resolves once an app is connected (immediately if one already is). */
  async waitForConnection(timeoutMs = 2000): Promise<void> {
    if (this.connected) return;
    await this.connectWaiters.wait(() => true, timeoutMs, 'a Socket Mode connection');
  }

  /** Called by the HTTP server's `upgrade` event for the socket path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  /**
   * Pushes an envelope to the most recent connection and resolves with the app's ack. The payload is
   * what Slack would put in it: the slash command fields, the interactive payload, or the event_callback.
   */
  async send(
    type: SocketEnvelopeType,
    payload: Record<string, unknown>,
    options: SocketSendOptions = {},
  ): Promise<SocketAck> {
    const socket = [...this.sockets].reverse().find((s) => s.readyState === s.OPEN);
    if (!socket) throw new Error('FakeSlack: no Socket Mode connection; did the app start?');
    const envelope: SocketEnvelope = {
      envelope_id: randomUUID(),
      type,
      payload,
      accepts_response_payload: options.acceptsResponsePayload ?? type !== 'events_api',
      ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}),
    };
    this.envelopes.push(envelope);
    const acked = this.ackWaiters.wait(
      (ack) => ack.envelope_id === envelope.envelope_id,
      options.ackTimeoutMs ?? 3000,
      `the ack of ${type} envelope ${envelope.envelope_id}`,
    );
    socket.send(JSON.stringify(envelope));
    return acked;
  }

  /** Asks the app to reconnect, as Slack does before recycling a connection. */
  requestDisconnect(reason = 'refresh_requested'): void {
    const message = JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } });
    for (const socket of this.sockets) socket.send(message);
  }

  async close(): Promise<void> {
    // terminate(): a test's app may already be gone, so no close handshake to wait for.
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(ws: WebSocket): void {
    this.connectionCount += 1;
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const parsed = parseJson(data.toString());
      if (!isRecord(parsed) || typeof parsed.envelope_id !== 'string') return;
      const ack: SocketAck = { envelope_id: parsed.envelope_id };
      if (isRecord(parsed.payload)) ack.payload = parsed.payload;
      this.acks.push(ack);
      this.ackWaiters.notify(ack);
    });
    // Slack's greeting; the SocketModeClient only reports "connected" (and app.start() resolves) after it.
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'applink-fake-slack', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.appId },
      }),
    );
    this.connectWaiters.notify(ws);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
