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
  let newCycle = true;
  for (const t of tips) {
    if (!shown.has(t.id)) {
      newCycle = false;
      break;
    }
  }
  // In a new cycle every tip but the last one shown is a candidate (unless it is the only tip).
  const excluded = (t: Tip): boolean => (newCycle ? tips.length > 1 && t.id === ctx.lastTipId : shown.has(t.id));
  const misses = ctx.recentMisses ?? {};
  const anyMisses = hasPositive(misses);
  // why: the tie-break hashes `${dayKey}\u0000${tip.id}`; FNV-1a reads left to right, so the day
  // key's part is hashed once per pick, not once per tip
  const prefix = fnv1aUpdate(0x811c9dc5, `${ctx.dayKey}\u0000`);
  let best: Tip | undefined;
  let bestScore = -1;
  let bestHash = 0;
  for (const tip of tips) {
    if (excluded(tip)) continue;
    const score = anyMisses ? missScore(tip, misses) : 0;
    const hash = finalize(fnv1aUpdate(prefix, tip.id));
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
  for (const topic of distinctTopics(tip)) {
    const n = Object.hasOwn(misses, topic) ? misses[topic]! : 0;
    if (n > 0) score += n;
  }
  return score;
}

function hasPositive(misses: Readonly<Record<string, number>>): boolean {
  for (const key in misses) if (Object.hasOwn(misses, key) && misses[key]! > 0) return true;
  return false;
}

// why: a tip's topics are fixed once loaded; most have no repeats, and then the list itself serves
const topicSets = new WeakMap<Tip, readonly string[]>();
function distinctTopics(tip: Tip): readonly string[] {
  let topics = topicSets.get(tip);
  if (!topics) {
    topics = new Set(tip.topics).size === tip.topics.length ? tip.topics : [...new Set(tip.topics)];
    topicSets.set(tip, topics);
  }
  return topics;
}

// why: a stable, well-spread hash keeps the order deterministic (testable, same across restarts
// and processes) without Math.random, and different for each server and day.
function fnv1aUpdate(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

// murmur3's finalizer, so ids differing only in their last characters still spread apart
function finalize(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
