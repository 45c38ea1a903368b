import { describe, expect, it } from 'vitest';
import { SpanMemo } from '../../src/core/span-memo.ts';

describe('SpanMemo', () => {
  it('answers for every stretch of a text what a Map keyed by the cut-out stretch answers, through growth and restarts', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['a', 'b', 'ß', 'é', '1', ' ', '😀', '\uD800', 'x'];
    const memo = new SpanMemo<number>(700);
    let map = new Map<string, number>();
    let text = '';
    for (let i = 0; i < 5000; i++) text += alphabet[Math.floor(rnd() * alphabet.length)];
    let hits = 0;
    for (let n = 0; n < 20000; n++) {
      const from = Math.floor(rnd() * text.length);
      const to = Math.min(text.length, from + Math.floor(rnd() * 6));
      const key = text.slice(from, to);
      const got = memo.get(text, from, to);
      expect(got, JSON.stringify(key)).toBe(map.get(key));
      if (got !== undefined) hits++;
      else {
        if (map.size >= 700) map = new Map();
        memo.add(key, n);
        map.set(key, n);
      }
      expect(memo.size).toBe(map.size);
    }
    expect(hits).toBeGreaterThan(5000);
  });
});
