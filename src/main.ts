// The composition root: the only place that builds the adapters (config, logger, rule book,
// store, language model, Discord client, tip publisher, scheduler) and wires them to the use
// cases in src/app. The CLI (src/cli.ts) asks it for what a command needs; `npm start` comes here.
// Heavy adapters (SQLite, pino, discord.js, openai, node-cron) are imported when first needed, so
// `fanpage-advisor score` starts without them.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AdvisorSpec } from './adapters/advisor-spec.ts';
import { createClassifyPool } from './adapters/audit/classify-pool.ts';
import { packageRoot } from './adapters/build-stamp.ts';
import type { Io } from './adapters/cli/io.ts';
import type { CliWorld } from './adapters/cli/world.ts';
import { loadConfig, type AppConfig, type ShardConfig } from './adapters/config.ts';
import { StoreOpenError } from './adapters/store/open-error.ts';
import type { Logger } from './adapters/log.ts';
import { loadRules, type LoadedRules } from './adapters/rules-fs.ts';
import { advisorInputs, loadAdvisor } from './adapters/rules-snapshot.ts';
import { createLlmLimits, type LlmLimits } from './app/llm-limits.ts';
import { PublishError, type AuditStore, type Clock, type CorrectionStore, type LlmUsageStore, type Rewriter, type ServerSettingsStore, type TipPublisher, type TipStore } from './app/ports.ts';
import type { DailyTips } from './app/tips/daily-tips.ts';
import { buildAdvisor } from './core/advisor.ts';
import type { Advisor } from './core/engine.ts';
import type { Lang } from './core/post.ts';
import type { Bot } from './adapters/discord/bot.ts';
import type { Scorer } from './adapters/discord/scoring/scorer.ts';

/** What every entry point starts from: configuration, the rule book and the advisor built on it. */
export interface World {
  config: AppConfig;
  rules: LoadedRules;
  advisor: Advisor;
  /** Where the advisor came from: the build's snapshot of the package's rules, or their files. */
  rulesFrom?: 'snapshot' | 'sources';
}

/**
 * Reads the configuration and the rule book (from the build's snapshot when it is current, see
 * adapters/rules-snapshot.ts), and builds the advisor. Throws ConfigError or RuleBookError.
 */
export function assemble(io: Pick<Io, 'env' | 'cwd'> & Partial<Pick<Io, 'stderr'>>): World {
  const config = loadConfig(io.env, io.cwd);
  const { rules, advisor, from } = loadAdvisor(loadRules, config.rulesDir, advisorInputs(config), (line) => (io.stderr ?? process.stderr).write(`${line}\n`));
  return { config, rules, advisor, rulesFrom: from };
}

/** `rules check`: the rule book read from its YAML files, never from the snapshot. */
export function assembleFromSources(io: Pick<Io, 'env' | 'cwd'>): World {
  const config = loadConfig(io.env, io.cwd);
  const rules = loadRules(config.rulesDir, config.settings.rules.disabled);
  const { settings, defaultLang } = advisorInputs(config);
  return { config, rules, advisor: buildAdvisor(rules.book, settings, defaultLang) };
}

/**
 * What worker threads need to get the same engine: where the snapshot is when the advisor came
 * from it, and the rule book as data. A short-lived pool (an audit) trusts the snapshot alone; the
 * bot's, whose threads may restart hours later, keeps the rule book to fall back on.
 */
function workerSetup(world: World, longLived: boolean): AdvisorSpec {
  const fromSnapshot = world.rulesFrom === 'snapshot';
  return {
    book: fromSnapshot && !longLived ? null : world.rules.book,
    settings: world.advisor.settings,
    defaultLang: world.advisor.measureContext.defaultLang,
    ...(fromSnapshot ? { snapshot: { root: packageRoot(), rulesDir: world.config.rulesDir } } : {}),
  };
}

/** What a CLI command works with; the language model without limits (one user at a terminal). */
export function cliWorld(io: Pick<Io, 'env' | 'cwd' | 'stderr'>): CliWorld {
  const world = assemble(io);
  for (const warning of world.rules.warnings) io.stderr.write(`warning: ${warning}\n`);
  let rewriter: Promise<Rewriter | undefined> | undefined;
  return {
    ...world,
    rewriter: () => (rewriter ??= world.config.llm ? import('./adapters/llm/openai-rewriter.ts').then((m) => m.rewriterFromConfig(world.config)) : Promise.resolve(undefined)),
    classifyPool: (threads) => createClassifyPool(workerSetup(world, false), threads),
    async openCorrections() {
      const opened = await openStore(world.config);
      return { store: opened.corrections, where: opened.where, close: () => void opened.close() };
    },
  };
}

