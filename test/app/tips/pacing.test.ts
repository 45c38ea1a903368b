// postsPerSecond: a process sends its share of a limit all processes share (Discord's global
// limit is per bot), evenly spaced, and still posts everything that is due.
import { describe, expect, it } from 'vitest';
import { createMemoryTipStore } from '../../../src/adapters/store/memory.ts';
import type { TipPublisher } from '../../../src/app/ports.ts';
import { createDailyTips } from '../../../src/app/tips/daily-tips.ts';
import type { Tip } from '../../../src/core/tip.ts';

const TIPS: Tip[] = ['a', 'b', 'c'].map((id) => ({ id: `tip-${id}`, finding: 'f', topics: [], text: { en: `Tip ${id}`, de: `Tipp ${id}` } }));

async function run(postsPerSecond: number | undefined) {
  let now = new Date('2026-03-10T08:00:00Z');
  const startedAt: number[] = [];
  const publisher: TipPublisher = {
    async publish() {
      startedAt.push(performance.now());
      return { messageId: String(startedAt.length) };
    },
  };
  const app = createDailyTips({ store: createMemoryTipStore(), publisher, tips: TIPS, clock: () => now, postsPerSecond });
  for (let i = 0; i < 8; i++) await app.setSchedule(`g${i}`, { channelId: `c${i}`, time: '09:00', tz: 'UTC' });
  now = new Date('2026-03-10T09:00:00Z');
  const summary = await app.tick(now);
  await app.stop();
  return { summary, gaps: startedAt.slice(1).map((t, i) => t - startedAt[i]!), sinceFirst: startedAt.map((t) => t - startedAt[0]!) };
}

describe('postsPerSecond', () => {
  it('spaces the sends evenly at the rate given and posts every due tip', async () => {
    const { summary, sinceFirst } = await run(25);
    expect(summary).toMatchObject({ due: 8, posted: 8 });
    expect(sinceFirst).toHaveLength(8);
    // 25 a second: the n-th send no earlier than n × 40 ms after the first (a late timer may
    // bring the next one closer; a timer fires a millisecond early at most)
    sinceFirst.forEach((t, n) => expect(t).toBeGreaterThanOrEqual(n * 40 - 2));
  });

  it('without it, sends as fast as the publisher answers', async () => {
    const { summary, gaps } = await run(undefined);
    expect(summary).toMatchObject({ due: 8, posted: 8 });
    expect(Math.min(...gaps)).toBeLessThan(38);
  });
});
