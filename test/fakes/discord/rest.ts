/**
 * The fake Discord REST API (`/api/v10/...`): routes, recording and fault injection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  computePermissions,
  makeMessage,
  Permission,
  restGuildPayload,
  makeUser,
  type InteractionPayload,
  type JsonObject,
  type MessageData,
  type UserData,
} from './fixtures.ts';
import {
  compileRoute,
  decodePath,
  headerRecord,
  matchRoute,
  okRateLimitHeaders,
  parseBody,
  rateLimitedHeaders,
  readBody,
  type CompiledRoute,
  type UploadedFile,
} from './http.ts';
import type { Recorder } from './recorder.ts';
import type { StoredInteraction, World } from './state.ts';
import {
  validateAutocompleteResult,
  validateCommands,
  validateMessage,
  validateModal,
  type ApiError,
} from './validation.ts';

export const API_PREFIX = '/api/v10';

/** One REST request as the fake saw it (recorded when the response was sent). */
export interface RecordedRequest {
  method: string;
  /** Decoded path without `/api/v10` and the query string, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or the `payload_json` part of a multipart body; null when empty. */
  body: any;
  files: UploadedFile[];
  headers: Record<string, string>;
  at: number;
  /**
   * When the request's first byte reached the fake (ms since the epoch, sub-millisecond): an
   * acknowledgement counts from here, not from when the fake got round to handling it.
   */
  receivedAt: number;
  /** Route template that handled it (e.g. `/channels/:channel/messages`), null if unknown. */
  route: string | null;
  /** HTTP status the fake answered with. */
  status: number;
  /** Response body sent (parsed JSON), null for 204. */
  response: any;
  /** True when the answer came from failNext()/setChannelError() fault injection. */
  injected: boolean;
}

export interface FailNextOptions {
  method?: string;
  /** Tested against the path without `/api/v10` (e.g. /^\/interactions\/.+\/callback$/). */
  pathPattern: RegExp;
  status: 429 | 500 | 502 | 503;
  /** Seconds (may be fractional) for 429s; default 0.1. */
  retryAfter?: number;
  /** 429 only: mark the rate limit as global. */
  global?: boolean;
  /** How many matching requests fail (default 1). */
  times?: number;
}

/**
 * Fails a share of matching requests at random, until cleared. `after: true` lets the request
 * take effect first and then loses the answer (the message exists, the client sees an error),
 * as when a connection drops after Discord accepted a message.
 */
export interface FaultRateOptions {
  method?: string;
  pathPattern: RegExp;
  /** 0–1: the share of matching requests that fail. */
  rate: number;
  statuses: ReadonlyArray<429 | 500 | 502 | 503>;
  after?: boolean;
  /** Seconds for 429s; default 0.05. */
  retryAfter?: number;
  /** Random source (default Math.random), for reproducible runs. */
  random?: () => number;
}

