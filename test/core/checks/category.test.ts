import { describe, expect, it } from 'vitest';
import { category } from '../../../src/core/checks/category.ts';
import { context, found, measures, flipped as flip } from './measures.ts';

describe('category: holds when the post offers a content category', () => {
  it.each([
    ['a deal found, worded in English', { discount: found('discount', '20% off') }, 'en', { match: '20% off', category: 'A deal' }],
    ['a deal found, worded in German', { discount: found('discount', '20 % Rabatt') }, 'de', { match: '20 % Rabatt', category: 'Ein Angebot' }],
    ['only another category', { product_news: found('product_news') }, 'en', null],
    ['nothing', {}, 'en', null],
    ['switched off by a what-if', { discount: undefined }, 'en', null],
  ] as const)('%s', (_, categories, replyLang, result) => {
    expect(category.run(measures({ categories }), { kind: 'category', category: 'discount' }, context({ replyLang }))).toEqual(result);
  });

  it('holds without wording its vars while re-scoring what-ifs', () => {
    expect(category.run(measures({ categories: { discount: found('discount') } }), { kind: 'category', category: 'discount' }, context({ wording: false }))).toEqual({});
  });

  it.each([
    ['adds a missing category', {}, true],
    ['removes a present one', { discount: found('discount') }, false],
  ] as const)('flip %s', (_, categories, holdsAfter) => {
    const p = { kind: 'category', category: 'discount' } as const;
    const flipped = flip(category, measures({ categories }), p);
    expect(category.run(flipped, p, context()) !== null).toBe(holdsAfter);
  });
});
