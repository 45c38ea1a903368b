import cron from 'node-cron';
import type { TickSummary } from '../../app/tips/daily-tips.ts';
import type { Clock, Log } from '../../app/ports.ts';

export interface TipCron {
  /** Stops the timer and waits for a tick in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Ticks the daily tips at second 0 of every minute (a tick claims and queues what is due; the
 * tips are sent after it, see TipDelivery.claimDue), plus once right away so slots missed while
 * the bot was down are caught up without waiting. A tick still running when the next is due is
 * skipped, not queued; a failed tick is logged and the next one runs as usual.
 */
export function startCron(
  dailyTips: { claimDue(now: Date): Promise<TickSummary> },
  opts: { log: Log; clock?: Clock },
): TipCron {
  const clock = opts.clock ?? (() => new Date());
  const { log } = opts;
  let running: Promise<void> | undefined;

  // why: our own guard rather than node-cron's noOverlap alone, because the start-up tick runs
  // outside node-cron and could overlap the first scheduled one.
  const run = (reason: 'start' | 'minute'): Promise<void> => {
    if (running) {
      log.warn({ reason }, 'daily tip tick skipped: the previous tick is still running');
      return running;
    }
    const started = clock();
    running = dailyTips
      .claimDue(started)
      .then((summary) => {
        const ms = clock().getTime() - started.getTime();
        if (summary.due > 0) log.info({ due: summary.due, skipped: summary.skipped, failed: summary.failed, ms, reason }, 'daily tip tick: claimed and queued');
      })
      .catch((err: unknown) => log.error({ err, reason }, 'daily tip tick failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const task = cron.schedule('0 * * * * *', () => run('minute'), {
    name: 'daily-tips',
    noOverlap: true,
    // node-cron would otherwise write its own warnings (missed executions) to the console.
    logger: {
      info: (msg) => log.info({ source: 'node-cron' }, msg),
      warn: (msg) => log.warn({ source: 'node-cron' }, msg),
      error: (msg, err) => log.error({ source: 'node-cron', err: err ?? msg }, typeof msg === 'string' ? msg : 'node-cron error'),
      debug: () => {},
    },
  });
  void run('start');

  return {
    async stop() {
      await task.destroy();
      await running;
    },
  };
}
