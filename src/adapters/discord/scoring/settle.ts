/**
 * Memory that settles after a burst. V8 collects the old generation only under allocation
 * pressure, so after a burst of 2,000 commands the garbage they left (payloads, promise chains,
 * request bodies; a few MB of them stay live) kept RSS ~100 MB high for as long as the bot stayed
 * quiet. When a burst has drained and the bot has been idle for a moment, one full collection
 * gives that memory back. Only when the process runs with --expose-gc (npm start does).
 */
export interface Settler {
  /** Call when a request finishes, with the number still in flight. */
  finished(inFlight: number): void;
  stop(): void;
}

export interface SettleOptions {
  /** Requests finished since the last collection that make one worth it. */
  after?: number;
  /** Idle time before collecting. */
  idleMs?: number;
  gc?: () => void;
}

export function createSettler({ after = 200, idleMs = 2_000, gc = (globalThis as { gc?: () => void }).gc }: SettleOptions = {}): Settler {
  let since = 0;
  let timer: NodeJS.Timeout | undefined;
  return {
    finished(inFlight) {
      since += 1;
      clearTimeout(timer);
      timer = undefined;
      if (!gc || inFlight > 0 || since < after) return;
      timer = setTimeout(() => {
        timer = undefined;
        since = 0;
        gc();
      }, idleMs).unref();
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
