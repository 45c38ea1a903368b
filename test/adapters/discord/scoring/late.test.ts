import { describe, expect, it } from 'vitest';
import { createLateInteractions } from '../../../../src/adapters/discord/scoring/late.ts';
import { captureLog } from '../harness.ts';

describe('late interactions', () => {
  it('measures age above the smallest lag seen, so a clock seconds off from Discord’s changes nothing', () => {
    for (const offset of [0, 7_000, -7_000]) {
      let t = 1_000_000 + offset;
      const { log } = captureLog('warn');
      const late = createLateInteractions({ log, now: () => t });
      expect(late.tooLate(1_000_000 - 40)).toBe(false); // 40 ms of network: the baseline
      t += 2_000;
      expect(late.tooLate(1_000_000 + 1_000)).toBe(false); // 1 s old
      expect(late.tooLate(1_000_000 - 600)).toBe(true); // 2.6 s old: its answer could not arrive within 3 s
    }
  });

  it('says how long a first response may still take to leave, on the same corrected clock', () => {
    let t = 5_000_000 + 9_000; // our clock 9 s ahead of Discord's
    const { log } = captureLog('warn');
    const late = createLateInteractions({ log, now: () => t });
    expect(late.remainingMs(5_000_000 + 9_000 - 9_050)).toBe(2_900); // the baseline: 50 ms of lag
    t += 2_000;
    expect(late.remainingMs(5_000_000 - 50)).toBe(900);
    t += 1_000;
    expect(late.remainingMs(5_000_000 - 50)).toBeLessThanOrEqual(0);
  });

  it('logs skipped interactions once per spell as one warning with the count', async () => {
    const { log, records } = captureLog('warn');
    const late = createLateInteractions({ log, reportEveryMs: 20 });
    for (let i = 0; i < 250; i++) late.note();
    expect(records).toHaveLength(0);
    await expect.poll(() => records.length).toBe(1);
    expect(records[0]).toMatchObject({ level: 40, count: 250, total: 250 });
    late.note();
    late.flush();
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({ count: 1, total: 251 });
    expect(late.total).toBe(251);
  });
});
