import type Database from 'better-sqlite3';
import { createDailyTips, type DailyTips } from '../../app/daily-tips.ts';
import type { LlmLimits } from '../../app/llm-limits.ts';
import { PublishError, type Clock, type Rewriter, type TipPublisher, type TipStore } from '../../app/ports.ts';
import type { Advisor } from '../../core/engine.ts';
import type { Tip } from '../../core/tip.ts';
import type { AppConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { startCron, type TipCron } from '../scheduler/cron.ts';
import { createBot, type Bot } from './bot.ts';
import { createTipPublisher } from './tip-publisher.ts';

export interface StartBotDeps {
  config: AppConfig;
  log: Logger;
  advisor: Advisor;
  tips: readonly Tip[];
  store: TipStore;
  /** The database behind `store`; the caller closes it after `stop()`. */
  db?: Database.Database;
  /** The language model, when configured (rewrites, model answers to /ask). */
  rewriter?: Rewriter;
  /** Budget and cooldown for model requests. */
  llmLimits?: LlmLimits;
  /** The current time for the schedule, /tips and the cooldown. Tests move it instead of waiting. */
  clock?: Clock;
  /**
   * Start the per-minute tick (default true). Tests that call `dailyTips.tick` themselves turn it
   * off, so a real minute boundary can't tick in between.
   */
  cron?: boolean;
}

export interface RunningBot {
  bot: Bot;
  dailyTips: DailyTips;
  /** Stops the tick (waiting for one in progress), then disconnects the bot. */
  stop(): Promise<void>;
}

/** Starts the bot and the daily-tip scheduler on one clock; `stop()` ends both, scheduler first. */
export async function startBot(deps: StartBotDeps): Promise<RunningBot> {
  const { config, log } = deps;
  const clock = deps.clock ?? (() => new Date());
  const tipSettings = config.settings.tips;

  // why: the publisher needs the bot's client, and the bot needs the daily tips; the tips reach
  // the publisher through this indirection, which is set before anything can tick
  let publish: TipPublisher['publish'] = async () => {
    throw new PublishError('retryable', 'the bot is not connected yet');
  };
  const dailyTips = createDailyTips({
    store: deps.store,
    publisher: { publish: (channelId, tip, lang) => publish(channelId, tip, lang) },
    tips: deps.tips,
    clock,
    log: log.child({ module: 'tips' }),
    catchUpMinutes: tipSettings.catch_up_minutes,
    retry: { baseMs: tipSettings.retry_base_seconds * 1000, maxAttempts: tipSettings.retry_max_attempts },
  });
  const bot = createBot({ advisor: deps.advisor, config, log, rewriter: deps.rewriter, llmLimits: deps.llmLimits, tips: dailyTips, now: () => clock().getTime() });
  publish = createTipPublisher(bot.client, deps.advisor.findings).publish;

  try {
    await bot.start();
  } catch (err) {
    await bot.stop();
    throw err;
  }
  const cron: TipCron | undefined = deps.cron === false ? undefined : startCron(dailyTips, { log: log.child({ module: 'cron' }), clock });

  let stopped: Promise<void> | undefined;
  return {
    bot,
    dailyTips,
    stop() {
      stopped ??= (async () => {
        await cron?.stop();
        await bot.stop();
      })();
      return stopped;
    },
  };
}
