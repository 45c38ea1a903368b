/**
 * The fake Discord gateway (WebSocket, JSON encoding, no compression): HELLO, IDENTIFY → READY
 * + GUILD_CREATE, heartbeats, RESUME with replay, per-session sequence numbers, intent filtering,
 * and connection faults (drops, op 7 reconnect, op 9 invalid session).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { guildCreatePayload, type JsonObject, type MemberData } from './fixtures.ts';
import { makeSessionId } from './ids.ts';
import type { Recorder } from './recorder.ts';
import type { World } from './state.ts';

/** A payload the fake received from a client. */
export interface GatewayPayloadRecord {
  connectionId: number;
  sessionId: string | null;
  op: number;
  d: any;
  at: number;
}

export interface GatewayConnectionInfo {
  id: number;
  /** `/gateway` for fresh connections, `/gateway-resume` when the client used resume_gateway_url. */
  path: string;
  query: Record<string, string>;
  at: number;
}

export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  GuildMessageTyping: 1 << 11,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  DirectMessageTyping: 1 << 14,
  MessageContent: 1 << 15,
} as const;

const PRIVILEGED_INTENTS = Intent.GuildMembers | Intent.GuildPresences | Intent.MessageContent;
const MAX_LOGGED_DISPATCHES = 1000;

interface Session {
  id: string;
  seq: number;
  intents: number;
  /** Every dispatch sent in this session, for replay on RESUME. */
  log: Array<{ s: number; frame: string }>;
  /** [shard id, shard count] from IDENTIFY. */
  shard: [number, number];
  conn: Connection | null;
}

interface Connection {
  id: number;
  ws: WebSocket;
  session: Session | null;
  closingByServer: boolean;
}

export interface FakeGatewayOptions {
  world: World;
  token: string;
  heartbeatIntervalMs: number;
  resumeUrl: () => string;
  application: () => JsonObject;
  recorder: Recorder<GatewayPayloadRecord>;
  /** Privileged intents the app is allowed to use (others → close 4014). */
  allowedPrivilegedIntents: number;
}

export class FakeGateway {
  identifyCount = 0;
  resumeCount = 0;
  connectionCount = 0;
  readonly connectionLog: GatewayConnectionInfo[] = [];
  readonly #o: FakeGatewayOptions;
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly #connections = new Set<Connection>();
  readonly #sessions = new Map<string, Session>();
  #ackHeartbeats = true;

  constructor(options: FakeGatewayOptions) {
    this.#o = options;
  }

