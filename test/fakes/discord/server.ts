/**
 * startFakeDiscord(): one HTTP server on 127.0.0.1 serving the fake REST API under /api/v10
 * and the fake gateway (WebSocket upgrade on /gateway and /gateway-resume).
 *
 * Point the unmodified discord.js client at it with
 *   new Client({ intents, rest: { api: fake.apiUrl } }).login(fake.token)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  createFixtures,
  DEFAULT_IDS,
  makeBotUser,
  makeUser,
  type ChannelData,
  type Fixtures,
  type GuildFixture,
  type GuildOptions,
  type InteractionPayload,
  type JsonObject,
  type MessageData,
  type UserData,
} from './fixtures.ts';
import { FakeGateway, type GatewayConnectionInfo, type GatewayPayloadRecord } from './gateway.ts';
import { createSnowflakeGenerator, makeBotToken } from './ids.ts';
import { Recorder } from './recorder.ts';
import { FakeRest, type DelayNextOptions, type FailNextOptions, type FaultRateOptions, type RecordedRequest } from './rest.ts';
import { World, type StoredInteraction } from './state.ts';

export interface FakeDiscordOptions {
  /** Guilds the bot is in (default: one guild, see DEFAULT_IDS). Pass [] for none. */
  guilds?: GuildOptions[];
  /** HELLO heartbeat_interval in ms (default 41250, like Discord; tests may use ~100–500). */
  heartbeatIntervalMs?: number;
  /** Override the bot user's id / username. The application id equals the bot user id. */
  botUser?: { id?: string; username?: string };
  /** `application.flags` in READY and GET /applications/@me. */
  applicationFlags?: number;
  /** Privileged intents the app may request (default: all; others close the socket with 4014). */
  allowedPrivilegedIntents?: number;
  /** Echo the bot's own messages/edits/deletes as gateway dispatches, like Discord (default true). */
  echoBotMessages?: boolean;
  /**
   * Enforce Discord's window for the first response to an interaction (Discord: 3000 ms): a later
   * callback gets 404 Unknown interaction (10062). Default: no window.
   */
  interactionResponseWindowMs?: number;
  /**
   * Keep every REST request in `requests` (default true). A benchmark turns it off and reads
   * requests through `onRequest`, so nothing is scanned or kept per request.
   */
  retainRequests?: boolean;
  /** Shard count GET /gateway/bot recommends (default 1). Guilds go to shard (guild_id >> 22) % count. */
  shards?: number;
  /** Shards that may identify at once (GET /gateway/bot `max_concurrency`, default 1: discord.js waits 5 s between shards). */
  maxConcurrency?: number;
  /** How long a message nonce sent with `enforce_nonce` is remembered (default 5 minutes). */
  nonceWindowMs?: number;
  /**
   * Enforce Discord's global rate limit for the bot token: requests beyond this many in one
   * second get a global 429 (interaction callbacks exempt). Default: no limit.
   */
  globalRequestsPerSecond?: number;
}

export interface SentInteraction {
  id: string;
  token: string;
}

export interface FakeDiscord {
  /** Pass as `rest: { api }` to discord.js (it appends /v10). */
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly resumeGatewayUrl: string;
  /** A bot token discord.js accepts; the fake checks it on REST (401) and IDENTIFY (4004). */
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: UserData;
  readonly guilds: readonly GuildFixture[];
  /** Builders for INTERACTION_CREATE / MESSAGE_CREATE payloads in this fake's world. */
  readonly fixtures: Fixtures;
  /** The in-memory state (messages, commands, interactions, DM channels …), for assertions. */
  readonly world: World;

