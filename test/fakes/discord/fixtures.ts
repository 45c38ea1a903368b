/**
 * Data fixtures for the fake Discord: default world (bot, users, guild), permission maths,
 * and builders for gateway payloads (INTERACTION_CREATE, MESSAGE_CREATE, GUILD_CREATE).
 *
 * Builders produce plain JSON shaped like the Discord API v10 payloads; the tests in
 * test/fakes/discord.test.ts prove that the real discord.js client accepts each of them.
 */
import { makeInteractionToken } from './ids.ts';

// ---------------------------------------------------------------------------------------------
// Loose payload types (plain JSON). Only the fields the fake itself reads are spelled out.
// ---------------------------------------------------------------------------------------------

export type JsonObject = Record<string, unknown>;

export interface UserData extends JsonObject {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
}

export interface RoleData extends JsonObject {
  id: string;
  name: string;
  /** Permission bit set as a decimal string, like the API. */
  permissions: string;
  position: number;
}

export interface PermissionOverwriteData {
  id: string;
  /** 0 = role, 1 = member */
  type: 0 | 1;
  allow: string;
  deny: string;
}

export interface ChannelData extends JsonObject {
  id: string;
  type: number;
  guild_id?: string;
  name?: string | null;
  permission_overwrites?: PermissionOverwriteData[];
  recipients?: UserData[];
}

export interface MemberData extends JsonObject {
  user: UserData;
  roles: string[];
  nick: string | null;
  joined_at: string;
}

export interface MessageData extends JsonObject {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: UserData;
  content: string;
  embeds: JsonObject[];
  components: JsonObject[];
  attachments: JsonObject[];
  flags: number;
  timestamp: string;
  edited_timestamp: string | null;
}

export interface GuildFixture {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  roles: RoleData[];
  channels: ChannelData[];
  members: MemberData[];
}

/** What tests may pass in `startFakeDiscord({ guilds })`; everything is optional. */
export interface GuildOptions {
  id?: string;
  name?: string;
  ownerId?: string;
  preferredLocale?: string;
  /** Permissions of @everyone (role id = guild id). */
  everyonePermissions?: bigint;
  /** Permissions of the bot's managed role. */
  botPermissions?: bigint;
  /** Extra roles (the @everyone and bot roles are always added). */
  roles?: Array<Partial<RoleData> & { id: string; name: string; permissions: string }>;
  /** Channels (default: one text channel "general"). */
  channels?: Array<Partial<ChannelData> & { id: string; name: string }>;
  /** Human members besides the bot (default: the default user, who owns the guild). */
  members?: Array<{ user: UserData; roles?: string[]; nick?: string | null }>;
}

// ---------------------------------------------------------------------------------------------
// Permissions
// ---------------------------------------------------------------------------------------------

export const Permission = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewAuditLog: 1n << 7n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  SendTTSMessages: 1n << 12n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  ChangeNickname: 1n << 26n,
  ManageRoles: 1n << 28n,
  ManageWebhooks: 1n << 29n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** Every permission bit Discord currently defines (what owners and admins get). */
export const ALL_PERMISSIONS = (1n << 51n) - 1n;

export const DEFAULT_EVERYONE_PERMISSIONS =
  Permission.CreateInstantInvite |
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.ReadMessageHistory |
  Permission.ChangeNickname |
  Permission.UseApplicationCommands;

export const DEFAULT_BOT_PERMISSIONS = Permission.ViewChannel | Permission.SendMessages | Permission.EmbedLinks;

/** What Discord reports as `app_permissions` in a bot DM. */
export const DM_APP_PERMISSIONS =
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis;

