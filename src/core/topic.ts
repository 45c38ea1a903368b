import { CategoryId } from './category.ts';

/**
 * The topics a scored post can have missed (src/core/misses.ts) and so the only ones a daily tip can
 * name: the content categories, the signals and the format checks. A tip with another topic would
 * never be preferred, so rules/findings/tips.yml is checked against this list.
 */
export const TIP_TOPICS: readonly string[] = [...CategoryId.options, 'privacy_ask', 'spam_signals', 'tracking_link', 'link_shortener', 'length', 'hashtags'];