export interface Llm {
  rewriter?: Rewriter;
  llmLimits?: LlmLimits;
}

/**
 * The language model and its limits, when OPENAI_API_KEY or OPENAI_BASE_URL is set; nothing
 * otherwise (then no Rewrite button, /rewrite says how to enable it, /ask answers from the
 * findings). A bot never gets a model without limits: a request costs money and seconds.
 */
export async function llmFromConfig(config: AppConfig, log: Logger, clock: Clock, usage?: LlmUsageStore): Promise<Llm> {
  if (!config.llm) return {};
  const { rewriterFromConfig } = await import('./adapters/llm/openai-rewriter.ts');
  const rewriter = rewriterFromConfig(config, log.child({ module: 'llm' }));
  if (!rewriter) return {};
  const s = config.settings.llm;
  // why memory by default: a caller without a store (a test, a one-off) counts for itself alone
  const store = usage ?? (await import('./adapters/store/memory.ts')).createMemoryLlmUsageStore();
  return { rewriter, llmLimits: createLlmLimits({ dailyBudgetPerServer: s.daily_budget_per_server, cooldownSeconds: s.cooldown_seconds }, clock, store) };
}

export interface DiscordParts {
  log: Logger;
  llm: Llm;
  /** The daily tips' and scores' store; without it the bot runs without /tips and score history. */
  store?: TipStore;
  /** Each server's last page audit; without it /audit still answers but keeps nothing (no /audit last). */
  audits?: AuditStore;
  /** Corrections ("Not right?") and each server's ignored rules (/rules); without them nothing is kept and /rules says so. */
  corrections?: CorrectionStore;
  serverSettings?: ServerSettingsStore;
  /** The current time for the schedule, /tips and the cooldowns. Tests move it instead of waiting. */
  clock?: Clock;
  /** This process among all that share the store (default: host, pid and a random part). */
  owner?: string;
  /**
   * Start the per-minute tick (default true). Tests that call `dailyTips.tick` themselves turn it
   * off, so a real minute boundary can't tick in between.
   */
  cron?: boolean;
}

export interface RunningBot {
  bot: Bot;
  /** Present when the bot has a store. */
  dailyTips: DailyTips | undefined;
  /** Where the bot's posts are scored (for the benchmarks' memory breakdown). */
  scorer: Scorer;
  /** Stops the tick (waiting for one in progress), then disconnects the bot. */
  stop(): Promise<void>;
}

/** Builds and starts the Discord bot with its daily tips and their scheduler, on one clock; `stop()` ends both, scheduler first. */
export async function startDiscord(world: World, parts: DiscordParts): Promise<RunningBot> {
  const { config, advisor } = world;
  const { log, store } = parts;
  const clock = parts.clock ?? (() => new Date());
  const [{ createBot }, { createTipPublisher }, { createDailyTips }, { createScoreHistory }, { inlineScorer, poolScorer, defaultThreads }] = await Promise.all([
    import('./adapters/discord/bot.ts'),
    import('./adapters/discord/tip-publisher.ts'),
    import('./app/tips/daily-tips.ts'),
    import('./app/tips/score-history.ts'),
    import('./adapters/discord/scoring/scorer.ts'),
  ]);
  // scoring and rendering in worker threads, so the thread talking to Discord only does I/O
  const workers = config.settings.discord.workers;
  const threads = workers === 'auto' ? defaultThreads() : workers;
  const scorer = threads > 0 ? poolScorer(workerSetup(world, true), threads) : inlineScorer(advisor);
  log.info({ threads, queueSize: config.settings.discord.queue_size }, 'scoring threads');

  // why: the publisher needs the bot's client, and the bot needs the daily tips; the tips reach
  // the publisher through this indirection, which is set before anything can tick
  let publish: TipPublisher['publish'] = async () => {
    throw new PublishError('retryable', { code: 'not_connected' });
  };
  const tipSettings = config.settings.tips;
  const history = store && createScoreHistory({ store, clock });
  const dailyTips =
    store && history
      ? createDailyTips({
          store,
          history,
          publisher: { publish: (channelId, tip, lang, request) => publish(channelId, tip, lang, request) },
          owner: parts.owner ?? processOwner(),
          tips: world.rules.tips,
          clock,
          log: log.child({ module: 'tips' }),
          catchUpMinutes: tipSettings.catch_up_minutes,
          retry: { baseMs: tipSettings.retry_base_seconds * 1000, maxAttempts: tipSettings.retry_max_attempts },
          postsPerSecond: tipShare(config.discord.shards, config.settings.discord.global_requests_per_second),
        })
      : undefined;
  const bot = createBot({ advisor, config, log, ...parts.llm, tips: dailyTips, history, corrections: parts.corrections, serverSettings: parts.serverSettings, audits: parts.audits, scorer, now: () => clock().getTime() });
  publish = createTipPublisher(bot.client, advisor.findings).publish;

  try {
    await bot.start();
  } catch (err) {
    await bot.stop();
    await scorer.close();
    throw err;
  }
  let cron: { stop(): Promise<void> } | undefined;
  if (dailyTips && parts.cron !== false) {
    const { startCron } = await import('./adapters/scheduler/cron.ts');
    cron = startCron(dailyTips, { log: log.child({ module: 'cron' }), clock });
  }

  let stopped: Promise<void> | undefined;
  return {
    bot,
    dailyTips,
    scorer,
    stop() {
      stopped ??= (async () => {
        await cron?.stop();
        // why before the bot: tips being sent need its REST client to finish and be recorded
        await dailyTips?.stop();
        await bot.stop();
        await scorer.close();
      })();
      return stopped;
    },
  };
}

