import { describe, expect, it } from 'vitest';
import { bestThreshold, fitBinary, gradientNorm, probabilities, train, type Example } from '../../src/core/learn.ts';

const examples: Example[] = [
  { features: ['w:sale', 'percent'], labels: ['discount'] },
  { features: ['w:sale', 'link'], labels: ['discount', 'purchase_cta'] },
  { features: ['w:win', 'w:prize'], labels: ['contest'] },
  { features: ['w:win', 'w:sale'], labels: ['contest', 'discount'] },
  { features: ['w:shop', 'link'], labels: ['purchase_cta'] },
  { features: ['w:hello'], labels: [] },
  { features: ['w:hello', 'w:sale'], labels: [], known: ['discount'] },
];
const options = { labels: ['discount', 'purchase_cta', 'contest'], lambda: 0.01, iterations: 400, minCount: 1 };

describe('the learned layer’s trainer', () => {
  it('is deterministic: the same data gives the same weights', () => {
    expect(JSON.stringify(train(examples, options))).toBe(JSON.stringify(train(examples, options)));
  });

  it('reaches the optimum of its objective (the gradient vanishes there)', () => {
    const rows = [Int32Array.of(0), Int32Array.of(0, 1), Int32Array.of(1), Int32Array.of(), Int32Array.of(0)];
    const y = [1, 1, 0, 0, 0];
    const { w, b } = fitBinary(rows, y, 2, 0.05, 2000);
    expect(gradientNorm(rows, y, w, b, 0.05)).toBeLessThan(1e-6);
  });

  it('matches a known solution: one feature, no regularisation, the log-odds of the data', () => {
    // 3 of 4 posts with the feature are positive, 1 of 4 without: weight = log(3) − log(1/3), bias = log(1/3)
    const rows = [...Array(4)].map(() => Int32Array.of(0)).concat([...Array(4)].map(() => Int32Array.of()));
    const y = [1, 1, 1, 0, 1, 0, 0, 0];
    const { w, b } = fitBinary(rows, y, 1, 0, 5000);
    expect(b).toBeCloseTo(Math.log(1 / 3), 3);
    expect(w[0]!).toBeCloseTo(Math.log(3) - Math.log(1 / 3), 3);
  });

  it('learns what the data says, and a partial example speaks only for its label', () => {
    const model = train(examples, options);
    const [sale, hello] = probabilities(model, [{ features: ['w:sale'], labels: [] }, { features: ['w:hello'], labels: [] }]);
    expect(sale![0]!).toBeGreaterThan(0.5);
    expect(hello![0]!).toBeLessThan(0.5);
  });

  it('picks the threshold with the best F1', () => {
    expect(bestThreshold([0.9, 0.8, 0.35, 0.2], [1, 1, 0, 0]).f1).toBe(1);
  });
});
