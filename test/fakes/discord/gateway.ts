import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { FakeState } from './state.ts';
import type { ApiObject } from './types.ts';
import { asArray, asRecord, asString, newToken } from './util.ts';

interface Session {
  socket: WebSocket;
  sessionId: string | null;
  seq: number;
  ready: boolean;
}

/** Close code Discord uses when IDENTIFY carries a wrong token; discord.js treats it as fatal. */
const AUTHENTICATION_FAILED = 4004;

/**
 * The gateway half of the fake, sharing the REST server's port. It speaks plain JSON (no zlib: zlib-sync is
 * not installed, so discord.js does not ask for compression) and implements the handshake discord.js needs:
 * HELLO, IDENTIFY -> READY + one GUILD_CREATE per guild, heartbeat ACKs and RESUME.
 */
export class Gateway {
  /** Every IDENTIFY payload received (`d`), e.g. to assert intents. */
  readonly identifies: ApiObject[] = [];
  readonly #wss: WebSocketServer;
  readonly #sessions = new Set<Session>();
  /** Sessions that may be resumed, by id, with their last sequence. */
  readonly #resumable = new Map<string, number>();
  readonly #events = new EventEmitter();

  constructor(
    server: Server,
    private readonly state: FakeState,
  ) {
    this.#wss = new WebSocketServer({ server });
    this.#wss.on('connection', (socket) => this.#open(socket));
    this.#events.setMaxListeners(0);
  }

  /** True when at least one client has finished the handshake. */
  get ready(): boolean {
    return [...this.#sessions].some((s) => s.ready);
  }

  /** Resolves once a client has identified and received its guilds. */
  waitForReady(timeoutMs = 5_000): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#events.off('ready', onReady);
        reject(new Error(`No client identified on the fake gateway within ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.#events.once('ready', onReady);
    });
  }

  /** Sends a dispatch (op 0) to every ready client; returns how many received it. */
  dispatch(event: string, data: unknown): number {
    let sent = 0;
    for (const session of this.#sessions) {
      if (!session.ready) continue;
      this.#send(session, event, data);
      sent += 1;
    }
    return sent;
  }

  /** Closes every client connection with a code, e.g. 4000 to exercise discord.js's resume path. */
  disconnectAll(code = 4000, reason = 'Fake disconnect'): void {
    for (const session of this.#sessions) session.socket.close(code, reason);
  }

  /** Terminates every connection and stops accepting new ones. */
  close(): Promise<void> {
    for (const session of this.#sessions) session.socket.terminate();
    this.#sessions.clear();
    return new Promise((resolve) => this.#wss.close(() => resolve()));
  }

  #open(socket: WebSocket): void {
    const session: Session = { socket, sessionId: null, seq: 0, ready: false };
    this.#sessions.add(session);
    socket.on('close', () => {
      this.#sessions.delete(session);
      if (session.sessionId) this.#resumable.set(session.sessionId, session.seq);
    });
    socket.on('message', (raw) => this.#receive(session, raw));
    socket.send(
      JSON.stringify({ op: 10, d: { heartbeat_interval: this.state.heartbeatIntervalMs }, s: null, t: null }),
    );
  }

  #send(session: Session, event: string, data: unknown): void {
    session.seq += 1;
    session.socket.send(JSON.stringify({ op: 0, t: event, s: session.seq, d: data }));
  }

  #tokenMatches(token: unknown): boolean {
    return (asString(token) ?? '').replace(/^Bot\s+/i, '') === this.state.token;
  }

  #receive(session: Session, raw: RawData): void {
    let payload: ApiObject;
    try {
      payload = asRecord(JSON.parse(raw.toString()));
    } catch {
      session.socket.close(4002, 'Error while decoding payload.');
      return;
    }
    const d = asRecord(payload.d);
    switch (payload.op) {
      case 1:
        session.socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
        return;
      case 2:
        this.identifies.push(d);
        if (!this.#tokenMatches(d.token)) {
          session.socket.close(AUTHENTICATION_FAILED, 'Authentication failed.');
          return;
        }
        this.#identify(session);
        return;
      case 6:
        this.#resume(session, d);
        return;
      case 8:
        this.#memberChunk(session, d);
        return;
      default:
        // Presence and voice state updates need no answer.
        return;
    }
  }

  #identify(session: Session): void {
    const { state } = this;
    session.sessionId = newToken().slice(0, 32);
    this.#send(session, 'READY', {
      v: 10,
      user: { ...state.apiUser(state.botUser), verified: true, mfa_enabled: false },
      guilds: [...state.guilds.keys()].map((id) => ({ id, unavailable: true })),
      session_id: session.sessionId,
      session_type: 'normal',
      resume_gateway_url: state.gatewayUrl,
      shard: [0, 1],
      application: { id: state.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      _trace: ['fake-discord'],
    });
    // discord.js waits up to 15 s for every guild listed in READY, so all of them must follow.
    for (const guild of state.guilds.values()) this.#send(session, 'GUILD_CREATE', state.apiGuild(guild));
    session.ready = true;
    this.#events.emit('ready');
  }

  #resume(session: Session, d: ApiObject): void {
    const sessionId = asString(d.session_id) ?? '';
    const seq = this.#resumable.get(sessionId);
    if (!this.#tokenMatches(d.token) || seq === undefined) {
      // Not resumable: op 9 with d=false tells discord.js to identify from scratch.
      session.socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      return;
    }
    this.#resumable.delete(sessionId);
    session.sessionId = sessionId;
    session.seq = seq;
    this.#send(session, 'RESUMED', {});
    session.ready = true;
    this.#events.emit('ready');
  }

  #memberChunk(session: Session, d: ApiObject): void {
    const guildId = asString(d.guild_id) ?? '';
    // `user_ids` may be one id or a list.
    const wanted = (typeof d.user_ids === 'string' ? [d.user_ids] : asArray(d.user_ids)).map(String);
    const users = [...this.state.users.values()].filter((u) => wanted.length === 0 || wanted.includes(u.id));
    this.#send(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guildId,
      members: users.map((u) => this.state.apiMember(u)),
      chunk_index: 0,
      chunk_count: 1,
      not_found: wanted.filter((id) => !this.state.users.has(id)),
      ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
    });
  }
}
