import { CategoryId } from './category.ts';
import type { CheckParams } from './checks/index.ts';

/**
 * The topics one rule's check can report a post as missing (misses.ts), shared with the tips
 * catalogue: a category id, a signal (privacy_ask, spam_signals, tracking_link, link_shortener),
 * `length` or `hashtags`. The perception-gap check reports the post's own categories, so any.
 */
export function topicsOf(check: CheckParams): readonly string[] {
  switch (check.kind) {
    case 'category':
      return [check.category];
    case 'signal':
      return [check.signal === 'untracked_link' ? 'tracking_link' : check.signal];
    case 'spam':
      return ['spam_signals'];
    case 'limit':
      return ['length'];
    case 'count':
      return check.of === 'hashtags' ? ['hashtags'] : [];
    case 'offer-mix':
      return CategoryId.options;
    case 'trait':
      return [];
  }
}

/**
 * Every topic the engine can report with these rules, in a stable order: the only topics a daily
 * tip may name (rules/findings/tips.yml is checked against them when rules/ loads), since a tip
 * with another topic would never be preferred.
 */
export function emittableTopics(rules: readonly { check: CheckParams }[]): string[] {
  const all = new Set(rules.flatMap((r) => topicsOf(r.check)));
  return [...all].sort();
}
