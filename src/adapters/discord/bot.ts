import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Options, Partials, type ClientOptions } from 'discord.js';
import type { DailyTips } from '../../app/tips/daily-tips.ts';
import type { LlmLimits } from '../../app/llm-limits.ts';
import type { ScoreHistory } from '../../app/tips/score-history.ts';
import type { AuditStore, CorrectionStore, Rewriter, ServerSettingsStore } from '../../app/ports.ts';
import type { Advisor } from '../../core/engine.ts';
import type { AppConfig, ShardConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { BotContext } from './context.ts';
import { connectWithRetry } from './connect.ts';
import { syncCommands, type SyncResult } from './deploy.ts';
import { createPostCache } from './post-cache.ts';
import { NO_MENTIONS } from './views/format.ts';
import { createRouter } from './router.ts';

export interface BotDeps {
  advisor: Advisor;
  config: AppConfig;
  log: Logger;
  /**
   * The language model (src/adapters/llm). When present, score replies carry a Rewrite button and
   * /rewrite and /ask use it; without it /rewrite says how to enable it and /ask answers from the
   * findings.
   */
  rewriter?: Rewriter;
  /** Budget and cooldown for model requests (config `llm.*`); src/main.ts builds them with the model. */
  llmLimits?: LlmLimits;
  /** Daily tips (/tips). */
  tips?: DailyTips;
  /** Every score in a server is remembered here for tip choice. */
  history?: ScoreHistory;
  /** Each server's last page audit (/audit last, the page's evidence under /score). */
  audits?: AuditStore;
  /** "Not right?" corrections and each server's ignored rules (/rules). */
  corrections?: CorrectionStore;
  serverSettings?: ServerSettingsStore;
  /** Milliseconds since the epoch, for the cooldown and /tips; tests step it instead of waiting. */
  now?: () => number;
}

export interface Bot {
  client: Client;
  /** Logs in, waits for READY, registers the commands if they changed, logs "ready". */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const DM_SWEEP_MS = 10 * 60_000;

/**
 * Creates the Discord client and wires it to the router. Intents: Guilds, GuildMessages and
 * DirectMessages, no privileged ones. Without MessageContent Discord still delivers the content
 * of DMs to the bot, of messages that mention it, and of the message a context-menu command
 * targets, which is all the bot reads.
 */
export function createBot(deps: BotDeps): Bot {
  const log = deps.log.child({ module: 'discord' });
  const { settings, discord } = deps.config;
  const messages = settings.discord.message_cache_size;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    // why: DM channels arrive uncached; without this partial, DMs never reach messageCreate
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS,
    failIfNotExists: false,
    // why: every embed, component and choice we send is API JSON already (views/); the default
    // deep snake-casing of each payload cost about 3% of the bot's CPU in the benchmark
    jsonTransformer: (json) => json,
    rest: discord.apiUrl ? { api: discord.apiUrl } : {},
    ...shardOptions(discord.shards),
    // why: the bot reads nothing back from its caches except guilds, channels and itself, so every
    // other cache is off or small; that keeps RSS flat however many users and messages pass by
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: messages,
      DMMessageManager: messages,
      GuildMessageManager: messages,
      ApplicationCommandManager: 0,
      ApplicationEmojiManager: 0,
      AutoModerationRuleManager: 0,
      BaseGuildEmojiManager: 0,
      EntitlementManager: 0,
      GuildBanManager: 0,
      GuildEmojiManager: 0,
      GuildInviteManager: 0,
      GuildScheduledEventManager: 0,
      GuildStickerManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      StageInstanceManager: 0,
      ThreadMemberManager: 0,
      VoiceStateManager: 0,
      GuildMemberManager: { maxSize: 200, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: { maxSize: 1_000, keepOverLimit: (user) => user.id === user.client.user.id },
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      messages: { interval: 300, lifetime: 600 },
      users: { interval: 3_600, filter: () => (user) => user.id !== user.client.user.id },
    },
  });

  const clock = (): Date => new Date((deps.now ?? Date.now)());
  const ctx: BotContext = {
    advisor: deps.advisor,
    posts: createPostCache(),
    defaults: { platform: settings.engine.default_platform, lang: settings.engine.default_language, variants: settings.llm.variants },
    rewriter: deps.rewriter,
    llmLimits: deps.llmLimits,
    tips: deps.tips,
    history: deps.history,
    audits: deps.audits,
    audit: { role: settings.audit.role, maxBytes: settings.audit.max_file_mb * 1024 * 1024, storePostText: settings.discord.store_post_text },
    corrections: deps.corrections,
    serverSettings: deps.serverSettings,
    clock,
    log,
  };
  const router = createRouter({ ctx, cooldownSeconds: settings.discord.cooldown_seconds, now: deps.now });

  /** Event listeners must never throw into discord.js' emitter: that would crash the process. */
  const safe =
    <A extends unknown[]>(name: string, fn: (...args: A) => unknown) =>
    (...args: A): void => {
      try {
        const result = fn(...args);
        if (result instanceof Promise) result.catch((err: unknown) => log.error({ err, event: name }, 'listener failed'));
      } catch (err) {
        log.error({ err, event: name }, 'listener failed');
      }
    };

  client.on(Events.InteractionCreate, safe('interactionCreate', (interaction) => router.interaction(interaction)));
  client.on(Events.MessageCreate, safe('messageCreate', (message) => router.message(message)));
  client.on(Events.Error, safe('error', (err) => log.error({ err }, 'client error')));
  client.on(Events.Warn, safe('warn', (message) => log.warn({ detail: message }, 'client warning')));
  client.on(Events.ShardError, safe('shardError', (err, shard) => log.error({ err, shard }, 'gateway error')));
  client.on(Events.ShardDisconnect, safe('shardDisconnect', (event, shard) => log.warn({ code: event.code, shard }, 'gateway disconnected')));
  client.on(Events.ShardReconnecting, safe('shardReconnecting', (shard) => log.info({ shard }, 'gateway reconnecting')));
  client.on(Events.ShardResume, safe('shardResume', (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed')));
  client.on(Events.Invalidated, safe('invalidated', () => log.error({}, 'session invalidated')));
  client.rest.on('rateLimited', safe('rateLimited', (info) => log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'rate limited')));

  const onUnhandled = (reason: unknown): void => log.error({ err: reason }, 'unhandled promise rejection');
  // why: DM channels can't be bounded by makeCache; one per user who ever DMed the bot would add up
  const sweepDmChannels = safe('sweepDmChannels', () => client.channels.cache.sweep((channel) => channel.isDMBased()));
  let sweeper: NodeJS.Timeout | undefined;

  return {
    client,

    async start() {
      if (!discord.token) throw new Error('DISCORD_TOKEN is not set. Set it to your bot token (Discord Developer Portal → Bot → Reset Token).');
      process.on('unhandledRejection', onUnhandled);
      const token = discord.token;
      await connectWithRetry(
        async () => {
          const ready = once(client, Events.ClientReady);
          await client.login(token);
          await ready;
        },
        () => client.destroy(),
        { attempts: settings.discord.connect_attempts, baseMs: settings.discord.connect_retry_seconds * 1000, log },
      );
      let commands: SyncResult | 'left to shard 0' | undefined = 'left to shard 0';
      // why: the commands are the bot's, not a shard's: only the process running shard 0 registers them
      const shards = client.options.shards;
      if (!Array.isArray(shards) || shards.includes(0)) {
        try {
          commands = await syncCommands(client.rest, { applicationId: client.application!.id, guildId: discord.guildId });
        } catch (err) {
          commands = undefined;
          log.error({ err }, 'command registration failed; the commands Discord already has stay in place');
        }
      }
      sweeper = setInterval(sweepDmChannels, DM_SWEEP_MS).unref();
      log.info({ guilds: client.guilds.cache.size, shards: client.options.shards, shardCount: client.options.shardCount, commands }, 'ready');
    },

    async stop() {
      clearInterval(sweeper);
      process.off('unhandledRejection', onUnhandled);
      await client.destroy();
      log.info({}, 'stopped');
    },
  };
}

/**
 * discord.js's own sharding in this process: SHARDS=auto asks Discord for the count and runs
 * every shard; SHARDS=N runs all N, or only SHARD_IDS when several machines split them.
 */
function shardOptions(shards: ShardConfig | undefined): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (!shards) return {};
  if (shards.count === 'auto') return { shards: 'auto' };
  return { shardCount: shards.count, shards: shards.ids ?? Array.from({ length: shards.count }, (_, i) => i) };
}