export interface DelayNextOptions {
  method?: string;
  pathPattern: RegExp;
  /** Delay before the request is handled normally. */
  ms: number;
  times?: number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RouteContext {
  params: Record<string, string>;
  query: Record<string, string>;
  body: any;
  files: UploadedFile[];
  receivedAt: number;
}

type Handler = (ctx: RouteContext) => Reply;

interface RouteDef {
  auth: boolean;
  run: Handler;
}

export interface FakeRestOptions {
  world: World;
  token: string;
  application: () => JsonObject;
  gatewayUrl: () => string;
  recorder: Recorder<RecordedRequest>;
  /** Called for gateway events caused by REST calls (e.g. MESSAGE_CREATE of the bot's own message). */
  emit: (event: string, data: JsonObject) => void;
  /**
   * Like Discord: a first response arriving this many ms after the interaction was dispatched gets
   * 404 Unknown interaction (10062). Undefined: no window (most tests step clocks, not wait).
   */
  responseWindowMs?: number;
  /** The shard count GET /gateway/bot recommends, and how many may identify at once. */
  shards: number;
  maxConcurrency: number;
  /** How long a message `nonce` sent with `enforce_nonce` is remembered (Discord: a few minutes). */
  nonceWindowMs: number;
  /** Discord's global limit per bot token (requests per second, over all its processes); undefined: none. */
  globalRequestsPerSecond?: number;
}

const json = (status: number, body: unknown): Reply => ({ status, body });
const noContent = (): Reply => ({ status: 204 });
const apiError = (error: ApiError): Reply => json(error.status, error.body);
const notFound = (message: string, code: number): Reply => json(404, { message, code });

/** Discord returns a message's nonce only to its create request and in MESSAGE_CREATE, never when read later. */
function withoutNonce(message: MessageData): MessageData {
  if (!('nonce' in message)) return message;
  const { nonce: _nonce, ...rest } = message as MessageData & { nonce?: unknown };
  return rest as MessageData;
}

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;

export class FakeRest {
  readonly #o: FakeRestOptions;
  readonly #routes: Array<CompiledRoute<RouteDef>> = [];
  readonly #faults: Array<FailNextOptions & { remaining: number }> = [];
  readonly #delays: Array<DelayNextOptions & { remaining: number }> = [];
  readonly #faultRates: FaultRateOptions[] = [];
  /** Messages created with `enforce_nonce`, by nonce (only the bot creates messages over REST). */
  readonly #nonces = new Map<string, { message: MessageData; at: number }>();
  /** Messages a nonce de-duplicated instead of creating again. */
  nonceHits = 0;
  /** Requests refused with a global 429 because the token was over globalRequestsPerSecond. */
  globalLimited = 0;
  #globalWindow = { second: -1, count: 0 };
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(options: FakeRestOptions) {
    this.#o = options;
    this.#defineRoutes();
  }

  setFaultRate(fault: FaultRateOptions): void {
    this.#faultRates.push(fault);
  }

  failNext(fault: FailNextOptions): void {
    this.#faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  delayNext(delay: DelayNextOptions): void {
    this.#delays.push({ ...delay, remaining: delay.times ?? 1 });
  }

  clearFaults(): void {
    this.#faults.length = 0;
    this.#faultRates.length = 0;
    this.#delays.length = 0;
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.timeOrigin + performance.now();
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const fullPath = decodePath(url.pathname);
    const path = fullPath.startsWith(`${API_PREFIX}/`) ? fullPath.slice(API_PREFIX.length) : fullPath;
    const query = Object.fromEntries(url.searchParams);
    const headers = headerRecord(req);
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    const parsed = await parseBody(raw, req.headers['content-type']);

    const record = (reply: Reply, route: string | null, injected: boolean): void => {
      this.#o.recorder.push({
        method,
        path,
        query,
        body: parsed.body,
        files: parsed.files,
        headers,
        at: Date.now(),
        receivedAt,
        route,
        status: reply.status,
        response: reply.body ?? null,
        injected,
      });
    };

