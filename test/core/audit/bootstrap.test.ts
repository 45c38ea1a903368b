import { describe, expect, it } from 'vitest';
import { bootstrapMedianRatio, medianSorted, quantileSorted, resampledMedian, seededBinomial } from '../../../src/core/audit/bootstrap.ts';

/** A plain bootstrap: draw n indices with replacement, sort, take the median. The reference. */
function naiveResampledMedian(sorted: Float64Array, next: () => number): number {
  const n = sorted.length;
  const draw = new Float64Array(n);
  for (let i = 0; i < n; i++) draw[i] = sorted[Math.floor(next() * n)]!;
  return medianSorted(draw.sort());
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function skewed(n: number, seed: number): Float64Array {
  const next = lcg(seed);
  return Float64Array.from({ length: n }, () => -Math.log(1 - next()) * 0.02).sort();
}

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(medianSorted([1, 2, 9])).toBe(2);
    expect(medianSorted([1, 2, 4, 9])).toBe(3);
    expect(medianSorted([])).toBeNaN();
  });

  it('quantiles interpolate between neighbours', () => {
    expect(quantileSorted([0, 10], 0.05)).toBeCloseTo(0.5);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
  });
});

describe('resampled median without resampling', () => {
  it('gives each possible median as often as resampling and sorting does (odd and even sizes)', () => {
    for (const n of [7, 8]) {
      const data = Float64Array.from({ length: n }, (_, i) => i * i);
      const draw = seededBinomial(1);
      const next = lcg(99);
      const fast = new Map<number, number>();
      const slow = new Map<number, number>();
      const draws = 20_000;
      for (let i = 0; i < draws; i++) {
        const f = resampledMedian(data, draw);
        fast.set(f, (fast.get(f) ?? 0) + 1);
        const s = naiveResampledMedian(data, next);
        slow.set(s, (slow.get(s) ?? 0) + 1);
      }
      for (const value of new Set([...fast.keys(), ...slow.keys()])) expect(Math.abs((fast.get(value) ?? 0) - (slow.get(value) ?? 0)) / draws).toBeLessThan(0.015);
      expect(Math.max(...fast.keys())).toBeLessThanOrEqual(data[n - 1]!);
    }
  });

  it('matches resampling and sorting in its quantiles on a larger skewed sample', () => {
    const data = skewed(41, 41);
    const draw = seededBinomial(2);
    const next = lcg(7);
    const fast = Float64Array.from({ length: 4000 }, () => resampledMedian(data, draw)).sort();
    const slow = Float64Array.from({ length: 4000 }, () => naiveResampledMedian(data, next)).sort();
    const spread = quantileSorted(slow, 0.95) - quantileSorted(slow, 0.05);
    for (const q of [0.05, 0.25, 0.5, 0.75, 0.95]) expect(Math.abs(quantileSorted(fast, q) - quantileSorted(slow, q))).toBeLessThan(spread * 0.1);
  });
});

describe('bootstrap interval of a median ratio', () => {
  it('is the same on every run with the same seed, and differs with another seed', () => {
    const a = skewed(50, 1);
    const b = skewed(200, 2);
    const one = bootstrapMedianRatio(a, b, { seed: 7, resamples: 500, level: 0.9 });
    expect(bootstrapMedianRatio(a, b, { seed: 7, resamples: 500, level: 0.9 })).toEqual(one);
    expect(bootstrapMedianRatio(a, b, { seed: 8, resamples: 500, level: 0.9 })).not.toEqual(one);
    expect(one.low).toBeLessThan(one.ratio);
    expect(one.high).toBeGreaterThan(one.ratio);
  });

  it('finds a real difference: twice the engagement gives an interval above 1 around 2', () => {
    const b = skewed(300, 3);
    const a = skewed(100, 9).map((x) => x * 2);
    const r = bootstrapMedianRatio(a, b, { seed: 1, resamples: 1000, level: 0.9 });
    expect(r.low).toBeGreaterThan(1);
    expect(r.low).toBeLessThan(2);
    expect(r.high).toBeGreaterThan(1.5);
  });

  it('narrows as samples grow', () => {
    const small = bootstrapMedianRatio(skewed(20, 4), skewed(20, 5), { seed: 1, resamples: 1000, level: 0.9 });
    const large = bootstrapMedianRatio(skewed(20_000, 4), skewed(20_000, 5), { seed: 1, resamples: 1000, level: 0.9 });
    expect(large.high - large.low).toBeLessThan((small.high - small.low) / 5);
    expect(large.low).toBeLessThan(1);
    expect(large.high).toBeGreaterThan(1);
  });

  it('gives NaN figures when a group is empty', () => {
    expect(bootstrapMedianRatio(skewed(5, 1), new Float64Array(), { seed: 1, resamples: 10, level: 0.9 }).low).toBeNaN();
  });
});
