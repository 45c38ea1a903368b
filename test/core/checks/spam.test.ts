import { describe, expect, it } from 'vitest';
import { spam } from '../../../src/core/checks/spam.ts';
import { spamReasons, SpamReason, type SpamThresholds } from '../../../src/core/spam.ts';
import { context, measures, flipped as flip } from './measures.ts';

const T: SpamThresholds = {
  upper_case: { min_letters: 12, min_share: 0.7 },
  exclamations: { run: 3, spaced: 4 },
  hashtags: { min: 6 },
  short_post: { below_words: 6, style: ['upper_case', 'exclamations', 'hashtags'] },
};
const labels = Object.fromEntries(SpamReason.options.map((r) => [r, { en: r.replace('_', ' '), de: r }])) as never;
const params = { kind: 'spam', ...T, labels } as const;

describe('spamReasons: the spam rule’s thresholds applied to the measures', () => {
  it.each([
    ['nothing', {}, [], []],
    ['mostly capitals', { letters: 20, upper: 14 }, [], ['upper_case']],
    ['capitals just below the share', { letters: 20, upper: 13 }, [], []],
    ['capitals in too short a text', { letters: 11, upper: 11 }, [], []],
    ['three "!" in a row', { exclamations: { run: 3, spaced: 3 } }, [], ['exclamations']],
    ['four spaced "!"', { exclamations: { run: 1, spaced: 4 } }, [], ['exclamations']],
    ['two "!"', { exclamations: { run: 2, spaced: 2 } }, [], []],
    ['six hashtags', { hashtags: 6 }, [], ['hashtags']],
    ['five hashtags', { hashtags: 5 }, [], []],
    ['markup, hidden characters, mass mention, in that order', { markup: { javascriptLink: true, scriptTag: true }, massMention: true, hidden: { zeroWidth: 0, bidiControls: 1, controls: 0, loneSurrogates: 0 } }, [], ['javascript_link', 'script_tag', 'bidi_control', 'mass_mention']],
    ['lexicon hits come first', { hashtags: 7 }, ['engagement_bait'], ['engagement_bait', 'hashtags']],
    ['one style reason on a short post is emphasis', { words: 5, hashtags: 6 }, [], []],
    ['two style reasons on a short post are spam', { words: 5, hashtags: 6, exclamations: { run: 3, spaced: 3 } }, [], ['exclamations', 'hashtags']],
    ['a lexicon hit on a short post stays', { words: 3 }, ['engagement_bait'], ['engagement_bait']],
  ] as const)('%s', (_, m, hits, expected) => {
    expect(spamReasons(measures(m as never), hits, T)).toEqual(expected);
  });

  it('without thresholds only markup, hidden characters, mass mentions and lexicons count', () => {
    expect(spamReasons(measures({ hashtags: 9, massMention: true }), [], undefined)).toEqual(['mass_mention']);
  });
});

describe('spam: the check kind names the reasons the detect stage found', () => {
  it('holds with the labels in the reply language, and not without reasons', () => {
    expect(spam.run(measures({ spam: ['upper_case', 'mass_mention'] }), params, context())).toEqual({ reasons: 'upper case, mass mention' });
    expect(spam.run(measures(), params, context())).toBeNull();
  });

  it('flip removes the reasons', () => {
    const before = measures({ spam: ['hashtags'] });
    expect(spam.run(flip(spam, before, params), params, context())).toBeNull();
  });

  it('rejects a threshold of the wrong type and an unknown reason label', () => {
    expect(spam.params.safeParse({ ...params, hashtags: { min: 'six' } }).success).toBe(false);
    expect(spam.params.safeParse({ ...params, labels: { ...(params.labels as object), shouting: { en: 'a', de: 'b' } } }).success).toBe(false);
  });
});
