import { describe, expect, it } from 'vitest';
import { limit } from '../../../src/core/checks/limit.ts';
import { context, measures, flipped as flip } from './measures.ts';

describe('limit: holds when the post is longer than its platform allows', () => {
  it.each([
    ['X, 281 of 280', { platform: 'twitter', weighted: 281, limit: 280 }, { length: 281, limit: 280, over: 1 }],
    ['X, 280 of 280', { platform: 'twitter', weighted: 280, limit: 280 }, null],
    ['Facebook, 63,207 of 63,206', { weighted: 63_207, limit: 63_206 }, { length: 63_207, limit: 63_206, over: 1 }],
    ['Facebook, short', { weighted: 12, limit: 63_206 }, null],
  ] as const)('%s', (_, m, result) => {
    expect(limit.run(measures(m), { kind: 'limit' }, context())).toEqual(result);
  });

  it('flip cuts the post to the limit', () => {
    const flipped = flip(limit, measures({ weighted: 300, limit: 280 }), { kind: 'limit' });
    expect(flipped.weighted).toBe(280);
    expect(limit.run(flipped, { kind: 'limit' }, context())).toBeNull();
  });
});
