/**
 * Admission control: at most `capacity` score requests are in flight (acknowledged, not yet
 * answered). Beyond that a request is refused at once with a wait estimate, so Discord never has
 * to time out a command and memory stays bounded in a burst.
 */
export interface Admission {
  /** A place for one request (call `done` when its answer is out), or the seconds to wait. */
  enter(): { done(): void } | { retryAfterSeconds: number };
  readonly inFlight: number;
  readonly counts: { admitted: number; refused: number };
}

export interface AdmissionOptions {
  capacity: number;
  now?: () => number;
}

/** How many recent completions the throughput estimate looks at. */
const WINDOW = 256;
/** Bounds for "try again in N s": soon enough to be worth it, not so soon that it comes back into the same rush. */
const MIN_WAIT_S = 5;
const MAX_WAIT_S = 120;

export function createAdmission({ capacity, now = Date.now }: AdmissionOptions): Admission {
  let inFlight = 0;
  const counts = { admitted: 0, refused: 0 };
  // ring of completion times: throughput = completions / time they took
  const finished = new Float64Array(WINDOW);
  let finishedCount = 0;

  const perSecond = (): number => {
    const n = Math.min(finishedCount, WINDOW);
    if (n < 2) return 0;
    const newest = finished[(finishedCount - 1) % WINDOW]!;
    const oldest = finished[(finishedCount - n) % WINDOW]!;
    return newest > oldest ? ((n - 1) * 1000) / (newest - oldest) : 0;
  };

  return {
    enter() {
      if (inFlight >= capacity) {
        counts.refused += 1;
        const rate = perSecond();
        const seconds = rate > 0 ? Math.ceil(inFlight / rate) : MIN_WAIT_S * 2;
        return { retryAfterSeconds: Math.min(MAX_WAIT_S, Math.max(MIN_WAIT_S, seconds)) };
      }
      inFlight += 1;
      counts.admitted += 1;
      let open = true;
      return {
        done() {
          if (!open) return;
          open = false;
          inFlight -= 1;
          finished[finishedCount % WINDOW] = now();
          finishedCount += 1;
        },
      };
    },
    get inFlight() {
      return inFlight;
    },
    counts,
  };
}