    const delay = this.#take(this.#delays, method, path);
    if (delay) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          resolve();
        }, delay.ms);
        this.#timers.add(timer);
      });
      if (res.destroyed) return;
    }

    // Route lookup (only under /api/v10).
    let route: CompiledRoute<RouteDef> | undefined;
    let params: Record<string, string> = {};
    if (fullPath.startsWith(`${API_PREFIX}/`)) {
      for (const candidate of this.#routes) {
        if (candidate.method !== method) continue;
        const match = matchRoute(candidate.segments, path);
        if (match) {
          route = candidate;
          params = match;
          break;
        }
      }
    }
    const template = route?.template ?? path;

    const rated = this.#faultRates.find(
      (f) => (!f.method || f.method.toUpperCase() === method) && f.pathPattern.test(path) && (f.random ?? Math.random)() < f.rate,
    );
    const ratedFault = rated && {
      pathPattern: rated.pathPattern,
      status: rated.statuses[Math.floor((rated.random ?? Math.random)() * rated.statuses.length)] ?? 500,
      retryAfter: rated.retryAfter ?? 0.05,
    };
    const fault = (ratedFault && !rated.after ? ratedFault : undefined) ?? this.#take(this.#faults, method, path) ?? this.#overGlobalLimit(route, headers);
    if (fault) {
      const reply = this.#faultReply(fault, method, template);
      this.#send(res, reply);
      record(reply, route?.template ?? null, true);
      return;
    }

    if (!route) {
      const reply = json(404, { message: '404: Not Found', code: 0 });
      this.#send(res, reply);
      record(reply, null, false);
      return;
    }

    let reply: Reply;
    let injected = false;
    const channelError = params.channel ? this.#o.world.channelErrors.get(params.channel) : undefined;
    if (route.handler.auth && headers.authorization !== `Bot ${this.#o.token}`) {
      reply = json(401, { message: '401: Unauthorized', code: 0 });
    } else if (parsed.error) {
      reply = json(400, { message: parsed.error, code: 50109 });
    } else if (channelError) {
      reply = json(channelError.status, { message: channelError.message, code: channelError.code });
      injected = true;
    } else {
      try {
        reply = route.handler.run({ params, query, body: parsed.body, files: parsed.files, receivedAt });
      } catch (error) {
        reply = json(500, { message: `fake Discord bug: ${String(error)}`, code: 0 });
      }
    }
    if (route.handler.auth) reply.headers = { ...okRateLimitHeaders(method, route.template), ...reply.headers };
    if (ratedFault && rated?.after) {
      reply = this.#faultReply(ratedFault, method, template);
      injected = true;
    }
    this.#send(res, reply);
    record(reply, route.template, injected);
  }

  #take<T extends { method?: string; pathPattern: RegExp; remaining: number }>(
    list: T[],
    method: string,
    path: string,
  ): T | undefined {
    const index = list.findIndex(
      (f) => (!f.method || f.method.toUpperCase() === method) && new RegExp(f.pathPattern.source, f.pathPattern.flags.replace('g', '')).test(path),
    );
    const found = list[index];
    if (!found) return undefined;
    found.remaining -= 1;
    if (found.remaining <= 0) list.splice(index, 1);
    return found;
  }

  /**
   * Discord's global limit: bot-authenticated requests beyond the limit in one second (a fixed
   * window on the wall clock) get a global 429. Interaction callbacks don't count, as on Discord.
   */
  #overGlobalLimit(route: CompiledRoute<RouteDef> | undefined, headers: Record<string, string | string[] | undefined>): FailNextOptions | undefined {
    const limit = this.#o.globalRequestsPerSecond;
    if (limit === undefined || !route?.handler.auth || headers.authorization !== `Bot ${this.#o.token}`) return undefined;
    const second = Math.floor(Date.now() / 1000);
    if (this.#globalWindow.second !== second) this.#globalWindow = { second, count: 0 };
    if (++this.#globalWindow.count <= limit) return undefined;
    this.globalLimited += 1;
    return { pathPattern: /./, status: 429, global: true, retryAfter: Math.max(0.001, (second + 1) * 1000 - Date.now()) / 1000 };
  }

  #faultReply(fault: FailNextOptions, method: string, template: string): Reply {
    if (fault.status === 429) {
      const retryAfter = fault.retryAfter ?? 0.1;
      const global = fault.global ?? false;
      return {
        status: 429,
        headers: rateLimitedHeaders(method, template, retryAfter, global),
        body: { message: 'You are being rate limited.', retry_after: retryAfter, global, ...(global ? { code: 0 } : {}) },
      };
    }
    if (fault.status === 500) return json(500, { message: '500: Internal Server Error', code: 0 });
    const text = fault.status === 502 ? '502 Bad Gateway' : '503 Service Unavailable';
    return { status: fault.status, body: text, headers: { 'content-type': 'text/plain' } };
  }

  #send(res: ServerResponse, reply: Reply): void {
    if (res.destroyed || res.headersSent) return;
    const headers: Record<string, string> = { via: '1.1 google', ...reply.headers };
    if (reply.status === 204 || reply.body === undefined) {
      res.writeHead(reply.status, headers);
      res.end();
      return;
    }
    if (typeof reply.body === 'string' && headers['content-type']) {
      res.writeHead(reply.status, headers);
      res.end(reply.body);
      return;
    }
    res.writeHead(reply.status, { ...headers, 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  }

  // -------------------------------------------------------------------------------------------
  // Routes
  // -------------------------------------------------------------------------------------------

  #route(method: string, template: string, auth: boolean, run: Handler): void {
    this.#routes.push(compileRoute(method, template, { auth, run }));
  }

  #defineRoutes(): void {
    const w = this.#o.world;

    // Gateway, users, application
    this.#route('GET', '/gateway', false, () => json(200, { url: this.#o.gatewayUrl() }));
    this.#route('GET', '/gateway/bot', true, () =>
      json(200, {
        url: this.#o.gatewayUrl(),
        shards: this.#o.shards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: this.#o.maxConcurrency },
      }),
    );
    this.#route('GET', '/users/@me', true, () => json(200, { ...w.botUser, verified: true, mfa_enabled: false }));
    this.#route('GET', '/users/:user', true, ({ params }) => {
      const user = w.user(params.user ?? '');
      return user ? json(200, user) : notFound('Unknown User', 10013);
    });
    this.#route('POST', '/users/@me/channels', true, ({ body }) => {
      const recipientId = typeof body?.recipient_id === 'string' ? body.recipient_id : undefined;
      if (!recipientId) return json(400, { message: 'Invalid Recipient(s)', code: 50033 });
      const user = w.user(recipientId) ?? makeUser(recipientId, `user_${recipientId.slice(-4)}`);
      return json(200, w.dmChannelFor(user));
    });
    this.#route('GET', '/applications/@me', true, () => json(200, this.#o.application()));

    // Application commands (global and guild)
    const scopeError = (params: Record<string, string>): Reply | null => {
      if (params.app !== w.applicationId) return json(403, { message: 'Missing Access', code: 50001 });
      if (params.guild !== undefined && !w.guild(params.guild)) return json(403, { message: 'Missing Access', code: 50001 });
      return null;
    };
    for (const prefix of ['/applications/:app/commands', '/applications/:app/guilds/:guild/commands']) {
      this.#route('GET', prefix, true, ({ params }) => scopeError(params) ?? json(200, w.commandScope(params.guild)));
      this.#route('PUT', prefix, true, ({ params, body }) => {
        const error = scopeError(params) ?? this.#apiError(validateCommands(body));
        return error ?? json(200, w.overwriteCommands(params.guild, body as JsonObject[]));
      });
      this.#route('POST', prefix, true, ({ params, body }) => {
        const error = scopeError(params) ?? this.#apiError(validateCommands([body]));
        if (error) return error;
        const { command, created } = w.upsertCommand(params.guild, body as JsonObject);
        return json(created ? 201 : 200, command);
      });
      this.#route('GET', `${prefix}/:command`, true, ({ params }) => {
        const command = w.commandScope(params.guild).find((c) => c.id === params.command);
        return scopeError(params) ?? (command ? json(200, command) : notFound('Unknown application command', 10063));
      });
      this.#route('PATCH', `${prefix}/:command`, true, ({ params, body }) => {
        const command = w.commandScope(params.guild).find((c) => c.id === params.command);
        if (!command) return scopeError(params) ?? notFound('Unknown application command', 10063);
        const merged = { ...command, ...(body as JsonObject) };
        const error = scopeError(params) ?? this.#apiError(validateCommands([merged]));
        return error ?? json(200, w.upsertCommand(params.guild, merged).command);
      });
      this.#route('DELETE', `${prefix}/:command`, true, ({ params }) => {
        const list = w.commandScope(params.guild);
        const index = list.findIndex((c) => c.id === params.command);
        if (index < 0) return scopeError(params) ?? notFound('Unknown application command', 10063);
        w.commands.set(params.guild ?? 'global', list.filter((c) => c.id !== params.command));
        return noContent();
      });
    }

    // Interactions
    this.#route('POST', '/interactions/:id/:token/callback', false, (ctx) => this.#interactionCallback(ctx));
    this.#route('POST', '/webhooks/:app/:token', false, (ctx) => this.#followUp(ctx));
    this.#route('GET', '/webhooks/:app/:token/messages/:message', false, ({ params }) => {
      const found = this.#webhookMessage(params);
      return 'status' in found ? found : json(200, found.message);
    });
    this.#route('PATCH', '/webhooks/:app/:token/messages/:message', false, ({ params, body, files }) => {
      const found = this.#webhookMessage(params);
      if ('status' in found) return found;
      const error = this.#apiError(validateMessage(body ?? {}, { isEdit: true }));
      if (error) return error;
      const edited = this.#applyEdit(found.message, body ?? {}, files);
      if (found.stored.original?.id === edited.id) found.stored.original = edited;
      found.stored.followUps = found.stored.followUps.map((m) => (m.id === edited.id ? edited : m));
      return json(200, edited);
    });
    this.#route('DELETE', '/webhooks/:app/:token/messages/:message', false, ({ params }) => {
      const found = this.#webhookMessage(params);
      if ('status' in found) return found;
      const { stored, message } = found;
      if (stored.original?.id === message.id) stored.original = null;
      stored.followUps = stored.followUps.filter((m) => m.id !== message.id);
      this.#deleteMessage(message);
      return noContent();
    });

    // Channels and messages
    this.#route('GET', '/channels/:channel', true, ({ params }) => {
      const channel = w.channel(params.channel ?? '');
      if (!channel) return notFound('Unknown Channel', 10003);
      return this.#channelAccess(channel.id, Permission.ViewChannel) ?? json(200, channel);
    });
    this.#route('POST', '/channels/:channel/messages', true, ({ params, body, files }) => {
      const channelId = params.channel ?? '';
      const channel = w.channel(channelId);
      if (!channel) return notFound('Unknown Channel', 10003);
      const denied = this.#channelAccess(channelId, Permission.ViewChannel | Permission.SendMessages);
      if (denied) return denied;
      const payload = (body ?? {}) as JsonObject;
      const error = this.#apiError(validateMessage(payload, { fileCount: files.length }));
      if (error) return error;
      // why: Discord de-duplicates per author across all channels: the same nonce within the
      // window returns the message made the first time instead of a second one.
      const nonceKey = payload.enforce_nonce === true && payload.nonce !== undefined ? String(payload.nonce) : undefined;
      if (nonceKey !== undefined) {
        const seen = this.#nonces.get(nonceKey);
        if (seen && Date.now() - seen.at < this.#o.nonceWindowMs && w.message(seen.message.channel_id, seen.message.id)) {
          this.nonceHits += 1;
          return json(200, w.message(seen.message.channel_id, seen.message.id));
        }
      }
      const reference = payload.message_reference as { message_id?: string } | undefined;
      const referenced = reference?.message_id ? w.message(channelId, reference.message_id) : undefined;
      const message = makeMessage({
        id: w.nextId(),
        channelId,
        guildId: channel.guild_id,
        author: w.botUser,
        content: typeof payload.content === 'string' ? payload.content : '',
        embeds: (payload.embeds as JsonObject[] | undefined) ?? [],
        components: (payload.components as JsonObject[] | undefined) ?? [],
        attachments: this.#attachments(channelId, payload, files),
        flags: typeof payload.flags === 'number' ? payload.flags : 0,
        extra: {
          ...(payload.nonce !== undefined ? { nonce: payload.nonce } : {}),
          ...(reference ? { type: 19, message_reference: { type: 0, channel_id: channelId, guild_id: channel.guild_id, ...reference } } : {}),
          ...(referenced ? { referenced_message: referenced } : {}),
        },
      });
      this.#createMessage(message);
      if (nonceKey !== undefined) this.#nonces.set(nonceKey, { message, at: Date.now() });
      return json(200, message);
    });
    this.#route('GET', '/channels/:channel/messages', true, ({ params, query }) => {
      const channelId = params.channel ?? '';
      if (!w.channel(channelId)) return notFound('Unknown Channel', 10003);
      const denied = this.#channelAccess(channelId, Permission.ViewChannel | Permission.ReadMessageHistory);
      if (denied) return denied;
      const limit = Math.min(100, Number(query.limit ?? 50) || 50);
      let all = [...(w.messages.get(channelId)?.values() ?? [])].reverse();
      if (query.after && /^\d+$/.test(query.after)) all = all.filter((m) => BigInt(m.id) > BigInt(query.after!));
      return json(200, all.slice(0, limit).map(withoutNonce));
    });
    this.#route('GET', '/channels/:channel/messages/:message', true, ({ params }) => {
      const message = w.message(params.channel ?? '', params.message ?? '');
      return message ? json(200, withoutNonce(message)) : notFound('Unknown Message', 10008);
    });
    this.#route('PATCH', '/channels/:channel/messages/:message', true, ({ params, body, files }) => {
      const message = w.message(params.channel ?? '', params.message ?? '');
      if (!message) return notFound('Unknown Message', 10008);
      if (message.author.id !== w.botUser.id) {
        return json(403, { message: 'Cannot edit a message authored by another user', code: 50005 });
      }
      const error = this.#apiError(validateMessage(body ?? {}, { isEdit: true }));
      return error ?? json(200, this.#applyEdit(message, body ?? {}, files));
    });
    this.#route('DELETE', '/channels/:channel/messages/:message', true, ({ params }) => {
      const message = w.message(params.channel ?? '', params.message ?? '');
      if (!message) return notFound('Unknown Message', 10008);
      this.#deleteMessage(message);
      return noContent();
    });
    this.#route('POST', '/channels/:channel/typing', true, ({ params }) =>
      w.channel(params.channel ?? '') ? noContent() : notFound('Unknown Channel', 10003),
    );
    const reaction = ({ params }: RouteContext): Reply => {
      if (!w.channel(params.channel ?? '')) return notFound('Unknown Channel', 10003);
      if (!w.message(params.channel ?? '', params.message ?? '')) return notFound('Unknown Message', 10008);
      return noContent();
    };
    this.#route('PUT', '/channels/:channel/messages/:message/reactions/:emoji/@me', true, reaction);
    this.#route('DELETE', '/channels/:channel/messages/:message/reactions/:emoji/@me', true, reaction);

    // Guilds
    this.#route('GET', '/guilds/:guild', true, ({ params, query }) => {
      const guild = w.guild(params.guild ?? '');
      if (!guild) return notFound('Unknown Guild', 10004);
      const counts = query.with_counts === 'true'
        ? { approximate_member_count: guild.members.length, approximate_presence_count: 1 }
        : {};
      return json(200, { ...restGuildPayload(guild), ...counts });
    });
    this.#route('GET', '/guilds/:guild/channels', true, ({ params }) => {
      const guild = w.guild(params.guild ?? '');
      return guild ? json(200, guild.channels) : notFound('Unknown Guild', 10004);
    });
    this.#route('GET', '/guilds/:guild/roles', true, ({ params }) => {
      const guild = w.guild(params.guild ?? '');
      return guild ? json(200, guild.roles) : notFound('Unknown Guild', 10004);
    });
    this.#route('GET', '/guilds/:guild/members/:user', true, ({ params }) => {
      const guild = w.guild(params.guild ?? '');
      if (!guild) return notFound('Unknown Guild', 10004);
      const member = guild.members.find((m) => m.user.id === params.user);
      return member ? json(200, member) : notFound('Unknown Member', 10007);
    });
  }

  #apiError(error: ApiError | null): Reply | null {
    return error ? apiError(error) : null;
  }

  /** 403 when the bot lacks `needed` in a guild channel (DMs are always allowed). */
  #channelAccess(channelId: string, needed: bigint): Reply | null {
    const guild = this.#o.world.guildOfChannel(channelId);
    if (!guild) return null;
    const perms = computePermissions(guild, this.#o.world.botUser.id, channelId);
    if (!(perms & Permission.ViewChannel)) return json(403, { message: 'Missing Access', code: 50001 });
    if ((perms & needed) !== needed) return json(403, { message: 'Missing Permissions', code: 50013 });
    return null;
  }

  #attachments(channelId: string, payload: JsonObject, files: UploadedFile[]): JsonObject[] {
    const declared = Array.isArray(payload.attachments) ? (payload.attachments as JsonObject[]) : [];
    return files.map((file, index) => {
      const id = this.#o.world.nextId();
      const meta = declared.find((a) => String(a.id) === String(index)) ?? {};
      const filename = typeof meta.filename === 'string' ? meta.filename : file.name;
      const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
      return {
        id,
        filename,
        size: file.size,
        url,
        proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
        content_type: file.contentType,
        ...(typeof meta.description === 'string' ? { description: meta.description } : {}),
      };
    });
  }

  #isEphemeral(message: MessageData): boolean {
    return (message.flags & EPHEMERAL) !== 0;
  }

  #createMessage(message: MessageData): void {
    if (this.#isEphemeral(message)) return;
    this.#o.world.storeMessage(message);
    this.#o.emit('MESSAGE_CREATE', message);
  }

  #deleteMessage(message: MessageData): void {
    this.#o.world.deleteMessage(message.channel_id, message.id);
    if (this.#isEphemeral(message)) return;
    this.#o.emit('MESSAGE_DELETE', {
      id: message.id,
      channel_id: message.channel_id,
      ...(message.guild_id ? { guild_id: message.guild_id } : {}),
    });
  }

  /** Applies a PATCH body to a message (content, embeds, components, attachments, suppress-embeds flag). */
  #applyEdit(message: MessageData, body: JsonObject, files: UploadedFile[]): MessageData {
    const edited: MessageData = { ...message, edited_timestamp: new Date().toISOString() };
    if ('content' in body) edited.content = typeof body.content === 'string' ? body.content : '';
    if ('embeds' in body) edited.embeds = Array.isArray(body.embeds) ? (body.embeds as JsonObject[]) : [];
    if ('components' in body) edited.components = Array.isArray(body.components) ? (body.components as JsonObject[]) : [];
    const kept = Array.isArray(body.attachments)
      ? message.attachments.filter((a) => (body.attachments as JsonObject[]).some((b) => String(b.id) === String(a.id)))
      : message.attachments;
    edited.attachments = [...kept, ...this.#attachments(message.channel_id, body, files)];
    const suppress = 1 << 2;
    if (typeof body.flags === 'number') edited.flags = (edited.flags & ~suppress) | (body.flags & suppress);
    edited.flags &= ~LOADING;
    if (!this.#isEphemeral(edited)) {
      this.#o.world.storeMessage(edited);
      this.#o.emit('MESSAGE_UPDATE', edited);
    }
    return edited;
  }

  #interactionUser(payload: InteractionPayload): UserData {
    return (payload.user ?? (payload.member as { user: UserData }).user) as UserData;
  }

  /** A message sent through the interaction webhook (reply, deferred message, follow-up). */
  #interactionMessage(stored: StoredInteraction, data: JsonObject, files: UploadedFile[], flags: number): MessageData {
    const p = stored.payload;
    const commandData = p.data as { name?: string; type?: number } | undefined;
    const messageType = p.type === 2 ? (commandData?.type === 1 ? 20 : 23) : 19;
    return makeMessage({
      id: this.#o.world.nextId(),
      channelId: p.channel_id,
      guildId: p.guild_id,
      author: this.#o.world.botUser,
      content: typeof data.content === 'string' ? data.content : '',
      embeds: (data.embeds as JsonObject[] | undefined) ?? [],
      components: (data.components as JsonObject[] | undefined) ?? [],
      attachments: this.#attachments(p.channel_id, data, files),
      flags,
      webhookId: this.#o.world.applicationId,
      applicationId: this.#o.world.applicationId,
      interactionMetadata: {
        id: p.id,
        type: p.type,
        user: this.#interactionUser(p),
        authorizing_integration_owners: p.authorizing_integration_owners,
        ...(p.type === 2 && commandData?.name ? { name: commandData.name } : {}),
      },
      extra: { type: messageType },
    });
  }

  #interactionCallback({ params, query, body, files, receivedAt }: RouteContext): Reply {
    const w = this.#o.world;
    const stored = w.interactions.get(params.id ?? '');
    if (!stored || stored.payload.token !== params.token) return notFound('Unknown interaction', 10062);
    const window = this.#o.responseWindowMs;
    if (window !== undefined && !stored.response && receivedAt - stored.dispatchedAt > window) return notFound('Unknown interaction', 10062);
    if (stored.response) {
      return json(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    }
    const p = stored.payload;
    const type = typeof body?.type === 'number' ? body.type : -1;
    const data = (body?.data ?? {}) as JsonObject;
    const fromComponent = p.type === 3 || (p.type === 5 && p.message !== undefined);
    const allowed: Record<number, boolean> = {
      4: p.type !== 4,
      5: p.type !== 4,
      6: fromComponent,
      7: fromComponent,
      8: p.type === 4,
      9: p.type === 2 || p.type === 3,
      12: p.type === 2 || p.type === 3,
    };
    if (!allowed[type]) {
      return json(400, {
        message: 'Invalid Form Body',
        code: 50035,
        errors: { type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: `Invalid interaction response type ${type} for interaction type ${p.type}` }] } },
      });
    }

    let validation: ApiError | null = null;
    if (type === 4) validation = validateMessage(data, { fileCount: files.length, prefix: ['data'] });
    if (type === 7) validation = validateMessage(data, { isEdit: true, prefix: ['data'] });
    if (type === 8) validation = validateAutocompleteResult(data);
    if (type === 9) validation = validateModal(data);
    if (validation) return apiError(validation);

    stored.response = { type, data, at: Date.now() };
    const flags = typeof data.flags === 'number' ? data.flags : 0;
    let resource: JsonObject | undefined;
    if (type === 4 || type === 5) {
      const message = this.#interactionMessage(stored, type === 4 ? data : {}, files, type === 5 ? flags | LOADING : flags);
      stored.original = message;
      this.#createMessage(message);
      resource = { type, message };
    } else if (type === 6 || type === 7) {
      const componentMessage = p.message as MessageData | undefined;
      if (componentMessage) {
        stored.original = type === 7 ? this.#applyEdit(componentMessage, data, files) : componentMessage;
        resource = { type, message: stored.original };
      }
    }

    if (query.with_response !== 'true') return noContent();
    const original = stored.original;
    return json(200, {
      interaction: {
        id: p.id,
        type: p.type,
        ...(original && (type === 4 || type === 5 || type === 7)
          ? {
              response_message_id: original.id,
              response_message_loading: (original.flags & LOADING) !== 0,
              response_message_ephemeral: this.#isEphemeral(original),
            }
          : {}),
      },
      ...(resource ? { resource } : {}),
    });
  }

  #webhookInteraction(params: Record<string, string>): StoredInteraction | Reply {
    if (params.app !== this.#o.world.applicationId) return notFound('Unknown Webhook', 10015);
    const stored = this.#o.world.interactionByToken(params.token ?? '');
    return stored ?? notFound('Unknown Webhook', 10015);
  }

  #webhookMessage(params: Record<string, string>): { stored: StoredInteraction; message: MessageData } | Reply {
    const stored = this.#webhookInteraction(params);
    if ('status' in stored) return stored;
    const id = params.message;
    const message =
      id === '@original'
        ? stored.original
        : stored.original?.id === id
          ? stored.original
          : stored.followUps.find((m) => m.id === id);
    return message ? { stored, message } : notFound('Unknown Message', 10008);
  }

  #followUp({ params, query, body, files }: RouteContext): Reply {
    const stored = this.#webhookInteraction(params);
    if ('status' in stored) return stored;
    if (!stored.response || stored.response.type === 8) return notFound('Unknown Webhook', 10015);
    const data = (body ?? {}) as JsonObject;
    const error = this.#apiError(validateMessage(data, { fileCount: files.length }));
    if (error) return error;
    let message: MessageData;
    const original = stored.original;
    if (original && (original.flags & LOADING) !== 0) {
      // Like Discord: the first follow-up after a deferred reply replaces the "thinking…" message.
      message = this.#applyEdit(original, data, files);
      stored.original = message;
    } else {
      const flags = typeof data.flags === 'number' ? data.flags : 0;
      message = this.#interactionMessage(stored, data, files, flags);
      this.#createMessage(message);
    }
    stored.followUps.push(message);
    return query.wait === 'true' ? json(200, message) : noContent();
  }
}
