// The product as `npm start` assembles it, for bench:burst: the composition root (src/main.ts)
// with the configuration from the environment given, the SQLite store under DATA_DIR (score
// history written as `npm start` writes it) and the Discord bot; no language model.
import { assemble, SCORE_BATCH_MS, startDiscord } from '../src/main.ts';
import type { Scorer } from '../src/adapters/discord/scoring/scorer.ts';
import { createLogger } from '../src/adapters/log.ts';
import { createSqliteTipStore, openDatabase } from '../src/adapters/store/sqlite.ts';

export interface Product {
  describe: string;
  /** Counters worth printing after the bursts (admission, late interactions). */
  stats(): string;
  /** The scoring threads (none for the bare bot or `discord.workers: 0`). */
  scorer?: Scorer;
  stop(): Promise<void>;
}

export async function startProduct(env: Record<string, string>): Promise<Product> {
  // why: run from the repository root (npm run bench:burst); the compiled copy lives in dist/
  const world = assemble({ env: { ...process.env, ...env }, cwd: process.cwd() });
  const { config } = world;
  const log = createLogger(config.logLevel);
  const db = openDatabase(config.dataDir);
  const store = createSqliteTipStore(db, { batchScoresMs: SCORE_BATCH_MS });
  const running = await startDiscord(world, { log, llm: {}, store, cron: false });
  const { answers } = running.bot;
  const workers = config.settings.discord.workers;
  return {
    describe: `acknowledge first; scoring threads: ${workers} (ended after 10 min idle); queue ${config.settings.discord.queue_size}`,
    scorer: running.scorer,
    stats: () => `admitted ${answers.admission.counts.admitted}, refused busy ${answers.admission.counts.refused}, late interactions skipped ${answers.late.total}; full collections at the heap ceiling ${answers.settler?.counts.ceiling ?? 0}, settling after bursts ${answers.settler?.counts.settled ?? 0}; scoring threads running ${running.scorer.diagnostics?.running() ?? 0}`,
    async stop() {
      await running.stop();
      store.flushScores();
      db.close();
    },
  };
}

/**
 * The reference from issue 14: a bare discord.js client that defers every command at once and
 * answers from a queue after 1.5 ms of work each. BENCH_BARE=1 runs it instead of the product, to
 * tell what the machine (and the fake) allow at the moment from what the product costs.
 */
export async function startBare(env: Record<string, string>): Promise<Product> {
  const { Client, Events, GatewayIntentBits, MessageFlags } = await import('discord.js');
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: env.DISCORD_API_URL } });
  const queue: Array<() => Promise<unknown>> = [];
  let running = false;
  const drain = async () => {
    if (running) return;
    running = true;
    while (queue.length) {
      const job = queue.shift()!;
      const until = performance.now() + 1.5;
      while (performance.now() < until);
      await job().catch(() => undefined);
    }
    running = false;
  };
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    interaction
      .deferReply({ flags: MessageFlags.Ephemeral })
      .then(() => {
        queue.push(() => interaction.editReply({ embeds: [{ title: 'score', description: 'bare' }] }));
        void drain();
      })
      .catch(() => undefined);
  });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(env.DISCORD_TOKEN);
  await ready;
  return { describe: 'BARE reference bot (defer all, 1.5 ms work each from a queue)', stats: () => '', stop: () => client.destroy() };
}