  // REST recording and faults
  readonly requests: readonly RecordedRequest[];
  waitForRequest(predicate: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Calls `listener` with every REST request from now on (when its answer is sent); returns the unsubscribe function. */
  onRequest(listener: (r: RecordedRequest) => void): () => void;
  clearRequests(): void;
  failNext(fault: FailNextOptions): void;
  /** Fails a share of matching requests at random until clearFaults(). */
  setFaultRate(fault: FaultRateOptions): void;
  /** Message creates answered with the earlier message because of a repeated nonce. */
  readonly nonceHits: number;
  /** Requests refused with a global 429 (see globalRequestsPerSecond). */
  readonly globalLimited: number;
  /** [shard id, shard count] of every live gateway session. */
  readonly sessionShards: Array<[number, number]>;
  delayNext(delay: DelayNextOptions): void;
  clearFaults(): void;
  /** Channel routes for this channel answer 403 (default code 50013) or 404 (default code 10003). */
  setChannelError(channelId: string, status: 403 | 404, code?: number): void;
  clearChannelError(channelId: string): void;

  // Gateway
  readonly gatewayPayloads: readonly GatewayPayloadRecord[];
  readonly gatewayConnections: readonly GatewayConnectionInfo[];
  waitForGatewayPayload(predicate: (p: GatewayPayloadRecord) => boolean, timeoutMs?: number): Promise<GatewayPayloadRecord>;
  readonly identifyCount: number;
  readonly resumeCount: number;
  readonly connectionCount: number;
  /** Open sockets that completed IDENTIFY/RESUME. */
  readonly activeConnections: number;
  /** Sends a dispatch to every live session (buffered for resumable, disconnected ones). */
  dispatch(event: string, data: JsonObject): number;
  /**
   * Stores a file as a user upload would be (served by this fake under /attachments/…) and
   * returns Discord's attachment object, for a slash command's attachment option.
   */
  uploadAttachment(filename: string, data: Buffer, contentType?: string): JsonObject;
  /** Registers and dispatches an INTERACTION_CREATE built with `fixtures`. */
  sendInteraction(payload: InteractionPayload): SentInteraction;
  /** Stores and dispatches a MESSAGE_CREATE built with `fixtures.guildMessage/dmMessage`. */
  sendMessage(message: MessageData): MessageData;
  /** What the bot did with an interaction (response, @original, follow-ups). */
  getInteraction(id: string): StoredInteraction | undefined;
  /** Resolves with the successful callback request for an interaction. */
  waitForInteractionResponse(id: string, timeoutMs?: number): Promise<RecordedRequest>;
  dmChannelFor(user: UserData | string): ChannelData;
  dropConnections(mode?: number | 'terminate'): void;
  requestReconnect(): void;
  invalidateSession(resumable: boolean): void;
  /** Stop (false) or resume (true) answering heartbeats with op 11, to simulate a zombie connection. */
  setHeartbeatAcks(enabled: boolean): void;

  close(): Promise<void>;
}

const CHANNEL_ERROR_MESSAGES: Record<number, string> = {
  10003: 'Unknown Channel',
  50001: 'Missing Access',
  50007: 'Cannot send messages to this user',
  50013: 'Missing Permissions',
};

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const nextId = createSnowflakeGenerator();
  const botUser = makeBotUser(options.botUser?.id ?? DEFAULT_IDS.botUser, options.botUser?.username);
  const applicationId = botUser.id;
  const token = makeBotToken(botUser.id);
  const world = new World(applicationId, botUser, options.guilds ?? [{}], nextId);
  const echo = options.echoBotMessages ?? true;

  const application = (): JsonObject => ({
    id: applicationId,
    name: botUser.username,
    icon: null,
    description: 'Fake application for tests',
    summary: '',
    type: null,
    hook: true,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: options.applicationFlags ?? 0,
    owner: world.user(world.guilds[0]?.ownerId ?? DEFAULT_IDS.user) ?? null,
    team: null,
    bot: botUser,
    tags: [],
    redirect_uris: [],
    interactions_endpoint_url: null,
    role_connections_verification_url: null,
    approximate_guild_count: world.guilds.length,
    integration_types_config: { '0': {}, '1': {} },
  });

