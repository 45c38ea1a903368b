import { describe, expect, it } from 'vitest';
import type { Tip } from '../../src/core/tip.ts';
import { missScore, pickTip } from '../../src/core/tip-picker.ts';

const TOPICS = ['discount', 'exclusive', 'reviews', 'event', 'contest', 'community', 'product_news'];

function tip(id: string, topics: string[]): Tip {
  return { id, finding: 'f', topics, text: { en: `tip ${id}`, de: `Tipp ${id}` } };
}

/** 41 tips; tip-7, tip-14, … are about discounts, and so on round the topic list. */
const catalog: Tip[] = Array.from({ length: 41 }, (_, i) => tip(`tip-${i}`, [TOPICS[i % TOPICS.length]!]));

/** Simulates a server taking one tip a day, as the app does with its store. */
function run(days: number, misses: Record<string, number> = {}, guild = 'g1') {
  let cycle = 1;
  let shown: string[] = [];
  let last: string | undefined;
  const picks: Array<{ id: string; cycle: number }> = [];
  for (let d = 0; d < days; d++) {
    const pick = pickTip(catalog, { shownTipIds: shown, recentMisses: misses, dayKey: `${guild}:day-${d}`, lastTipId: last })!;
    if (pick.newCycle) {
      cycle++;
      shown = [];
    }
    shown.push(pick.tip.id);
    last = pick.tip.id;
    picks.push({ id: pick.tip.id, cycle });
  }
  return picks;
}

describe('pickTip', () => {
  it('shows every tip once before any repeats, over a full cycle of 41', () => {
    const picks = run(41);
    expect(new Set(picks.map((p) => p.id)).size).toBe(41);
    expect(picks.every((p) => p.cycle === 1)).toBe(true);
  });

  it('starts a new cycle after all were shown, again without repeats, and not with the last tip', () => {
    const picks = run(41 * 3);
    for (const cycle of [1, 2, 3]) {
      const ids = picks.filter((p) => p.cycle === cycle).map((p) => p.id);
      expect(ids).toHaveLength(41);
      expect(new Set(ids).size).toBe(41);
    }
    for (let i = 1; i < picks.length; i++) expect(picks[i]!.id).not.toBe(picks[i - 1]!.id);
  });

  it('orders cycles differently from one another and from server to server', () => {
    const a = run(82).map((p) => p.id);
    expect(a.slice(0, 41)).not.toEqual(a.slice(41));
    expect(run(41, {}, 'g2').map((p) => p.id)).not.toEqual(a.slice(0, 41));
  });

  it('is deterministic: same inputs, same tip', () => {
    const ctx = { shownTipIds: ['tip-1', 'tip-2'], recentMisses: { event: 2 }, dayKey: 'g1:2026-03-29' };
    const first = pickTip(catalog, ctx);
    for (let i = 0; i < 20; i++) expect(pickTip(catalog, ctx)).toEqual(first);
    expect(pickTip([...catalog].reverse(), ctx)).toEqual(first);
  });

  it('prefers tips on the topics the server keeps missing', () => {
    const misses = { discount: 6, exclusive: 4, reviews: 1 };
    const picks = run(41, misses).map((p) => p.id);
    const topicOf = (id: string) => catalog.find((t) => t.id === id)!.topics[0];
    // 6 discount tips first, then 6 exclusive, then 6 reviews, then the rest
    expect(picks.slice(0, 6).map(topicOf)).toEqual(Array(6).fill('discount'));
    expect(picks.slice(6, 12).map(topicOf)).toEqual(Array(6).fill('exclusive'));
    expect(picks.slice(12, 18).map(topicOf)).toEqual(Array(6).fill('reviews'));
    // and still shows everything before repeating
    expect(new Set(picks).size).toBe(41);
  });

  it('ranks a tip covering several missed topics above one covering a single one', () => {
    const tips = [tip('only-discount', ['discount']), tip('both', ['discount', 'exclusive']), tip('other', ['event'])];
    const pick = pickTip(tips, { shownTipIds: [], recentMisses: { discount: 3, exclusive: 1 }, dayKey: 'x' });
    expect(pick?.tip.id).toBe('both');
    expect(missScore(tips[1]!, { discount: 3, exclusive: 1, event: 9 })).toBe(4);
    expect(missScore(tip('dup', ['discount', 'discount']), { discount: 3 })).toBe(3);
  });

  it('ignores misses of topics no tip covers, and odd keys', () => {
    const misses = Object.assign(Object.create(null) as Record<string, number>, { constructor: 5, nope: 9 });
    const a = pickTip(catalog, { shownTipIds: [], recentMisses: misses, dayKey: 'k' });
    const b = pickTip(catalog, { shownTipIds: [], dayKey: 'k' });
    expect(a).toEqual(b);
  });

  it('ignores shown ids that are no longer in the catalog', () => {
    const pick = pickTip(catalog.slice(0, 2), { shownTipIds: ['tip-0', 'removed-tip'], dayKey: 'k' });
    expect(pick).toEqual({ tip: catalog[1], newCycle: false });
  });

  it('handles one-tip and empty catalogs', () => {
    const one = [tip('solo', [])];
    expect(pickTip(one, { shownTipIds: ['solo'], dayKey: 'k', lastTipId: 'solo' })).toEqual({ tip: one[0], newCycle: true });
    expect(pickTip([], { shownTipIds: [], dayKey: 'k' })).toBeUndefined();
  });
});

