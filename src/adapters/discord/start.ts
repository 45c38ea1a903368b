import type Database from 'better-sqlite3';
import { createDailyTips } from '../../app/daily-tips.ts';
import type { TipStore } from '../../app/ports.ts';
import type { Advisor } from '../../core/engine.ts';
import type { Tip } from '../../core/tip.ts';
import type { AppConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { startCron } from '../scheduler/cron.ts';
import { createBot } from './bot.ts';
import { createTipPublisher } from './tip-publisher.ts';

export interface StartBotDeps {
  config: AppConfig;
  log: Logger;
  advisor: Advisor;
  tips: readonly Tip[];
  store: TipStore;
  db: Database.Database;
  rewriter?: unknown;
}

/** Starts the bot and the daily-tip scheduler; `stop()` ends both. */
export async function startBot(deps: StartBotDeps): Promise<{ stop(): Promise<void> }> {
  const { config, log } = deps;
  let publisher: ReturnType<typeof createTipPublisher> | undefined;
  const dailyTips = createDailyTips({
    store: deps.store,
    // why: the publisher needs the client, and the client needs the tips; resolve it lazily
    publisher: { publish: (channelId, tip, lang) => publisher!.publish(channelId, tip, lang) },
    tips: deps.tips,
    clock: () => new Date(),
    log: log.child({ module: 'tips' }),
    catchUpMinutes: config.settings.tips.catch_up_minutes,
    retry: { baseMs: config.settings.tips.retry_base_seconds * 1000, maxAttempts: config.settings.tips.retry_max_attempts },
  });
  const bot = createBot({ advisor: deps.advisor, config, log, rewriter: deps.rewriter, tips: dailyTips });
  publisher = createTipPublisher(bot.client, deps.advisor.findings);
  await bot.start();
  const cron = startCron(dailyTips, { log: log.child({ module: 'cron' }) });
  return {
    async stop() {
      await cron.stop();
      await bot.stop();
    },
  };
}
