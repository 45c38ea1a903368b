import type { Tip } from './tip.ts';

/** What a server has seen and missed, as far as choosing its next tip is concerned. */
export interface PickContext {
  /** Tips already shown in the server's current rotation cycle. Unknown ids are ignored. */
  shownTipIds: Iterable<string>;
  /** How often each topic (category or rule id) was missing from the server's recent scored posts. */
  recentMisses?: Readonly<Record<string, number>>;
  /** Varies the order between days and servers, e.g. `${guildId}:${localDate}`. */
  dayKey: string;
  /** The tip shown last; a new cycle doesn't open with it, so no tip is shown twice in a row. */
  lastTipId?: string | undefined;
}

export interface TipPick {
  tip: Tip;
  /** True when every tip had been shown, so this pick opens a new cycle. */
  newCycle: boolean;
}

/**
 * Chooses the next tip: never one already shown in the current cycle; among the rest, the one
 * whose topics were missed most often lately; ties broken by a hash of day key and tip id.
 * Returns undefined only for an empty catalog.
 */
export function pickTip(tips: readonly Tip[], ctx: PickContext): TipPick | undefined {
  if (tips.length === 0) return undefined;
  const shown = new Set(ctx.shownTipIds);
  let candidates = tips.filter((t) => !shown.has(t.id));
  const newCycle = candidates.length === 0;
  if (newCycle) {
    candidates = tips.length > 1 ? tips.filter((t) => t.id !== ctx.lastTipId) : [...tips];
  }
  const misses = ctx.recentMisses ?? {};
  let best: Tip | undefined;
  let bestScore = -1;
  let bestHash = 0;
  for (const tip of candidates) {
    const score = missScore(tip, misses);
    const hash = fnv1a(`${ctx.dayKey}\u0000${tip.id}`);
    if (score > bestScore || (score === bestScore && hash < bestHash)) {
      best = tip;
      bestScore = score;
      bestHash = hash;
    }
  }
  return best && { tip: best, newCycle };
}

/** How many recent misses a tip addresses: the sum over its (distinct) topics. */
export function missScore(tip: Tip, misses: Readonly<Record<string, number>>): number {
  let score = 0;
  for (const topic of new Set(tip.topics)) {
    const n = Object.hasOwn(misses, topic) ? misses[topic]! : 0;
    if (n > 0) score += n;
  }
  return score;
}

// why: a stable, well-spread hash keeps the order deterministic (testable, same across restarts
// and processes) without Math.random, and different for each server and day.
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // murmur3's finalizer, so ids differing only in their last characters still spread apart
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
