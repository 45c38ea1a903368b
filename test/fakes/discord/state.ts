/**
 * The fake Discord's in-memory world: users, guilds, channels, messages, application commands
 * and the interactions handed out to the client (with what the bot answered).
 */
import {
  buildGuild,
  DEFAULT_USER,
  OTHER_USER,
  type ChannelData,
  type GuildFixture,
  type GuildOptions,
  type InteractionPayload,
  type JsonObject,
  type MessageData,
  type UserData,
} from './fixtures.ts';

export interface InteractionResponseRecord {
  /** Callback type: 4 reply, 5 defer, 6 deferred update, 7 update, 8 autocomplete, 9 modal … */
  type: number;
  data?: JsonObject;
  at: number;
}

/** An interaction the fake dispatched, and everything the bot did with it. */
export interface StoredInteraction {
  payload: InteractionPayload;
  response: InteractionResponseRecord | null;
  /** The `@original` message (reply, deferred "thinking" message or the updated component message). */
  original: MessageData | null;
  followUps: MessageData[];
  /** When the fake dispatched it (ms since the epoch, sub-millisecond): the 3-second window starts here. */
  dispatchedAt: number;
}

export interface StoredCommand extends JsonObject {
  id: string;
  name: string;
  type: number;
  version: string;
}

export interface ChannelError {
  status: 403 | 404;
  code: number;
  message: string;
}

export class World {
  readonly users = new Map<string, UserData>();
  readonly guilds: GuildFixture[];
  readonly dmChannels = new Map<string, ChannelData>();
  /** channel id → message id → message */
  readonly messages = new Map<string, Map<string, MessageData>>();
  /** 'global' or guild id → commands in order */
  readonly commands = new Map<string, StoredCommand[]>();
  readonly interactions = new Map<string, StoredInteraction>();
  /** token → interaction id; why: every webhook call finds its interaction by token, and a scan is quadratic in a burst */
  readonly #byToken = new Map<string, string>();
  readonly channelErrors = new Map<string, ChannelError>();
  readonly #madeUpCommandIds = new Map<string, string>();

  constructor(
    readonly applicationId: string,
    readonly botUser: UserData,
    guildOptions: GuildOptions[],
    readonly nextId: () => string,
  ) {
    this.guilds = guildOptions.map((g, i) => buildGuild(g, botUser, i));
    for (const user of [botUser, DEFAULT_USER, OTHER_USER, ...this.guilds.flatMap((g) => g.members.map((m) => m.user))]) {
      this.users.set(user.id, user);
    }
  }

  guild(id: string): GuildFixture | undefined {
    return this.guilds.find((g) => g.id === id);
  }

  /** A guild channel or DM channel by id. */
  channel(id: string): ChannelData | undefined {
    for (const guild of this.guilds) {
      const channel = guild.channels.find((c) => c.id === id);
      if (channel) return channel;
    }
    for (const channel of this.dmChannels.values()) if (channel.id === id) return channel;
    return undefined;
  }

  guildOfChannel(channelId: string): GuildFixture | undefined {
    return this.guilds.find((g) => g.channels.some((c) => c.id === channelId));
  }

  user(id: string): UserData | undefined {
    return this.users.get(id);
  }

  dmChannelFor(user: UserData): ChannelData {
    this.users.set(user.id, this.users.get(user.id) ?? user);
    let channel = this.dmChannels.get(user.id);
    if (!channel) {
      channel = { id: this.nextId(), type: 1, last_message_id: null, flags: 0, recipients: [user] };
      this.dmChannels.set(user.id, channel);
    }
    return channel;
  }

  storeMessage(message: MessageData): void {
    let channel = this.messages.get(message.channel_id);
    if (!channel) this.messages.set(message.channel_id, (channel = new Map()));
    channel.set(message.id, message);
  }

  message(channelId: string, messageId: string): MessageData | undefined {
    return this.messages.get(channelId)?.get(messageId);
  }

