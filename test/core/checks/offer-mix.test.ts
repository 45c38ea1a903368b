import { describe, expect, it } from 'vitest';
import { offerMix } from '../../../src/core/checks/offer-mix.ts';
import { context, found, measures } from './measures.ts';

describe('offer-mix: a post with only what companies overrate, or with nothing at all', () => {
  it.each([
    ['only overrated categories', 'only-overrated', { product_news: found('product_news'), company_info: found('company_info') }, { overrated: 'About the company; Product news' }],
    ['an overrated category beside one fans want', 'only-overrated', { product_news: found('product_news'), discount: found('discount') }, null],
    ['only a category fans want', 'only-overrated', { discount: found('discount') }, null],
    ['no category, asked about overrated', 'only-overrated', {}, null],
    ['no category, asked about nothing', 'nothing', {}, { overrated: '' }],
    ['a category, asked about nothing', 'nothing', { discount: found('discount') }, null],
    ['a category switched off by a what-if', 'nothing', { discount: undefined }, { overrated: '' }],
  ] as const)('%s', (_, when, categories, result) => {
    expect(offerMix.run(measures({ categories }), { kind: 'offer-mix', when }, context())).toEqual(result);
  });

  it('does not word the list while re-scoring what-ifs', () => {
    expect(offerMix.run(measures({ categories: { product_news: found('product_news') } }), { kind: 'offer-mix', when: 'only-overrated' }, context({ wording: false }))).toEqual({ overrated: '' });
  });
});