  /** Live sessions (connected, or disconnected but resumable). */
  get sessionIds(): string[] {
    return [...this.#sessions.keys()];
  }

  /** Number of open sockets that completed IDENTIFY or RESUME. */
  get activeConnections(): number {
    return [...this.#connections].filter((c) => c.session && c.ws.readyState === WebSocket.OPEN).length;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      this.connectionCount += 1;
      const conn: Connection = { id: this.connectionCount, ws, session: null, closingByServer: false };
      this.#connections.add(conn);
      this.connectionLog.push({ id: conn.id, path: url.pathname, query: Object.fromEntries(url.searchParams), at: Date.now() });
      ws.on('message', (data, isBinary) => this.#onMessage(conn, data, isBinary));
      ws.on('close', (code) => this.#onClose(conn, code));
      ws.on('error', () => {
        /* socket errors end in 'close' */
      });
      if (url.searchParams.get('v') !== null && url.searchParams.get('v') !== '10') {
        this.#closeConn(conn, 4012, 'Invalid API version');
        return;
      }
      this.#send(conn, { op: 10, s: null, t: null, d: { heartbeat_interval: this.#o.heartbeatIntervalMs, _trace: ['["fake-gateway",{"micros":0}]'] } });
    });
  }

  /**
   * Sends a dispatch to every live session whose shard it belongs to (buffered for disconnected
   * ones). Returns how many got it.
   */
  dispatch(event: string, data: JsonObject): number {
    let count = 0;
    const guildId = typeof data.guild_id === 'string' ? data.guild_id : undefined;
    for (const session of this.#sessions.values()) {
      if (!onShard(guildId, session.shard)) continue;
      if (this.#dispatchTo(session, event, data)) count += 1;
    }
    return count;
  }

  /** [id, count] of every live session, in order of identification. */
  get sessionShards(): Array<[number, number]> {
    return [...this.#sessions.values()].map((s) => s.shard);
  }

  /** Closes every socket: with a close code (default 4000, resumable) or by a network-level terminate. */
  dropConnections(mode: number | 'terminate' = 4000): void {
    for (const conn of this.#connections) {
      if (mode === 'terminate') {
        conn.closingByServer = true;
        conn.ws.terminate();
      } else {
        this.#closeConn(conn, mode, 'fake Discord dropped the connection');
      }
    }
  }

  /** Sends op 7 RECONNECT to every socket. */
  requestReconnect(): void {
    for (const conn of this.#connections) this.#send(conn, { op: 7, s: null, t: null, d: null });
  }

  /** Sends op 9 INVALID_SESSION. Non-resumable ends the sessions (the client must IDENTIFY again). */
  invalidateSession(resumable: boolean): void {
    for (const conn of this.#connections) {
      const session = conn.session;
      if (!session) continue;
      session.conn = null;
      conn.session = null;
      if (!resumable) this.#sessions.delete(session.id);
      this.#send(conn, { op: 9, s: null, t: null, d: resumable });
    }
  }

  setHeartbeatAcks(enabled: boolean): void {
    this.#ackHeartbeats = enabled;
  }

  close(): void {
    for (const conn of this.#connections) {
      conn.closingByServer = true;
      conn.ws.terminate();
    }
    this.#connections.clear();
    this.#sessions.clear();
    this.#wss.close();
  }

  // -------------------------------------------------------------------------------------------

  #send(conn: Connection, payload: JsonObject): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(payload));
  }

  #closeConn(conn: Connection, code: number, reason: string): void {
    conn.closingByServer = true;
    if (conn.ws.readyState === WebSocket.OPEN || conn.ws.readyState === WebSocket.CONNECTING) conn.ws.close(code, reason);
  }

  #dispatchTo(session: Session, event: string, data: JsonObject): boolean {
    const filtered = filterForIntents(event, data, session.intents, this.#o.world.botUser.id);
    if (!filtered) return false;
    session.seq += 1;
    const frame = JSON.stringify({ op: 0, s: session.seq, t: event, d: filtered });
    session.log.push({ s: session.seq, frame });
    if (session.log.length > MAX_LOGGED_DISPATCHES) session.log.shift();
    const conn = session.conn;
    if (conn && conn.ws.readyState === WebSocket.OPEN) conn.ws.send(frame);
    return true;
  }

  #onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: any };
    try {
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      payload = JSON.parse(text) as { op?: unknown; d?: any };
      if (isBinary && typeof payload !== 'object') throw new Error('not an object');
    } catch {
      this.#closeConn(conn, 4002, 'Error while decoding payload.');
      return;
    }
    const op = typeof payload.op === 'number' ? payload.op : -1;
    this.#o.recorder.push({ connectionId: conn.id, sessionId: conn.session?.id ?? null, op, d: payload.d ?? null, at: Date.now() });

    switch (op) {
      case 1:
        if (this.#ackHeartbeats) this.#send(conn, { op: 11, s: null, t: null, d: null });
        return;
      case 2:
        this.#identify(conn, payload.d);
        return;
      case 6:
        this.#resume(conn, payload.d);
        return;
      case 3: // presence update
      case 4: // voice state update
        if (!conn.session) this.#closeConn(conn, 4003, 'Not authenticated.');
        return;
      case 8:
        if (!conn.session) this.#closeConn(conn, 4003, 'Not authenticated.');
        else this.#requestGuildMembers(conn.session, payload.d);
        return;
      default:
        this.#closeConn(conn, 4001, 'Unknown opcode.');
    }
  }

  #identify(conn: Connection, d: any): void {
    if (conn.session) {
      this.#closeConn(conn, 4005, 'Already authenticated.');
      return;
    }
    if (!d || d.token !== this.#o.token) {
      this.#closeConn(conn, 4004, 'Authentication failed.');
      return;
    }
    const intents = typeof d.intents === 'number' ? d.intents : NaN;
    if (!Number.isInteger(intents) || intents < 0) {
      this.#closeConn(conn, 4013, 'Invalid intent(s).');
      return;
    }
    if ((intents & PRIVILEGED_INTENTS & ~this.#o.allowedPrivilegedIntents) !== 0) {
      this.#closeConn(conn, 4014, 'Disallowed intent(s).');
      return;
    }
    const raw = Array.isArray(d.shard) ? (d.shard as unknown[]) : [0, 1];
    const [shardId, shardCount] = raw;
    if (raw.length !== 2 || !Number.isInteger(shardId) || !Number.isInteger(shardCount) || (shardCount as number) < 1 || (shardId as number) < 0 || (shardId as number) >= (shardCount as number)) {
      this.#closeConn(conn, 4010, 'Invalid shard.');
      return;
    }
    const shard: [number, number] = [shardId as number, shardCount as number];
    this.identifyCount += 1;
    const session: Session = { id: makeSessionId(), seq: 0, intents, log: [], conn, shard };
    this.#sessions.set(session.id, session);
    conn.session = session;
    const w = this.#o.world;
    const app = this.#o.application();
    this.#dispatchTo(session, 'READY', {
      v: 10,
      user_settings: {},
      user: { ...w.botUser, verified: true, mfa_enabled: false, email: null, flags: 0 },
      guilds: w.guilds.filter((g) => onShard(g.id, shard)).map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.#o.resumeUrl(),
      shard,
      application: { id: app.id, flags: app.flags },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['fake'],
      auth: {},
      _trace: ['["fake-gateway",{"micros":0}]'],
    });
    for (const guild of w.guilds) if (onShard(guild.id, shard)) this.#dispatchTo(session, 'GUILD_CREATE', guildCreatePayload(guild));
  }

  #resume(conn: Connection, d: any): void {
    if (conn.session) {
      this.#closeConn(conn, 4005, 'Already authenticated.');
      return;
    }
    const session = d && typeof d.session_id === 'string' ? this.#sessions.get(d.session_id) : undefined;
    const seq = typeof d?.seq === 'number' ? d.seq : d?.seq === null ? 0 : NaN;
    const oldest = session?.log[0]?.s ?? 1;
    if (!session || d.token !== this.#o.token || !(seq >= 0) || seq > session.seq || (seq + 1 < oldest && seq < session.seq)) {
      this.#send(conn, { op: 9, s: null, t: null, d: false });
      return;
    }
    this.resumeCount += 1;
    if (session.conn && session.conn !== conn) {
      const previous = session.conn;
      previous.session = null;
      this.#closeConn(previous, 4000, 'Session resumed elsewhere');
    }
    session.conn = conn;
    conn.session = session;
    for (const entry of session.log) {
      if (entry.s > seq) conn.ws.send(entry.frame);
    }
    this.#dispatchTo(session, 'RESUMED', { _trace: ['["fake-gateway",{"micros":0}]'] });
  }