/**
 * The part of it daily tips may use. why not all: the bot's other requests count too, and the
 * machines' sends don't fall evenly into Discord's seconds; one second over the limit gets a
 * global 429, and discord.js then holds that process's requests and lets them go at once, into
 * the next second (bench:tips saw a fleet at the full limit collect thousands of 429s).
 */
const TIP_SHARE_OF_GLOBAL_LIMIT = 0.9;

/**
 * How many tips a second this process may send: with SHARD_IDS (one of several machines), the
 * share of the tips' part of Discord's global limit that its shards are of all of them, so the
 * machines together keep under it; otherwise no pacing of its own (discord.js keeps this
 * process to the limit).
 */
export function tipShare(shards: ShardConfig | undefined, globalRequestsPerSecond: number): number | undefined {
  if (!shards?.ids || shards.count === 'auto') return undefined;
  return Math.max(1, Math.floor((globalRequestsPerSecond * TIP_SHARE_OF_GLOBAL_LIMIT * shards.ids.length) / shards.count));
}

/** Where the model runs, for the start-up log: the host only, never the key or a path with secrets. */
function llmServer(baseUrl: string | undefined): string {
  if (!baseUrl) return 'api.openai.com';
  try {
    return new URL(baseUrl).host;
  } catch {
    return 'unknown';
  }
}

/** The bot's score history is committed in batches this far apart (see createSqliteTipStore). */
export const SCORE_BATCH_MS = 100;

/** `npm start`: the Discord bot when DISCORD_TOKEN is set, otherwise the local chat in the terminal. */
export async function start(io: Io): Promise<number> {
  const world = assemble(io);
  const { config } = world;
  // why: the local chat shares the terminal with its user; operator logs there are only warnings,
  // unless LOG_LEVEL asks for more
  const level = !config.discord.token && !io.env.LOG_LEVEL ? 'warn' : config.logLevel;
  const { createLogger } = await import('./adapters/log.ts');
  const log = createLogger(level);
  const opened = await openStore(config, {
    onIdleError: (err) => log.warn({ err }, 'database connection lost; reconnecting on next use'),
    // why: in a burst the bot records thousands of scores; one SQLite commit per batch, not per score
    batchScoresMs: config.discord.token ? SCORE_BATCH_MS : 0,
    onScoreWriteError: (err) => log.warn({ err }, 'could not save a batch of score history; tips choose from what was saved'),
  });
  log.info({ store: opened.kind, where: opened.where, migrated: opened.applied, rules: world.rules.book.rules.length, tips: world.rules.tips.length }, 'store open, rules loaded');
  const stores: Stores = { store: opened.store, corrections: opened.corrections, serverSettings: opened.serverSettings, audits: opened.audits, llmUsage: opened.llmUsage };
  for (const warning of world.rules.warnings) {
    // why: the local chat's terminal is read by a person, not a log collector
    if (config.discord.token) log.warn({ setting: 'rules.disabled' }, warning);
    else io.stderr.write(`warning: ${warning}\n`);
  }
  try {
    return config.discord.token ? await runDiscord(world, io, log, stores) : await runLocalChat(world, io, stores);
  } finally {
    await opened.close();
    if (config.discord.token) log.info('stopped');
  }
}

