import type { Logger } from '../../log.ts';

/**
 * Interactions that reached the bot after Discord's 3-second window. Answering them is refused by
 * Discord (Unknown interaction), so they are skipped, and counted in one warning per quiet spell
 * rather than two errors each.
 */
export interface LateInteractions {
  /** True when an interaction created at `createdAt` (its snowflake time) can no longer be answered in time. */
  tooLate(createdAt: number): boolean;
  /** Milliseconds left for a first response to leave and still arrive within the window (≤ 0: too late). */
  remainingMs(createdAt: number): number;
  /** Counts one interaction that was late (skipped, or refused by Discord). */
  note(): void;
  readonly total: number;
  /** Logs what is still uncounted and stops the timer. */
  flush(): void;
}

export interface LateOptions {
  log: Logger;
  now?: () => number;
  /** Discord's window for the first response. */
  windowMs?: number;
  /** Time the acknowledgement itself needs to reach Discord. */
  marginMs?: number;
  /** One warning per this many ms at most. */
  reportEveryMs?: number;
}

/** A bucket of the lag baseline lasts this long; the minimum over two buckets is used. */
const BASELINE_MS = 60_000;

export function createLateInteractions({ log, now = Date.now, windowMs = 3_000, marginMs = 500, reportEveryMs = 10_000 }: LateOptions): LateInteractions {
  // why a baseline: a snowflake's time is Discord's clock; if ours is off by seconds, comparing
  // the two directly would skip every command (or answer expired ones). The smallest lag seen
  // recently is clock offset plus network time, and the age that matters is measured above it.
  let current = Number.POSITIVE_INFINITY;
  let previous = Number.POSITIVE_INFINITY;
  let bucketStart = now();
  let pending = 0;
  let total = 0;
  let timer: NodeJS.Timeout | undefined;

  const report = (): void => {
    timer = undefined;
    if (pending === 0) return;
    log.warn({ count: pending, total }, 'interactions arrived after Discord’s 3-second window (a burst or a stalled connection); skipped without an answer');
    pending = 0;
  };

  /** How old an interaction is by our clock, less the smallest lag seen recently. */
  const age = (createdAt: number): number => {
    const at = now();
    if (at - bucketStart > BASELINE_MS) {
      previous = current;
      current = Number.POSITIVE_INFINITY;
      bucketStart = at;
    }
    const lag = at - createdAt;
    if (lag < current) current = lag;
    return lag - Math.min(current, previous);
  };

  return {
    tooLate: (createdAt) => age(createdAt) > windowMs - marginMs,
    // why 100 ms: the request's own way to Discord once it has left
    remainingMs: (createdAt) => windowMs - age(createdAt) - 100,
    note() {
      pending += 1;
      total += 1;
      timer ??= setTimeout(report, reportEveryMs).unref();
    },
    get total() {
      return total;
    },
    flush() {
      clearTimeout(timer);
      report();
    },
  };
}