describe('pickTip against the straightforward reference', () => {
  // The first version: filter the candidates, then score and hash each one from scratch.
  function referencePick(tips: readonly Tip[], ctx: { shownTipIds: string[]; recentMisses: Record<string, number>; dayKey: string; lastTipId?: string }) {
    if (tips.length === 0) return undefined;
    const shown = new Set(ctx.shownTipIds);
    let candidates = tips.filter((t) => !shown.has(t.id));
    const newCycle = candidates.length === 0;
    if (newCycle) candidates = tips.length > 1 ? tips.filter((t) => t.id !== ctx.lastTipId) : [...tips];
    const hash = (text: string) => {
      let h = 0x811c9dc5;
      for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
      }
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      return h >>> 0;
    };
    let best: Tip | undefined;
    let bestScore = -1;
    let bestHash = 0;
    for (const tip of candidates) {
      let score = 0;
      for (const topic of new Set(tip.topics)) {
        const n = Object.hasOwn(ctx.recentMisses, topic) ? ctx.recentMisses[topic]! : 0;
        if (n > 0) score += n;
      }
      const h = hash(`${ctx.dayKey}\u0000${tip.id}`);
      if (score > bestScore || (score === bestScore && h < bestHash)) {
        best = tip;
        bestScore = score;
        bestHash = h;
      }
    }
    return best && { tip: best, newCycle };
  }

  it('picks the same tip and cycle for 5,000 random servers, days, rotations and misses', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pickN = <T,>(list: readonly T[], n: number) => list.filter(() => random() < n / list.length);
    // topics with repeats and tips sharing topics, as authored catalogs may have
    const tips = catalog.map((t, i) => (i % 5 === 0 ? { ...t, topics: [...t.topics, t.topics[0]!, TOPICS[(i + 2) % TOPICS.length]!] } : t));
    for (let i = 0; i < 5000; i++) {
      const shownTipIds = random() < 0.1 ? tips.map((t) => t.id) : pickN(tips, random() * 41).map((t) => t.id);
      const recentMisses: Record<string, number> =
        random() < 0.4 ? {} : Object.fromEntries(pickN(TOPICS, 3).map((t) => [t, Math.floor(random() * 5) - 1]));
      const ctx = { shownTipIds, recentMisses, dayKey: `${Math.floor(random() * 1e9)}:2026-03-${String(1 + (i % 28)).padStart(2, '0')}`, lastTipId: tips[Math.floor(random() * 41)]!.id };
      const catalogNow = random() < 0.05 ? tips.slice(0, 1) : tips;
      expect(pickTip(catalogNow, ctx)).toEqual(referencePick(catalogNow, ctx));
    }
  });
});
