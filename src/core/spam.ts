import { z } from 'zod';
import type { Measures } from './measure.ts';

// What counts as spam: the thresholds are data, the `check:` block of the spam rule
// (rules/risk/spam.yml, check kind `spam`, checks/spam.ts); this applies them to a post's measures
// and its risk-lexicon hits. The detect stage calls it once per post, so the learned layer, the
// band and the reply all see the same reasons.

export const SpamReason = z.enum([
  'upper_case',
  'exclamations',
  'hashtags',
  'engagement_bait',
  'javascript_link',
  'script_tag',
  'bidi_control',
  'addressed_to_scorer',
  'mass_mention',
]);
export type SpamReason = z.infer<typeof SpamReason>;

const Count = z.number().int().min(1);

/** The thresholds of the style reasons; the other reasons (markup, hidden characters, lexicons) have none. */
export const SpamThresholds = z.strictObject({
  /** Mostly capitals: at least `min_share` of the letters upper-case, in a post of at least `min_letters` letters. */
  upper_case: z.strictObject({ min_letters: Count, min_share: z.number().gt(0).max(1) }),
  /** A run of exclamation marks: `run` in a row, or `spaced` with at most three spaces between them. */
  exclamations: z.strictObject({ run: Count, spaced: Count }),
  /** At least `min` hashtags. */
  hashtags: z.strictObject({ min: Count }),
  /** In a post of fewer than `below_words` words, one of the `style` reasons alone is emphasis, not spam. */
  short_post: z.strictObject({ below_words: Count, style: z.array(SpamReason).min(1) }),
});
export type SpamThresholds = z.infer<typeof SpamThresholds>;

/**
 * The spam reasons of a post, in a fixed order: the risk lexicons that hit (engagement bait, text
 * addressed to the scorer), then the style reasons over their thresholds, then markup, hidden
 * text-direction characters and mass mentions. Without thresholds only the latter count.
 */
export function spamReasons(m: Measures, lexiconHits: readonly SpamReason[], t: SpamThresholds | undefined): SpamReason[] {
  const spam: SpamReason[] = [...lexiconHits];
  if (t) {
    if (m.letters >= t.upper_case.min_letters && m.upper / m.letters >= t.upper_case.min_share) spam.push('upper_case');
    if (m.exclamations.run >= t.exclamations.run || m.exclamations.spaced >= t.exclamations.spaced) spam.push('exclamations');
    if (m.hashtags >= t.hashtags.min) spam.push('hashtags');
  }
  if (m.markup.javascriptLink) spam.push('javascript_link');
  if (m.markup.scriptTag) spam.push('script_tag');
  if (m.hidden.bidiControls > 0) spam.push('bidi_control');
  if (m.massMention) spam.push('mass_mention');
  // why: one style signal on a short post is emphasis ("REMINDER TO APPLY YOUR SPF"), not spam
  if (t && m.words < t.short_post.below_words && spam.length === 1 && t.short_post.style.includes(spam[0]!)) spam.length = 0;
  return spam;
}
