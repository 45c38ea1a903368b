import { describe, expect, it } from 'vitest';
import { sortFew } from '../../src/core/sort-few.ts';

describe('sortFew', () => {
  it('orders as Array.prototype.sort does, ties kept in their first order (stable)', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const byPoints = (a: { points: number }, b: { points: number }) => Math.abs(b.points) - Math.abs(a.points);
    for (let n = 0; n < 500; n++) {
      const items = Array.from({ length: Math.floor(rnd() * 30) }, (_, i) => ({ id: `r${i}`, points: Math.floor(rnd() * 9) - 4 }));
      expect(sortFew([...items], byPoints)).toEqual([...items].sort(byPoints));
    }
  });
});