  /** Keeps the world in sync with what is dispatched and adds gateway-only fields. */
  function dispatch(event: string, data: JsonObject): number {
    if (event === 'INTERACTION_CREATE' && typeof data.id === 'string' && !world.interactions.has(data.id)) {
      world.registerInteraction(data as InteractionPayload);
    }
    if ((event === 'MESSAGE_CREATE' || event === 'MESSAGE_UPDATE') && typeof data.channel_id === 'string') {
      if (event === 'MESSAGE_CREATE' && typeof data.id === 'string') world.storeMessage(data as MessageData);
      // Gateway message events carry `channel_type` (discord.js needs it for uncached DM channels).
      const channelType = world.channel(data.channel_id)?.type;
      if (!('channel_type' in data) && channelType !== undefined) data = { ...data, channel_type: channelType };
    }
    return gateway.dispatch(event, data);
  }

  const requestRecorder = new Recorder<RecordedRequest>(
    'fake Discord REST',
    (r) => `${r.method} ${r.path} → ${r.status}${r.injected ? ' (injected)' : ''}`,
  );
  requestRecorder.retain = options.retainRequests ?? true;
  let closed = false;

  // why: one map lookup per request instead of every waiter's predicate on every request (quadratic in a burst)
  const acknowledged = new Map<string, RecordedRequest>();
  interface AckWaiter {
    resolve: (r: RecordedRequest) => void;
    reject: (error: Error) => void;
    timer: NodeJS.Timeout;
  }
  const ackWaiters = new Map<string, Set<AckWaiter>>();
  requestRecorder.subscribe((r) => {
    if (r.route !== '/interactions/:id/:token/callback' || r.status >= 300) return;
    const id = r.path.split('/')[2] ?? '';
    if (requestRecorder.retain) acknowledged.set(id, r);
    const waiting = ackWaiters.get(id);
    if (!waiting) return;
    ackWaiters.delete(id);
    for (const w of waiting) {
      clearTimeout(w.timer);
      w.resolve(r);
    }
  });
  const waitForAck = (id: string, timeoutMs = 5000): Promise<RecordedRequest> => {
    const done = acknowledged.get(id);
    if (done) return Promise.resolve(done);
    if (closed) return Promise.reject(new Error('fake Discord REST: fake Discord is closed'));
    // the caller's stack, so a timeout points at the test line
    const origin = new Error(`fake Discord REST: no response to interaction ${id} within ${timeoutMs}ms`);
    return new Promise((resolve, reject) => {
      const waiter: AckWaiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          ackWaiters.get(id)?.delete(waiter);
          if (ackWaiters.get(id)?.size === 0) ackWaiters.delete(id);
          reject(origin);
        }, timeoutMs),
      };
      const set = ackWaiters.get(id) ?? new Set<AckWaiter>();
      set.add(waiter);
      ackWaiters.set(id, set);
    });
  };

  const gatewayRecorder = new Recorder<GatewayPayloadRecord>(
    'fake Discord gateway',
    (p) => `conn ${p.connectionId} op ${p.op}`,
  );

  let port = 0;
  const gatewayUrl = (): string => `ws://127.0.0.1:${port}/gateway`;
  const resumeGatewayUrl = (): string => `ws://127.0.0.1:${port}/gateway-resume`;

  const gateway = new FakeGateway({
    world,
    token,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    resumeUrl: resumeGatewayUrl,
    application,
    recorder: gatewayRecorder,
    allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? (1 << 1) | (1 << 8) | (1 << 15),
  });

  const rest = new FakeRest({
    world,
    token,
    application,
    gatewayUrl,
    recorder: requestRecorder,
    responseWindowMs: options.interactionResponseWindowMs,
    shards: options.shards ?? 1,
    maxConcurrency: options.maxConcurrency ?? 1,
    nonceWindowMs: options.nonceWindowMs ?? 5 * 60_000,
    globalRequestsPerSecond: options.globalRequestsPerSecond,
    emit: (event, data) => {
      if (echo) dispatch(event, data);
    },
  });

  // why: users' uploads live on Discord's CDN; here this server hands them out itself
  const uploads = new Map<string, { data: Buffer; contentType: string }>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
    if (req.method === 'GET' && path.startsWith('/attachments/')) {
      const upload = uploads.get(path.split('/')[2] ?? '');
      res.writeHead(upload ? 200 : 404, { 'content-type': upload?.contentType ?? 'text/plain' });
      res.end(upload?.data ?? 'Not Found');
      return;
    }
    rest.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `fake Discord bug: ${String(error)}`, code: 0 }));
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
    if (path === '/gateway' || path === '/gateway-resume') {
      gateway.handleUpgrade(req, socket, head);
    } else {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  const fixtures = createFixtures({
    applicationId,
    botUser,
    guilds: world.guilds,
    nextId,
    dmChannelFor: (user) => world.dmChannelFor(user),
    commandIdFor: (name, type, guildId) => world.commandIdFor(name, type, guildId),
  });


  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl: gatewayUrl(),
    resumeGatewayUrl: resumeGatewayUrl(),
    token,
    applicationId,
    botUser,
    guilds: world.guilds,
    fixtures,
    world,

    get requests() {
      return requestRecorder.items;
    },
    waitForRequest: (predicate, timeoutMs) => requestRecorder.waitFor(predicate, timeoutMs),
    onRequest: (listener) => requestRecorder.subscribe(listener),
    clearRequests: () => {
      requestRecorder.clear();
      acknowledged.clear();
    },
    failNext: (fault) => rest.failNext(fault),
    setFaultRate: (fault) => rest.setFaultRate(fault),
    get nonceHits() {
      return rest.nonceHits;
    },
    get globalLimited() {
      return rest.globalLimited;
    },
    get sessionShards() {
      return gateway.sessionShards;
    },
    delayNext: (delay) => rest.delayNext(delay),
    clearFaults: () => rest.clearFaults(),
    setChannelError(channelId, status, code) {
      const resolved = code ?? (status === 403 ? 50013 : 10003);
      world.channelErrors.set(channelId, {
        status,
        code: resolved,
        message: CHANNEL_ERROR_MESSAGES[resolved] ?? (status === 403 ? 'Missing Permissions' : 'Unknown Channel'),
      });
    },
    clearChannelError: (channelId) => {
      world.channelErrors.delete(channelId);
    },

    get gatewayPayloads() {
      return gatewayRecorder.items;
    },
    get gatewayConnections() {
      return gateway.connectionLog;
    },
    waitForGatewayPayload: (predicate, timeoutMs) => gatewayRecorder.waitFor(predicate, timeoutMs),
    get identifyCount() {
      return gateway.identifyCount;
    },
    get resumeCount() {
      return gateway.resumeCount;
    },
    get connectionCount() {
      return gateway.connectionCount;
    },
    get activeConnections() {
      return gateway.activeConnections;
    },
    dispatch,
    uploadAttachment(filename, data, contentType = 'text/csv; charset=utf-8') {
      const id = nextId();
      uploads.set(id, { data, contentType });
      const url = `http://127.0.0.1:${port}/attachments/${id}/${encodeURIComponent(filename)}`;
      return { id, filename, size: data.length, url, proxy_url: url, content_type: contentType, ephemeral: true };
    },
    sendInteraction(payload) {
      world.registerInteraction(payload);
      dispatch('INTERACTION_CREATE', payload);
      return { id: payload.id, token: payload.token };
    },
    sendMessage(message) {
      dispatch('MESSAGE_CREATE', message);
      return message;
    },
    getInteraction: (id) => world.interactions.get(id),
    waitForInteractionResponse: waitForAck,
    dmChannelFor(user) {
      const resolved = typeof user === 'string' ? (world.user(user) ?? makeUser(user, `user_${user.slice(-4)}`)) : user;
      return world.dmChannelFor(resolved);
    },
    dropConnections: (mode) => gateway.dropConnections(mode),
    requestReconnect: () => gateway.requestReconnect(),
    invalidateSession: (resumable) => gateway.invalidateSession(resumable),
    setHeartbeatAcks: (enabled) => gateway.setHeartbeatAcks(enabled),

    async close() {
      if (closed) return;
      closed = true;
      rest.close();
      gateway.close();
      for (const waiting of ackWaiters.values()) {
        for (const w of waiting) {
          clearTimeout(w.timer);
          w.reject(new Error('fake Discord REST: fake Discord was closed while waiting'));
        }
      }
      ackWaiters.clear();
      requestRecorder.close();
      gatewayRecorder.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
