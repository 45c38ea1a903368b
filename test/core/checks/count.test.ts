import { describe, expect, it } from 'vitest';
import { count } from '../../../src/core/checks/count.ts';
import { context, measures, flipped as flip } from './measures.ts';

describe('count: holds when something countable is outside min..max', () => {
  it.each([
    // [what, measures, params, result]
    ['too many hashtags', { hashtags: 4 }, { of: 'hashtags', max: 3 }, { actual: 4, max: 3 }],
    ['hashtags at the maximum', { hashtags: 3 }, { of: 'hashtags', max: 3 }, null],
    ['too few words', { words: 2 }, { of: 'words', min: 5 }, { actual: 2, min: 5 }],
    ['words at the minimum', { words: 5 }, { of: 'words', min: 5 }, null],
    ['within both bounds', { emojis: 2 }, { of: 'emojis', min: 1, max: 3 }, null],
    ['over the maximum of both', { mentions: 9 }, { of: 'mentions', min: 1, max: 3 }, { actual: 9, max: 3 }],
  ] as const)('%s', (_, m, p, result) => {
    expect(count.run(measures(m), { kind: 'count', ...p }, context())).toEqual(result);
  });

  it.each([
    ['down to the maximum', { hashtags: 7 }, { of: 'hashtags', max: 3 }, 3],
    ['up to the minimum', { words: 1 }, { of: 'words', min: 5 }, 5],
    ['unchanged when within', { words: 6 }, { of: 'words', min: 5 }, 6],
  ] as const)('flip moves the count %s', (_, m, p, after) => {
    const flipped = flip(count, measures(m), { kind: 'count', ...p });
    expect(flipped[p.of]).toBe(after);
    expect(count.run(flipped, { kind: 'count', ...p }, context())).toBeNull();
  });

  it('needs min, max or both', () => {
    expect(count.params.safeParse({ kind: 'count', of: 'words' }).success).toBe(false);
  });
});