/** Computes a member's permissions in the guild, or in a channel when `channelId` is given. */
export function computePermissions(guild: GuildFixture, userId: string, channelId?: string): bigint {
  if (guild.ownerId === userId) return ALL_PERMISSIONS;
  const member = guild.members.find((m) => m.user.id === userId);
  const everyone = guild.roles.find((r) => r.id === guild.id);
  let perms = BigInt(everyone?.permissions ?? '0');
  const memberRoles = member?.roles ?? [];
  for (const role of guild.roles) {
    if (memberRoles.includes(role.id)) perms |= BigInt(role.permissions);
  }
  if (perms & Permission.Administrator) return ALL_PERMISSIONS;
  const channel = channelId ? guild.channels.find((c) => c.id === channelId) : undefined;
  if (!channel) return perms;
  const overwrites = channel.permission_overwrites ?? [];
  const everyoneOw = overwrites.find((o) => o.id === guild.id);
  if (everyoneOw) perms = (perms & ~BigInt(everyoneOw.deny)) | BigInt(everyoneOw.allow);
  let allow = 0n;
  let deny = 0n;
  for (const ow of overwrites) {
    if (ow.type === 0 && memberRoles.includes(ow.id)) {
      allow |= BigInt(ow.allow);
      deny |= BigInt(ow.deny);
    }
  }
  perms = (perms & ~deny) | allow;
  const memberOw = overwrites.find((o) => o.type === 1 && o.id === userId);
  if (memberOw) perms = (perms & ~BigInt(memberOw.deny)) | BigInt(memberOw.allow);
  return perms;
}

// ---------------------------------------------------------------------------------------------
// Default world
// ---------------------------------------------------------------------------------------------

/** Fixed ids of the default world, so tests can refer to them without a running fake. */
export const DEFAULT_IDS = {
  application: '1180000000000000001',
  /** The bot user's id equals the application id, as for every modern Discord app. */
  botUser: '1180000000000000001',
  guild: '1190000000000000001',
  textChannel: '1190000000000000002',
  botRole: '1190000000000000003',
  /** The default human user (owner of the default guild, author of default interactions). */
  user: '1170000000000000001',
  /** A second human member of the default guild. */
  otherUser: '1170000000000000002',
} as const;

export function makeUser(id: string, username: string, extra: Partial<UserData> = {}): UserData {
  return {
    id,
    username,
    global_name: extra.global_name === undefined ? username : extra.global_name,
    discriminator: '0',
    avatar: null,
    avatar_decoration_data: null,
    public_flags: 0,
    ...extra,
  };
}

export function makeBotUser(id: string = DEFAULT_IDS.botUser, username = 'Fanpage Advisor'): UserData {
  return makeUser(id, username, { bot: true, global_name: null, discriminator: '0000', flags: 0 });
}

export const DEFAULT_USER: UserData = makeUser(DEFAULT_IDS.user, 'social_sam', { global_name: 'Sam' });
export const OTHER_USER: UserData = makeUser(DEFAULT_IDS.otherUser, 'fan_felix', { global_name: 'Felix' });

const JOINED_AT = '2024-01-01T00:00:00.000000+00:00';

function textChannel(id: string, guildId: string, name: string, position: number): ChannelData {
  return {
    id,
    type: 0,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
  };
}

function role(id: string, name: string, permissions: bigint, position: number, extra: Partial<RoleData> = {}): RoleData {
  return {
    id,
    name,
    permissions: permissions.toString(),
    position,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    managed: false,
    mentionable: false,
    flags: 0,
    ...extra,
  };
}