/** What `npm start` keeps in its database. */
interface Stores {
  store: TipStore;
  corrections: CorrectionStore;
  serverSettings: ServerSettingsStore;
  audits: AuditStore;
  llmUsage: LlmUsageStore;
}

async function runLocalChat(world: World, io: Io, { store, corrections }: Stores): Promise<number> {
  const { config, advisor } = world;
  const [{ chatBanner, runChat, LOCAL_SERVER }, { ansi, plain }, { createScoreHistory }, { createTipChooser }, { createTipPreview }] = await Promise.all([
    import('./adapters/cli/chat.ts'),
    import('./adapters/cli/render.ts'),
    import('./app/tips/score-history.ts'),
    import('./app/tips/choose.ts'),
    import('./app/tips/preview.ts'),
  ]);
  const clock = () => new Date();
  const history = createScoreHistory({ store, clock });
  const preview = createTipPreview({ store, clock, choose: createTipChooser({ store, tips: world.rules.tips, history }).one });
  const defaultLang = config.settings.engine.default_language;
  const chatLang: Lang = defaultLang === 'de' ? 'de' : 'en';
  let todaysTip = await preview(LOCAL_SERVER);
  const refreshTip = async () => {
    todaysTip = await preview(LOCAL_SERVER).catch(() => todaysTip);
  };
  io.stderr.write(`${chatBanner(chatLang)}\n`);
  await runChat({
    advisor,
    input: io.stdin,
    output: io.stdout,
    style: io.stdout.isTTY && !io.env.NO_COLOR ? ansi : plain,
    platform: config.settings.engine.default_platform,
    lang: defaultLang,
    history,
    corrections,
    // why cached: the chat answers /tip at once; the store is read in the background, so a score
    // just made steers the tip from the next /tip on
    tipOfTheDay: () => {
      void refreshTip();
      return todaysTip ? { tip: todaysTip.tip, lang: chatLang } : undefined;
    },
  });
  return 0;
}

async function runDiscord(world: World, io: Io, log: Logger, stores: Stores): Promise<number> {
  const { config } = world;
  const llm = await llmFromConfig(config, log, () => new Date(), stores.llmUsage);
  if (config.llm) {
    const s = config.settings.llm;
    log.info({ model: config.llm.model, server: llmServer(config.llm.baseUrl), dailyBudgetPerServer: s.daily_budget_per_server, cooldownSeconds: s.cooldown_seconds }, 'language model configured: Rewrite, /rewrite and model answers to /ask are on');
  } else {
    log.info({}, 'no language model (OPENAI_API_KEY / OPENAI_BASE_URL not set): no Rewrite button; /ask answers from the findings');
  }
  // why: listen before connecting, so a stop asked for during start-up (an orchestrator's
  // SIGTERM while the gateway connects) still ends in a clean shutdown once start-up is done
  const signalled = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  let running: RunningBot;
  try {
    running = await startDiscord(world, { log, llm, ...stores });
  } catch (err) {
    const { DiscordConnectError, startFailureText } = await import('./adapters/discord/connect.ts');
    const { newErrorId } = await import('./adapters/log.ts');
    const errorId = newErrorId();
    log.error({ err, errorId }, 'the Discord bot could not start');
    // why: the operator gets one sentence on stderr, the detail is in the log line above
    const sentence =
      err instanceof DiscordConnectError
        ? startFailureText(err, config.discord.apiUrl)
        : `The Discord bot could not start (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); details are in the log, error id ${errorId}.`;
    io.stderr.write(`${sentence}\n`);
    return 1;
  }
  // for container health checks (Dockerfile HEALTHCHECK → scripts/healthcheck.mjs)
  const { startHeartbeat } = await import('./adapters/heartbeat.ts');
  const heartbeat = startHeartbeat(config.dataDir, () => running.bot.client.isReady());
  await signalled;
  heartbeat.stop();
  await running.stop();
  return 0;
}

// Which store the bot uses: PostgreSQL when DATABASE_URL is set (several processes or machines
// share it), otherwise the SQLite file under DATA_DIR (nothing to set up). Either way the schema
// is brought up to date first, so `npm start` needs no separate step.

export interface OpenedStore {
  store: TipStore;
  corrections: CorrectionStore;
  serverSettings: ServerSettingsStore;
  /** Each server's last page audit. */
  audits: AuditStore;
  /** The language model's daily budgets and cooldowns, shared by every process on the store. */
  llmUsage: LlmUsageStore;
  /** Where the data lives, for logs: the file, or the database host and name (never the password). */
  where: string;
  kind: 'sqlite' | 'postgres';
  /** Schema versions this open applied (empty when it was up to date). */
  applied: number[];
  close(): Promise<void>;
}


