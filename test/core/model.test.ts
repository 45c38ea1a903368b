// The learned layer's arithmetic on a small model written here: which labels it reports and the
// features it names as the strongest reasons.
import { describe, expect, it } from 'vitest';
import { compileModel, predict, type ModelFile } from '../../src/core/model.ts';

const file: ModelFile = {
  version: 1,
  bigrams: false,
  labels: ['discount', 'contest'],
  thresholds: [0.5, 0.5],
  bias: [-1, -1],
  weights: {
    'w:sale': [2, -1],
    'w:off': [0.5, 0],
    'w:code': [0.5, 0],
    'w:now': [0.5, 0.25],
    'w:win': [-0.5, 3],
    'lang:en': [3, 3],
    percent: [1.5, 0],
  },
  trained: { posts: 0, sources: [], lambda: 0, iterations: 0, minCount: 0 },
};
const model = compileModel(file);

/** The reference: every feature that pushed the label up, not background, strongest first, ties in read order. */
function reference(features: string[], label: number): string[] {
  return features
    .map((f, order) => ({ f, order, w: file.weights[f]?.[label] ?? 0 }))
    .filter((x) => x.w > 0 && !x.f.startsWith('lang:'))
    .sort((a, b) => b.w - a.w || a.order - b.order)
    .slice(0, 3)
    .map((x) => x.f);
}

describe('predict', () => {
  it('reports the labels at their threshold, with the logistic probability of bias plus weights', () => {
    const [d] = predict(model, ['w:sale', 'percent']);
    expect(d!.label).toBe('discount');
    expect(d!.probability).toBeCloseTo(1 / (1 + Math.exp(-2.5)), 12);
    expect(predict(model, ['w:now'])).toEqual([]);
  });

  it('names the three strongest features, ties in the order they were read, never background or negative ones', () => {
    const orders = [
      ['lang:en', 'w:off', 'w:code', 'w:now', 'w:sale', 'percent', 'w:win'],
      ['w:now', 'w:code', 'w:off', 'lang:en', 'w:win'],
      ['percent', 'w:sale', 'w:code', 'w:now', 'w:off'],
      ['w:win', 'lang:en', 'w:now'],
      ['w:code', 'w:sale'],
    ];
    for (const features of orders) {
      for (const d of predict(model, features)) expect(d.cues, `${d.label} of ${features.join(' ')}`).toEqual(reference(features, file.labels.indexOf(d.label)));
    }
  });
});

describe('the sums of the real model', () => {
  it('are, to the bit, bias plus each feature’s weight in read order, for every label', async () => {
    const { realAdvisor } = await import('../support/advisor.ts');
    const { predictIds } = await import('../../src/core/model.ts');
    const real = realAdvisor().measureContext.model!;
    const n = real.labels.length;
    const rows = real.space.names.length;
    let seed = 21;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    // why low thresholds: every label is reported, so every sum shows in a probability
    const all = { ...real, thresholds: new Float64Array(n) };
    for (let post = 0; post < 300; post++) {
      const count = Math.floor(rnd() * 150);
      const hits = Int32Array.from({ length: count }, () => Math.floor(rnd() * rows));
      const expected = Array.from({ length: n }, (_, i) => {
        let z = real.bias[i]!;
        for (let k = 0; k < count; k++) z += real.table[hits[k]! * n + i]!;
        return 1 / (1 + Math.exp(-z));
      });
      expect(predictIds(all, hits, count).map((d) => d.probability)).toEqual(expected);
    }
  });
});
