// The product as `npm start` assembles it, for bench:burst: config from the environment given,
// rules, the SQLite store under DATA_DIR and the Discord bot, with nothing left out or added.
import { buildAdvisor } from '../src/core/advisor.ts';
import { loadConfig } from '../src/adapters/config.ts';
import { createLogger } from '../src/adapters/log.ts';
import { loadRules } from '../src/adapters/rules-fs.ts';
import { createSqliteTipStore, openDatabase } from '../src/adapters/store/sqlite.ts';
import { startBot } from '../src/adapters/discord/start.ts';

export interface Product {
  describe: string;
  /** Counters worth printing after the bursts (admission, late interactions). */
  stats(): string;
  stop(): Promise<void>;
}

export async function startProduct(env: Record<string, string>): Promise<Product> {
  // why: run from the repository root (npm run bench:burst); the compiled copy lives in dist/
  const config = loadConfig({ ...process.env, ...env }, process.cwd());
  const log = createLogger(config.logLevel);
  const rules = loadRules(config.rulesDir, config.settings.rules.disabled);
  const advisor = buildAdvisor(rules.book, { base: config.settings.engine.base, maxSuggestions: config.settings.engine.suggestions, disabledRules: config.settings.rules.disabled });
  const db = openDatabase(config.dataDir);
  const running = await startBot({ config, log, advisor, tips: rules.tips, store: createSqliteTipStore(db), db });
  return {
    describe: 'bot as before issue 14 (scores before answering)',
    stats: () => '',
    async stop() {
      await running.stop();
      db.close();
    },
  };
}
