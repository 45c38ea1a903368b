import { describe, expect, it } from 'vitest';
import { deserialize, serialize } from 'node:v8';
import { bigramData, BigramTable } from '../../src/core/bigram-table.ts';

describe('the bigram table', () => {
  // why many: enough pairs that slots collide and probing is exercised
  const firsts = Array.from({ length: 60 }, (_, i) => `a${i}`);
  const seconds = Array.from({ length: 40 }, (_, i) => `b${i}`);
  const names = ['w:a0', 'cue:discount', ...firsts.flatMap((a, i) => seconds.filter((_, j) => (i + j) % 3 === 0).map((b) => `b:${a}_${b}`)), 'b:shop_now', 'b:#_%'];
  const table = new BigramTable(bigramData(names));
  const idOf = (a: string, b: string) => {
    const x = table.firstOf(a);
    const y = table.secondOf(b);
    return x === -1 || y === -1 ? -1 : table.get(x, y);
  };

  it('finds every bigram of the space at its id', () => {
    names.forEach((name, id) => {
      if (!name.startsWith('b:')) return;
      const cut = name.indexOf('_', 2);
      expect(idOf(name.slice(2, cut), name.slice(cut + 1))).toBe(id);
    });
  });

  it('finds no pair the space lacks, nor a stem in the other place', () => {
    expect(idOf('a1', 'b1')).toBe(-1);
    expect(idOf('now', 'shop')).toBe(-1);
    expect(table.firstOf('b0')).toBe(-1);
    expect(table.secondOf('a0')).toBe(-1);
    expect(table.firstOf('cue')).toBe(-1);
  });

  it('works the same from its data after a round trip through the build snapshot (V8\'s serializer)', () => {
    const copy = new BigramTable(deserialize(serialize(bigramData(names))));
    names.forEach((name, id) => {
      if (!name.startsWith('b:')) return;
      const cut = name.indexOf('_', 2);
      expect(copy.get(copy.firstOf(name.slice(2, cut)), copy.secondOf(name.slice(cut + 1)))).toBe(id);
    });
    expect(copy.firstOf('b0')).toBe(-1);
  });
});
