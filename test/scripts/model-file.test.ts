// The model file `npm run train` writes: which weights it keeps, and that the engine reads it back.
import { describe, expect, it } from 'vitest';
import { ModelSchema } from '../../src/core/model.ts';
import { LABELS, LEXICAL_FLOOR, modelFile, pruned } from '../../scripts/training-set.ts';

const setting = { lambda: 0.001, lexicalPenalty: 1, minCount: 2, iterations: 10 };
const row = (v: number) => LABELS.map((_, i) => (i === 0 ? v : 0));
const model = {
  vocabulary: ['b:shop_now', 'frame:you_qmark', 'link', 'not:w:gratis', 'w:sale', 'w:the'],
  bias: LABELS.map(() => -2),
  weights: [row(0.5), row(0.02), row(0.005), row(LEXICAL_FLOOR / 2), row(-LEXICAL_FLOOR * 2), row(LEXICAL_FLOOR / 2)],
};

describe('the model file', () => {
  it('keeps stems and bigrams that move a label by the lexical floor or more, other features from 0.01', () => {
    const file = modelFile(model, LABELS.map(() => 0.5), true, setting, 6, []);
    expect(Object.keys(file.weights)).toEqual(['b:shop_now', 'frame:you_qmark', 'w:sale']);
    expect(ModelSchema.safeParse(file).success).toBe(true);
  });

  it('scores out of fold with what the file keeps: pruning zeroes exactly the rows the file leaves out', () => {
    const kept = pruned(model);
    const file = modelFile(model, LABELS.map(() => 0.5), true, setting, 6, []);
    kept.vocabulary.forEach((f, j) => expect(kept.weights[j]!.some((v) => v !== 0)).toBe(f in file.weights));
  });
});
