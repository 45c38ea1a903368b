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