  #requestGuildMembers(session: Session, d: any): void {
    const guild = this.#o.world.guild(String(d?.guild_id ?? ''));
    if (!guild) return;
    const userIds: string[] | undefined = Array.isArray(d.user_ids) ? d.user_ids : typeof d.user_ids === 'string' ? [d.user_ids] : undefined;
    const query = typeof d.query === 'string' ? d.query.toLowerCase() : '';
    const limit = typeof d.limit === 'number' && d.limit > 0 ? d.limit : Infinity;
    const members: MemberData[] = guild.members
      .filter((m) => (userIds ? userIds.includes(m.user.id) : m.user.username.toLowerCase().startsWith(query)))
      .slice(0, limit);
    const notFound = userIds ? userIds.filter((id) => !guild.members.some((m) => m.user.id === id)) : [];
    this.#dispatchTo(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guild.id,
      members,
      chunk_index: 0,
      chunk_count: 1,
      ...(notFound.length ? { not_found: notFound } : {}),
      ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
    });
  }

  #onClose(conn: Connection, code: number): void {
    this.#connections.delete(conn);
    const session = conn.session;
    if (!session) return;
    conn.session = null;
    if (session.conn === conn) session.conn = null;
    // A client closing with 1000/1001 ends its session (Discord does the same); anything else may resume.
    if (!conn.closingByServer && (code === 1000 || code === 1001)) this.#sessions.delete(session.id);
  }
}