/** Where a PostgreSQL URL points, without user or password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres://${u.host}${u.pathname}`;
  } catch {
    return 'postgres://(unreadable URL)';
  }
}

/**
 * Opens the configured store and applies pending migrations. `onIdleError` hears about lost
 * PostgreSQL connections (the pool reconnects by itself).
 */
export async function openStore(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>,
  opts: { onIdleError?: (err: Error) => void; batchScoresMs?: number; onScoreWriteError?: (err: unknown) => void } = {},
): Promise<OpenedStore> {
  if (config.databaseUrl) {
    const { createPool, createPostgresAuditStore, createPostgresLlmUsageStore, createPostgresCorrectionStore, createPostgresServerSettingsStore, createPostgresTipStore, migratePostgres } = await import(
      './adapters/store/postgres.ts'
    );
    const pool = createPool(config.databaseUrl, { onIdleError: opts.onIdleError });
    const where = describeDatabaseUrl(config.databaseUrl);
    try {
      const applied = await migratePostgres(pool);
      return {
        audits: createPostgresAuditStore(pool),
        llmUsage: createPostgresLlmUsageStore(pool),
        store: createPostgresTipStore(pool),
        corrections: createPostgresCorrectionStore(pool),
        serverSettings: createPostgresServerSettingsStore(pool),
        where,
        kind: 'postgres',
        applied,
        close: () => pool.end(),
      };
    } catch (err) {
      await pool.end().catch(() => {});
      throw new StoreOpenError(
        `Could not open the PostgreSQL database ${where}: ${(err as Error).message}. Check DATABASE_URL and that the server is running and reachable; without DATABASE_URL the bot uses SQLite under DATA_DIR.`,
        { cause: err },
      );
    }
  }
  const [{ createSqliteAuditStore, createSqliteLlmUsageStore, createSqliteTipStore, DB_FILE, openDatabase, migrate }, { createSqliteCorrectionStore, createSqliteServerSettingsStore }] = await Promise.all([
    import('./adapters/store/sqlite.ts'),
    import('./adapters/store/sqlite-corrections.ts'),
  ]);
  const db = openDatabase(config.dataDir, { migrate: false });
  try {
    const applied = migrate(db);
    const store = createSqliteTipStore(db, { batchScoresMs: opts.batchScoresMs, onWriteError: opts.onScoreWriteError });
    return {
      store,
      corrections: createSqliteCorrectionStore(db),
      serverSettings: createSqliteServerSettingsStore(db),
      audits: createSqliteAuditStore(db),
      llmUsage: createSqliteLlmUsageStore(db),
      where: `${config.dataDir}/${DB_FILE}`,
      kind: 'sqlite',
      applied,
      close: async () => {
        // why: score records still waiting for their shared commit are written before closing
        store.flushScores();
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** `fanpage-advisor db migrate`: brings the configured store (DATABASE_URL, or the SQLite file under DATA_DIR) to the newest schema. */
export async function migrateStore(io: Io): Promise<number> {
  const config = loadConfig(io.env, io.cwd);
  const opened = await openStore(config);
  await opened.close();
  const { MIGRATIONS } = await import('./adapters/store/migrations.ts');
  io.stdout.write(
    opened.applied.length > 0
      ? `${opened.where}: applied schema version${opened.applied.length > 1 ? 's' : ''} ${opened.applied.join(', ')}; now at version ${MIGRATIONS.length}.\n`
      : `${opened.where}: already at schema version ${MIGRATIONS.length}; nothing to do.\n`,
  );
  return 0;
}

/**
 * Who this process is among all that share the store: unique even when every process runs on
 * one host name (containers) or reuses a pid after a restart.
 */
function processOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** `npm run commands:deploy`: registers the slash commands without starting the bot. */
export async function deploy(io: Io): Promise<number> {
  const config = loadConfig(io.env, io.cwd);
  if (!config.discord.token) {
    io.stderr.write('DISCORD_TOKEN is not set: commands are registered with the bot\'s token. Set it and run again.\n');
    return 1;
  }
  const { deployCommands } = await import('./adapters/discord/deploy.ts');
  const result = await deployCommands({ token: config.discord.token, guildId: config.discord.guildId, apiUrl: config.discord.apiUrl, force: true });
  io.stdout.write(`${result.count} commands registered ${result.scope === 'guild' ? `in server ${config.discord.guildId}` : 'globally (may take up to an hour to appear)'}.\n`);
  return 0;
}