  deleteMessage(channelId: string, messageId: string): boolean {
    return this.messages.get(channelId)?.delete(messageId) ?? false;
  }

  registerInteraction(payload: InteractionPayload): StoredInteraction {
    const stored: StoredInteraction = { payload, response: null, original: null, followUps: [], dispatchedAt: performance.timeOrigin + performance.now() };
    this.interactions.set(payload.id, stored);
    this.#byToken.set(payload.token, payload.id);
    const user = (payload.user ?? (payload.member as { user?: UserData } | undefined)?.user) as UserData | undefined;
    if (user) this.users.set(user.id, this.users.get(user.id) ?? user);
    const message = payload.message as MessageData | undefined;
    if (message && !this.message(message.channel_id, message.id)) this.storeMessage(message);
    return stored;
  }

  interactionByToken(token: string): StoredInteraction | undefined {
    const id = this.#byToken.get(token);
    const stored = id === undefined ? undefined : this.interactions.get(id);
    return stored?.payload.token === token ? stored : undefined;
  }

  /** Forgets an interaction (a benchmark has no assertions to make about it afterwards). */
  forgetInteraction(id: string): void {
    const stored = this.interactions.get(id);
    if (!stored) return;
    this.interactions.delete(id);
    this.#byToken.delete(stored.payload.token);
  }

  commandScope(guildId?: string): StoredCommand[] {
    return this.commands.get(guildId ?? 'global') ?? [];
  }

  commandIdFor(name: string, type: number, guildId?: string): string {
    const registered =
      (guildId ? this.commandScope(guildId).find((c) => c.name === name && c.type === type) : undefined) ??
      this.commandScope().find((c) => c.name === name && c.type === type);
    if (registered) return registered.id;
    const key = `${guildId ?? 'global'}:${type}:${name}`;
    let id = this.#madeUpCommandIds.get(key);
    if (!id) this.#madeUpCommandIds.set(key, (id = this.nextId()));
    return id;
  }

  /** Bulk overwrite: keeps ids of commands with the same name and type, like Discord. */
  overwriteCommands(guildId: string | undefined, input: JsonObject[]): StoredCommand[] {
    const previous = this.commandScope(guildId);
    const next = input.map((raw) => {
      const type = typeof raw.type === 'number' ? raw.type : 1;
      const name = String(raw.name);
      const existing = previous.find((c) => c.name === name && c.type === type);
      return this.#normalizeCommand(raw, guildId, existing?.id);
    });
    this.commands.set(guildId ?? 'global', next);
    return next;
  }

  upsertCommand(guildId: string | undefined, raw: JsonObject): { command: StoredCommand; created: boolean } {
    const list = [...this.commandScope(guildId)];
    const type = typeof raw.type === 'number' ? raw.type : 1;
    const index = list.findIndex((c) => c.name === raw.name && c.type === type);
    const command = this.#normalizeCommand(raw, guildId, index >= 0 ? list[index]?.id : undefined);
    if (index >= 0) list[index] = command;
    else list.push(command);
    this.commands.set(guildId ?? 'global', list);
    return { command, created: index < 0 };
  }

  #normalizeCommand(raw: JsonObject, guildId: string | undefined, id: string | undefined): StoredCommand {
    const type = typeof raw.type === 'number' ? raw.type : 1;
    const command: StoredCommand = {
      default_member_permissions: null,
      nsfw: false,
      name_localizations: null,
      description_localizations: null,
      contexts: null,
      integration_types: [0],
      ...raw,
      id: id ?? this.nextId(),
      application_id: this.applicationId,
      version: this.nextId(),
      type,
      name: String(raw.name),
      description: type === 1 ? String(raw.description ?? '') : '',
    };
    if (guildId) command.guild_id = guildId;
    if (type === 1) command.options = Array.isArray(raw.options) ? raw.options : [];
    return command;
  }
}