function member(user: UserData, roles: string[], nick: string | null = null): MemberData {
  return {
    user,
    roles,
    nick,
    avatar: null,
    banner: null,
    joined_at: JOINED_AT,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

/** Fills in a guild from options; always includes @everyone, the bot's role and the bot member. */
export function buildGuild(options: GuildOptions, botUser: UserData, index = 0): GuildFixture {
  const id = options.id ?? (index === 0 ? DEFAULT_IDS.guild : `${BigInt(DEFAULT_IDS.guild) + BigInt(index) * 1000n}`);
  const botRoleId = index === 0 && !options.id ? DEFAULT_IDS.botRole : `${BigInt(id) + 3n}`;
  const roles: RoleData[] = [
    role(id, '@everyone', options.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS, 0),
    role(botRoleId, botUser.username, options.botPermissions ?? DEFAULT_BOT_PERMISSIONS, 1, {
      managed: true,
      tags: { bot_id: botUser.id },
    }),
    ...(options.roles ?? []).map((r, i) => role(r.id, r.name, BigInt(r.permissions), r.position ?? i + 2, r)),
  ];
  const channels: ChannelData[] = (
    options.channels ?? [
      { id: index === 0 && !options.id ? DEFAULT_IDS.textChannel : `${BigInt(id) + 1n}`, name: 'general' },
    ]
  ).map((c, i) => ({ ...textChannel(c.id, id, c.name, i), ...c, guild_id: id }));
  const humans = options.members ?? [{ user: DEFAULT_USER }, { user: OTHER_USER }];
  const members = [
    member(botUser, [botRoleId]),
    ...humans.filter((m) => m.user.id !== botUser.id).map((m) => member(m.user, m.roles ?? [], m.nick ?? null)),
  ];
  return {
    id,
    name: options.name ?? (index === 0 ? 'Fan Club HQ' : `Guild ${index + 1}`),
    ownerId: options.ownerId ?? humans[0]?.user.id ?? DEFAULT_IDS.user,
    preferredLocale: options.preferredLocale ?? 'en-US',
    roles,
    channels,
    members,
  };
}

// ---------------------------------------------------------------------------------------------
// REST / gateway shapes of guild entities
// ---------------------------------------------------------------------------------------------

/** The guild object as REST `GET /guilds/:id` returns it (no channels/members). */
export function restGuildPayload(guild: GuildFixture): JsonObject {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 1,
    default_message_notifications: 1,
    explicit_content_filter: 2,
    roles: guild.roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.channels[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: guild.preferredLocale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    incidents_data: null,
  };
}

/** The GUILD_CREATE dispatch data (available guild, with channels, members, ...). */
export function guildCreatePayload(guild: GuildFixture): JsonObject {
  return {
    ...restGuildPayload(guild),
    joined_at: JOINED_AT,
    large: false,
    unavailable: false,
    member_count: guild.members.length,
    voice_states: [],
    members: guild.members,
    channels: guild.channels.map(({ guild_id: _omit, ...c }) => c),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    lazy: true,
  };
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

export interface MessageInit {
  id: string;
  channelId: string;
  guildId?: string;
  author: UserData;
  content?: string;
  embeds?: JsonObject[];
  components?: JsonObject[];
  attachments?: JsonObject[];
  flags?: number;
  mentions?: UserData[];
  /** Set for messages sent through an interaction webhook. */
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: JsonObject;
  extra?: JsonObject;
}

export function makeMessage(init: MessageInit): MessageData {
  const message: MessageData = {
    id: init.id,
    type: init.interactionMetadata ? 20 : 0,
    channel_id: init.channelId,
    author: init.author,
    content: init.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: init.mentions ?? [],
    mention_roles: [],
    attachments: init.attachments ?? [],
    embeds: init.embeds ?? [],
    components: init.components ?? [],
    pinned: false,
    flags: init.flags ?? 0,
  };
  if (init.guildId) message.guild_id = init.guildId;
  if (init.webhookId) message.webhook_id = init.webhookId;
  if (init.applicationId) message.application_id = init.applicationId;
  if (init.interactionMetadata) message.interaction_metadata = init.interactionMetadata;
  return { ...message, ...init.extra };
}

// ---------------------------------------------------------------------------------------------
// Interaction and message builders
// ---------------------------------------------------------------------------------------------

/** What the builders need to know about the fake's world. */
export interface FixtureContext {
  applicationId: string;
  botUser: UserData;
  guilds: GuildFixture[];
  nextId(): string;
  /** Returns (creating if needed) the DM channel between the bot and `user`. */
  dmChannelFor(user: UserData): ChannelData;
  /** Id of a registered command with this name (or a stable made-up one). */
  commandIdFor(name: string, type: number, guildId?: string): string;
}

export interface InteractionTarget {
  /** Guild the interaction happens in (default: the first configured guild). Ignored with `dm`. */
  guildId?: string;
  /** Channel (default: the guild's first text channel, or the user's DM channel with `dm`). */
  channelId?: string;
  /** Acting user (default: the default user). A guild member is looked up by the user's id. */
  user?: UserData;
  /** The user's client locale, e.g. 'de' or 'en-US' (default 'en-US'). */
  locale?: string;
  /** Build the DM variant: no guild, `user` instead of `member`, channel type 1. */
  dm?: boolean;
}

/** Raw API option, e.g. { name: 'text', type: 3, value: 'hello' }. */
export interface CommandOption extends JsonObject {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: CommandOption[];
  focused?: boolean;
}

/** Options as a map (types inferred: string→3, integer→4, other number→10, boolean→5) or raw. */
export type OptionsInput = Record<string, string | number | boolean> | CommandOption[];

export interface SlashInit extends InteractionTarget {
  name: string;
  options?: OptionsInput;
  /** Attachment options: option name → an attachment object from `FakeDiscord.uploadAttachment`. */
  attachments?: Record<string, JsonObject>;
  subcommand?: string;
  subcommandGroup?: string;
}

export interface AutocompleteInit extends SlashInit {
  /** The option being typed into (always sent as a string option with `focused: true`). */
  focused: { name: string; value: string };
}

export interface MessageCommandInit extends InteractionTarget {
  name: string;
  /** The message the command was used on (default: a message by the default user). */
  target?: Partial<MessageInit> | MessageData;
}

export interface UserCommandInit extends InteractionTarget {
  name: string;
  target: UserData;
}

export interface ComponentInit extends InteractionTarget {
  customId: string;
  /** The message the component is attached to (default: a bot message with that component). */
  message?: MessageData;
}

export interface SelectInit extends ComponentInit {
  values: string[];
}

export interface ModalSubmitInit extends InteractionTarget {
  customId: string;
  /**
   * custom_id → submitted value: a string for a text input (type 4), a string array for a string
   * select (type 3), a boolean for a checkbox (type 23). Selects and checkboxes always sit in
   * Label components, as Discord only allows them there.
   */
  fields: Record<string, string | string[] | boolean>;
  /** Wrap inputs in Label components (type 18) like current clients, instead of action rows. */
  labels?: boolean;
  /** The message whose component opened the modal, if any. */
  message?: MessageData;
}

export interface GuildMessageInit {
  content: string;
  guildId?: string;
  channelId?: string;
  author?: UserData;
  /** Mention the bot (adds it to `mentions` and prefixes `<@bot>` if absent). Default true. */
  mentionBot?: boolean;
  extra?: JsonObject;
}

export interface DmMessageInit {
  content: string;
  author?: UserData;
  extra?: JsonObject;
}

export interface InteractionPayload extends JsonObject {
  id: string;
  token: string;
  type: number;
  application_id: string;
  data?: JsonObject;
  guild_id?: string;
  channel: ChannelData;
  channel_id: string;
}

export interface Fixtures {
  slash(init: SlashInit): InteractionPayload;
  autocomplete(init: AutocompleteInit): InteractionPayload;
  messageCommand(init: MessageCommandInit): InteractionPayload;
  userCommand(init: UserCommandInit): InteractionPayload;
  button(init: ComponentInit): InteractionPayload;
  stringSelect(init: SelectInit): InteractionPayload;
  modalSubmit(init: ModalSubmitInit): InteractionPayload;
  /**
   * MESSAGE_CREATE data for a guild text channel message (mentioning the bot by default).
   * Includes `channel_type`, which discord.js 14.2x needs to build an uncached DM channel.
   */
  guildMessage(init: GuildMessageInit): MessageData;
  /** MESSAGE_CREATE data for a DM to the bot. */
  dmMessage(init: DmMessageInit): MessageData;
  /** A message object (for button/modal/message-command targets). */
  message(init: Partial<MessageInit>): MessageData;
}

function optionsToApi(input: OptionsInput | undefined): CommandOption[] {
  if (!input) return [];
  if (Array.isArray(input)) return input;
  return Object.entries(input).map(([name, value]) => ({
    name,
    type: typeof value === 'string' ? 3 : typeof value === 'boolean' ? 5 : Number.isInteger(value) ? 4 : 10,
    value,
  }));
}

export function createFixtures(ctx: FixtureContext): Fixtures {
  const guildFor = (id?: string): GuildFixture => {
    const guild = id ? ctx.guilds.find((g) => g.id === id) : ctx.guilds[0];
    if (!guild) throw new Error(`fake Discord fixtures: unknown guild ${id ?? '(no guilds configured)'}`);
    return guild;
  };

  const textChannelOf = (guild: GuildFixture, id?: string): ChannelData => {
    const channel = id ? guild.channels.find((c) => c.id === id) : guild.channels.find((c) => c.type === 0);
    if (!channel) throw new Error(`fake Discord fixtures: unknown channel ${id ?? '(guild has no text channel)'}`);
    return channel;
  };

  /** Fields shared by all interaction types: context, user/member, channel, permissions. */
  const base = (type: number, target: InteractionTarget, data: JsonObject | undefined): InteractionPayload => {
    const id = ctx.nextId();
    const user = target.user ?? DEFAULT_USER;
    const locale = target.locale ?? 'en-US';
    const common = {
      id,
      application_id: ctx.applicationId,
      type,
      token: makeInteractionToken(id),
      version: 1,
      locale,
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
      ...(data ? { data } : {}),
    };
    if (target.dm) {
      const channel = ctx.dmChannelFor(user);
      return {
        ...common,
        channel,
        channel_id: channel.id,
        user,
        app_permissions: DM_APP_PERMISSIONS.toString(),
        authorizing_integration_owners: { '1': user.id },
        context: 1,
      };
    }
    const guild = guildFor(target.guildId);
    const channel = textChannelOf(guild, target.channelId);
    const found = guild.members.find((m) => m.user.id === user.id);
    const memberData: MemberData = found ?? member(user, []);
    return {
      ...common,
      guild_id: guild.id,
      guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
      guild_locale: guild.preferredLocale,
      channel: { ...channel },
      channel_id: channel.id,
      member: { ...memberData, permissions: computePermissions(guild, user.id, channel.id).toString() },
      app_permissions: computePermissions(guild, ctx.botUser.id, channel.id).toString(),
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
    };
  };

  const commandOptions = (init: SlashInit, extra: CommandOption[] = []): CommandOption[] => {
    let options = [...optionsToApi(init.options), ...extra];
    if (init.subcommand) options = [{ name: init.subcommand, type: 1, options }];
    if (init.subcommandGroup) options = [{ name: init.subcommandGroup, type: 2, options }];
    return options;
  };

  const commandData = (name: string, type: number, target: InteractionTarget): JsonObject => {
    const guildId = target.dm ? undefined : guildFor(target.guildId).id;
    return { id: ctx.commandIdFor(name, type, guildId), name, type };
  };

  const message = (init: Partial<MessageInit>): MessageData => {
    const guild = init.guildId ? guildFor(init.guildId) : undefined;
    const channelId = init.channelId ?? (guild ? textChannelOf(guild).id : ctx.guilds[0]?.channels[0]?.id ?? '0');
    const { guildId: _g, channelId: _c, id, author, ...rest } = init;
    return makeMessage({
      ...rest,
      id: id ?? ctx.nextId(),
      channelId,
      author: author ?? DEFAULT_USER,
      ...(guild ? { guildId: guild.id } : {}),
    });
  };

  const channelIdOf = (target: InteractionTarget): { channelId: string; guildId?: string } => {
    if (target.dm) return { channelId: ctx.dmChannelFor(target.user ?? DEFAULT_USER).id };
    const guild = guildFor(target.guildId);
    return { channelId: textChannelOf(guild, target.channelId).id, guildId: guild.id };
  };

  const botMessageWith = (target: InteractionTarget, components: JsonObject[]): MessageData => {
    const where = channelIdOf(target);
    return makeMessage({
      id: ctx.nextId(),
      ...where,
      author: ctx.botUser,
      content: 'Pick one',
      components,
      applicationId: ctx.applicationId,
    });
  };

  return {
    slash(init) {
      const files = Object.entries(init.attachments ?? {});
      const extra: CommandOption[] = files.map(([name, a]) => ({ name, type: 11, value: String(a.id) }));
      const data: JsonObject = { ...commandData(init.name, 1, init), options: commandOptions(init, extra) };
      if (files.length > 0) data.resolved = { attachments: Object.fromEntries(files.map(([, a]) => [String(a.id), a])) };
      return base(2, init, data);
    },

    autocomplete(init) {
      const focused: CommandOption = { name: init.focused.name, type: 3, value: init.focused.value, focused: true };
      return base(4, init, { ...commandData(init.name, 1, init), options: commandOptions(init, [focused]) });
    },

    messageCommand(init) {
      const where = channelIdOf(init);
      const targetMessage =
        init.target && 'timestamp' in init.target && typeof init.target.timestamp === 'string'
          ? (init.target as MessageData)
          : message({ ...where, ...(init.target as Partial<MessageInit> | undefined) });
      return base(2, init, {
        ...commandData(init.name, 3, init),
        target_id: targetMessage.id,
        resolved: { messages: { [targetMessage.id]: targetMessage } },
      });
    },

    userCommand(init) {
      const resolved: JsonObject = { users: { [init.target.id]: init.target } };
      if (!init.dm) {
        const guild = guildFor(init.guildId);
        const m = guild.members.find((x) => x.user.id === init.target.id);
        if (m) {
          const { user: _user, ...partial } = m;
          resolved.members = { [init.target.id]: { ...partial, permissions: computePermissions(guild, m.user.id).toString() } };
        }
      }
      return base(2, init, { ...commandData(init.name, 2, init), target_id: init.target.id, resolved });
    },

    button(init) {
      const msg =
        init.message ??
        botMessageWith(init, [{ type: 1, components: [{ type: 2, style: 1, label: 'Go', custom_id: init.customId }] }]);
      return { ...base(3, init, { custom_id: init.customId, component_type: 2 }), message: msg };
    },

    stringSelect(init) {
      const msg =
        init.message ??
        botMessageWith(init, [
          {
            type: 1,
            components: [
              {
                type: 3,
                custom_id: init.customId,
                options: init.values.map((v) => ({ label: v, value: v })),
                min_values: 1,
                max_values: Math.max(1, init.values.length),
              },
            ],
          },
        ]);
      return {
        ...base(3, init, { custom_id: init.customId, component_type: 3, values: init.values }),
        message: msg,
      };
    },

    modalSubmit(init) {
      let nextComponentId = 1;
      const components = Object.entries(init.fields).map(([customId, value]) => {
        if (typeof value !== 'string') {
          const wrapperId = nextComponentId++;
          const id = nextComponentId++;
          const component = Array.isArray(value) ? { type: 3, id, custom_id: customId, values: value } : { type: 23, id, custom_id: customId, value };
          return { type: 18, id: wrapperId, component };
        }
        const input = { type: 4, id: 0, custom_id: customId, value };
        if (init.labels) {
          const wrapperId = nextComponentId++;
          input.id = nextComponentId++;
          return { type: 18, id: wrapperId, component: input };
        }
        const rowId = nextComponentId++;
        input.id = nextComponentId++;
        return { type: 1, id: rowId, components: [input] };
      });
      const payload = base(5, init, { custom_id: init.customId, components });
      return init.message ? { ...payload, message: init.message } : payload;
    },

    guildMessage(init) {
      const guild = guildFor(init.guildId);
      const channel = textChannelOf(guild, init.channelId);
      const author = init.author ?? DEFAULT_USER;
      const mentionBot = init.mentionBot ?? true;
      const mentionTag = `<@${ctx.botUser.id}>`;
      const content =
        mentionBot && !init.content.includes(mentionTag) && !init.content.includes(`<@!${ctx.botUser.id}>`)
          ? `${mentionTag} ${init.content}`
          : init.content;
      const authorMember = guild.members.find((m) => m.user.id === author.id) ?? member(author, []);
      const botMember = guild.members.find((m) => m.user.id === ctx.botUser.id);
      const { user: _a, ...authorPartial } = authorMember;
      const mentions: UserData[] = [];
      if (mentionBot) {
        const { user: _b, ...botPartial } = botMember ?? member(ctx.botUser, []);
        mentions.push({ ...ctx.botUser, member: botPartial });
      }
      return makeMessage({
        id: ctx.nextId(),
        channelId: channel.id,
        guildId: guild.id,
        author,
        content,
        mentions,
        extra: { member: authorPartial, nonce: ctx.nextId(), channel_type: channel.type, ...init.extra },
      });
    },

    dmMessage(init) {
      const author = init.author ?? DEFAULT_USER;
      const channel = ctx.dmChannelFor(author);
      return makeMessage({
        id: ctx.nextId(),
        channelId: channel.id,
        author,
        content: init.content,
        extra: { nonce: ctx.nextId(), channel_type: 1, ...init.extra },
      });
    },

    message,
  };
}
