// The composition root: the only place that wires config, rules, storage, Discord, the scheduler
// and the LLM together. `fanpage-advisor start` and `npm start` come here.
import type { Io } from './cli.ts';
import { createLlmLimits, type LlmLimits } from './app/llm-limits.ts';
import type { Clock, Rewriter } from './app/ports.ts';
import type { Advisor } from './core/engine.ts';
import { missedTopics } from './core/misses.ts';
import type { Lang } from './core/post.ts';
import { pickTip } from './core/tip-picker.ts';
import { localDate } from './core/schedule.ts';
import { chatBanner, runChat } from './adapters/cli/chat.ts';
import { ansi, plain } from './adapters/cli/render.ts';
import { loadConfig, type AppConfig } from './adapters/config.ts';
import { createLogger, type Logger } from './adapters/log.ts';
import type { LoadedRules } from './adapters/rules-fs.ts';
import { advisorInputs, loadAdvisor } from './adapters/rules-snapshot.ts';
import { createSqliteTipStore, openDatabase } from './adapters/store/sqlite.ts';

interface World {
  config: AppConfig;
  log: Logger;
  rules: LoadedRules;
  advisor: Advisor;
}

function assemble(io: Io): World {
  const config = loadConfig(io.env, io.cwd);
  // why: the local chat shares the terminal with its user; operator logs there are only warnings,
  // unless LOG_LEVEL asks for more
  const level = !config.discord.token && !io.env.LOG_LEVEL ? 'warn' : config.logLevel;
  const log = createLogger(level);
  const { rules, advisor } = loadAdvisor(config.rulesDir, advisorInputs(config), (line) => io.stderr.write(`${line}\n`));
  return { config, log, rules, advisor };
}

export interface Llm {
  rewriter?: Rewriter;
  llmLimits?: LlmLimits;
}

/**
 * The language model and its limits, when OPENAI_API_KEY or OPENAI_BASE_URL is set; nothing
 * otherwise (then no Rewrite button, /rewrite says how to enable it, /ask answers from the
 * findings). The openai client is loaded only when it is used.
 */
export async function llmFromConfig(config: AppConfig, log: Logger, clock: Clock): Promise<Llm> {
  if (!config.llm) return {};
  const { rewriterFromConfig } = await import('./adapters/llm/openai-rewriter.ts');
  const rewriter = rewriterFromConfig(config, log.child({ module: 'llm' }));
  if (!rewriter) return {};
  const s = config.settings.llm;
  return { rewriter, llmLimits: createLlmLimits({ dailyBudgetPerServer: s.daily_budget_per_server, cooldownSeconds: s.cooldown_seconds }, clock) };
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

/** Local chat id in the score history: the terminal is one "server". */
const LOCAL = 'local';

/** `npm start`: the Discord bot when DISCORD_TOKEN is set, otherwise the local chat in the terminal. */
export async function start(io: Io): Promise<number> {
  const world = assemble(io);
  const { config, log, advisor } = world;
  const db = openDatabase(config.dataDir);
  const store = createSqliteTipStore(db);
  log.info({ dataDir: config.dataDir, rules: world.rules.book.rules.length, tips: world.rules.tips.length }, 'rules loaded');

  if (!config.discord.token) {
    const defaultLang = config.settings.engine.default_language;
    const chatLang: Lang = defaultLang === 'de' ? 'de' : 'en';
    io.stderr.write(`${chatBanner(chatLang)}\n`);
    try {
      await runChat({
        advisor,
        input: io.stdin,
        output: io.stdout,
        style: io.stdout.isTTY && !io.env.NO_COLOR ? ansi : plain,
        platform: config.settings.engine.default_platform,
        lang: defaultLang,
        onScore: (report) => store.recordScore(LOCAL, { at: new Date(), score: report.score, missing: missedTopics(report, advisor) }, 50),
        tipOfTheDay: () => {
          const counts: Record<string, number> = {};
          for (const s of store.recentScores(LOCAL, 50)) for (const t of s.missing) counts[t] = (counts[t] ?? 0) + 1;
          const picked = pickTip(world.rules.tips, { shownTipIds: [], recentMisses: counts, dayKey: localDate(new Date(), 'UTC') });
          return picked ? { tip: picked.tip, lang: chatLang } : undefined;
        },
      });
    } finally {
      db.close();
    }
    return 0;
  }

  const { startBot } = await import('./adapters/discord/start.ts');
  const llm = await llmFromConfig(config, log, () => new Date());
  if (config.llm) {
    const s = config.settings.llm;
    log.info({ model: config.llm.model, server: llmServer(config.llm.baseUrl), dailyBudgetPerServer: s.daily_budget_per_server, cooldownSeconds: s.cooldown_seconds }, 'language model configured: Rewrite, /rewrite and model answers to /ask are on');
  } else {
    log.info({}, 'no language model (OPENAI_API_KEY / OPENAI_BASE_URL not set): no Rewrite button; /ask answers from the findings');
  }
  const running = await startBot({ config, log, advisor, tips: world.rules.tips, store, db, ...llm });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await running.stop();
  db.close();
  log.info('stopped');
  return 0;
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
