import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import { Agent } from 'undici';
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
import { cacheOptions } from './cache.ts';
import { createPostCache } from './post-cache.ts';
import { createAdmission } from './scoring/admission.ts';
import { createScoreAnswers, type ScoreAnswers } from './scoring/answers.ts';
import { createInteractionEdits } from './scoring/edits.ts';
import { createLateInteractions } from './scoring/late.ts';
import { createSettler } from './scoring/settle.ts';
import type { Scorer } from './scoring/scorer.ts';
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
  /** Scores and renders posts: the worker pool src/main.ts builds (`discord.workers`), or this thread when 0. */
  scorer: Scorer;
}

export interface Bot {
  client: Client;
  /** Scoring replies: queue, late interactions and their counts (benchmarks, logs). */
  answers: ScoreAnswers;
  /** Logs in, waits for READY, registers the commands if they changed, logs "ready". */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const DM_SWEEP_MS = 10 * 60_000;
/** Connections for the bot's own REST calls (acknowledgements first of all) and for result edits. */
const ACK_CONNECTIONS = 256;
const EDIT_CONNECTIONS = 16;

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
    // why a bounded keep-alive pool: a burst of 2,000 acknowledgements would otherwise open 2,000
    // connections at once, each a TCP (and in production TLS) handshake on this thread
    rest: {
      ...(discord.apiUrl ? { api: discord.apiUrl } : {}),
      agent: new Agent({ connections: ACK_CONNECTIONS }),
      globalRequestsPerSecond: settings.discord.global_requests_per_second,
    },
    // why: see cache.ts; RSS stays flat however many users, members and messages pass by
    ...cacheOptions(messages),
    ...shardOptions(discord.shards),
  });

  const clock = (): Date => new Date((deps.now ?? Date.now)());
  const posts = createPostCache();
  const admission = createAdmission({ capacity: settings.discord.queue_size });
  const settler = createSettler({ inFlight: () => admission.inFlight });
  const answers = createScoreAnswers({
    scorer: deps.scorer,
    admission,
    late: createLateInteractions({ log }),
    // why its own, smaller pool: results queue behind each other, never in front of an acknowledgement
    edits: createInteractionEdits(discord.apiUrl, new Agent({ connections: EDIT_CONNECTIONS })),
    posts,
    history: deps.history,
    rewrite: deps.rewriter !== undefined,
    log,
    settler,
    advisor: deps.advisor,
    audits: deps.audits,
    serverSettings: deps.serverSettings,
  });
  const ctx: BotContext = {
    advisor: deps.advisor,
    posts,
    answers,
    defaults: { platform: settings.engine.default_platform, lang: settings.engine.default_language, variants: settings.llm.variants },
    rewriter: deps.rewriter,
    llmLimits: deps.llmLimits,
    tips: deps.tips,
    history: deps.history,
    audits: deps.audits,
    audit: { role: settings.audit.role, maxBytes: settings.audit.max_file_mb * 1024 * 1024, storePostText: settings.discord.store_post_text },
    // why one batch per thread in flight: a /score that arrives mid-audit waits behind one batch at most
    auditScoring: { classify: deps.scorer.classify, concurrency: Math.max(1, deps.scorer.threads) },
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
    answers,

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
      answers.late.flush();
      settler.stop();
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
