import { getHeapStatistics } from 'node:v8';

/**
 * Memory that settles after a burst, and stays bounded during one. V8 collects the old generation
 * when its own growth heuristics say so, and on a busy 2-core host its concurrent marking falls
 * behind: through a burst of 2,000 commands the main thread's heap grew from ~45 MB to 120–136 MB,
 * of which ~45 MB was live (heap snapshots in bench:burst); the rest was garbage of answered
 * commands (gateway payloads, discord.js objects, request bodies) promoted by the small young
 * generation. Two measures, only when the process runs with --expose-gc (npm start does):
 * - a ceiling: during a burst (`burstInFlight` requests in flight), when the heap in use passes
 *   the larger of `ceilingBytes` and the live heap after the last collection plus `headroomBytes`,
 *   one full collection (tens of ms, once per that much garbage) keeps the burst's RSS near the
 *   live heap instead of V8's growth targets;
 * - settling: when a burst has drained and the bot has been idle for a moment, one full
 *   collection gives the rest back.
 */
export interface Settler {
  /** Call when a request finishes, with the number still in flight. */
  finished(inFlight: number): void;
  /** Collections made so far: at the ceiling during bursts, and settling after them. */
  readonly counts: { ceiling: number; settled: number };
  stop(): void;
}

export interface SettleOptions {
  /** Requests finished since the last collection that make one worth it. */
  after?: number;
  /** Idle time before collecting. */
  idleMs?: number;
  gc?: () => void;
  /** The heap in use never triggers a collection below this. */
  ceilingBytes?: number;
  /** Garbage allowed over the live heap of the last collection before the next one. */
  headroomBytes?: number;
  /** How often the heap is looked at (a few microseconds each time). */
  checkMs?: number;
  heapUsed?: () => number;
  /** Requests in flight now; the ceiling applies only while at least `burstInFlight` are. */
  inFlight?: () => number;
  burstInFlight?: number;
}

const MB = 1024 * 1024;
/** Growth of the heap in use since the last collection that is worth one when the bot goes quiet. */
const SETTLE_GROWTH = 16 * MB;

export function createSettler({
  after = 200,
  idleMs = 2_000,
  gc = (globalThis as { gc?: () => void }).gc,
  ceilingBytes = 80 * MB,
  headroomBytes = 40 * MB,
  checkMs = 250,
  heapUsed = () => getHeapStatistics().used_heap_size,
  inFlight = () => Number.POSITIVE_INFINITY,
  burstInFlight = 64,
}: SettleOptions = {}): Settler {
  let since = 0;
  let timer: NodeJS.Timeout | undefined;
  let limit = ceilingBytes;
  /** The heap in use right after the last collection (0 before the first). */
  let live = 0;
  const counts = { ceiling: 0, settled: 0 };
  const collect = (): void => {
    gc!();
    live = heapUsed();
    limit = Math.max(ceilingBytes, live + headroomBytes);
  };
  // why a timer and not a check per request: during the acknowledgements of a burst no request
  // finishes for a second or two, and that is when the heap grows fastest. why only in a burst: in
  // steady traffic V8's own incremental collections keep the heap small, and a full collection
  // forced there would only add its pause to the commands waiting behind it
  const watch = gc
    ? setInterval(() => {
        if (heapUsed() <= limit || inFlight() < burstInFlight) return;
        counts.ceiling += 1;
        collect();
      }, checkMs).unref()
    : undefined;
  return {
    counts,
    finished(inFlight) {
      since += 1;
      clearTimeout(timer);
      timer = undefined;
      // why the heap too: a stall in the middle of a burst may have settled it already, and then
      // fewer than `after` requests finish after that collection, with the garbage of the whole burst
      if (!gc || inFlight > 0 || (since < after && !(live > 0 && heapUsed() > live + SETTLE_GROWTH))) return;
      timer = setTimeout(() => {
        timer = undefined;
        since = 0;
        counts.settled += 1;
        collect();
      }, idleMs).unref();
    },
    stop() {
      clearTimeout(timer);
      clearInterval(watch);
    },
  };
}