/**
 * Discord's routing: a guild's events go to shard (guild_id >> 22) % shard_count; events of no
 * guild (direct messages) go to shard 0.
 */
export function shardOf(guildId: string | undefined, shardCount: number): number {
  if (guildId === undefined || !/^\d+$/.test(guildId)) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

function onShard(guildId: string | undefined, [id, count]: [number, number]): boolean {
  return shardOf(guildId, count) === id;
}

const GUILD_EVENTS = new Set([
  'GUILD_CREATE', 'GUILD_UPDATE', 'GUILD_DELETE', 'GUILD_ROLE_CREATE', 'GUILD_ROLE_UPDATE', 'GUILD_ROLE_DELETE',
  'CHANNEL_CREATE', 'CHANNEL_UPDATE', 'CHANNEL_DELETE', 'CHANNEL_PINS_UPDATE', 'THREAD_CREATE', 'THREAD_UPDATE',
  'THREAD_DELETE', 'THREAD_LIST_SYNC', 'THREAD_MEMBER_UPDATE', 'STAGE_INSTANCE_CREATE', 'STAGE_INSTANCE_UPDATE',
  'STAGE_INSTANCE_DELETE',
]);
const MESSAGE_EVENTS = new Set(['MESSAGE_CREATE', 'MESSAGE_UPDATE', 'MESSAGE_DELETE', 'MESSAGE_DELETE_BULK']);
const REACTION_EVENTS = new Set([
  'MESSAGE_REACTION_ADD', 'MESSAGE_REACTION_REMOVE', 'MESSAGE_REACTION_REMOVE_ALL', 'MESSAGE_REACTION_REMOVE_EMOJI',
]);

/**
 * Applies Discord's intent rules to one dispatch: returns null when the session must not receive
 * it, or the data (with message content blanked when MESSAGE_CONTENT is missing, as Discord does).
 */
export function filterForIntents(event: string, data: JsonObject, intents: number, botUserId: string): JsonObject | null {
  const has = (bit: number): boolean => (intents & bit) !== 0;
  const inGuild = typeof data.guild_id === 'string';
  if (GUILD_EVENTS.has(event)) return has(Intent.Guilds) ? data : null;
  if (event.startsWith('GUILD_MEMBER_') && event !== 'GUILD_MEMBERS_CHUNK') return has(Intent.GuildMembers) ? data : null;
  if (event === 'PRESENCE_UPDATE') return has(Intent.GuildPresences) ? data : null;
  if (REACTION_EVENTS.has(event)) return has(inGuild ? Intent.GuildMessageReactions : Intent.DirectMessageReactions) ? data : null;
  if (event === 'TYPING_START') return has(inGuild ? Intent.GuildMessageTyping : Intent.DirectMessageTyping) ? data : null;
  if (MESSAGE_EVENTS.has(event)) {
    if (!has(inGuild ? Intent.GuildMessages : Intent.DirectMessages)) return null;
    if ((event === 'MESSAGE_CREATE' || event === 'MESSAGE_UPDATE') && inGuild && !has(Intent.MessageContent)) {
      const author = data.author as { id?: string } | undefined;
      const mentions = Array.isArray(data.mentions) ? (data.mentions as Array<{ id?: string }>) : [];
      const visible = author?.id === botUserId || mentions.some((m) => m.id === botUserId);
      if (!visible) return { ...data, content: '', embeds: [], attachments: [], components: [], poll: undefined };
    }
    return data;
  }
  return data;
}
